import SpikeAudio
import SpikeTransforms

extension PipelineConfig {
    /// The binning `preprocess` records in this pipeline's cache: the pipeline's own, except that an audio dataset
    /// bins every clip over the fixed span of its audio encoding (0 … 999 999 µs for 1 s at 16 kHz) where the
    /// pipeline gives no start or end. Comparing a cache with this, not with `binning.frameBinning`, keeps `infer`
    /// from calling a speech pipeline's own cache "binned otherwise".
    public var cacheBinning: FrameBinning {
        var binning = self.binning.frameBinning
        guard dataset.name.descriptor.settings.contains(.audioEncoding), binning.representation == nil else { return binning }
        let span = AudioEventEncoding().span()
        binning.start = binning.start ?? span.start
        binning.end = binning.end ?? span.end
        return binning
    }
}
