import SpikeDatasets
import SpikeFormats
import SpikeModel
import SpikeTransforms

extension StreamModel {
    /// The streaming form of a trained model: its network and weights, pre-cache transforms and input mode, and
    /// its binning, which must slice by time window unless `timeWindow` (µs) replaces the slicing.
    public init(checkpoint: ModelCheckpoint, timeWindow: Int64? = nil) throws(StreamError) {
        let config = checkpoint.config
        var binning = config.binning.frameBinning
        if let representation = binning.representation {
            throw .representationNotStreamable(representation: "\(representation)")
        }
        if let timeWindow {
            binning.slicing = .timeWindow(timeWindow)
        } else if case .nTimeBins(let bins) = binning.slicing {
            // T bins stretch over the whole sample, whose end a stream only sees when it comes.
            throw .unsupportedBinning(reason: "it was trained on time_bins: \(bins), i.e. \(bins) frames per "
                + "sample whatever the sample lasts; a window of about (mean sample duration) / \(bins) µs "
                + "approximates that")
        }
        do {
            try self.init(network: checkpoint.makeNetwork(), binning: binning,
                          transforms: try config.preCacheTransforms, binaryInput: config.network.input == .binary)
        } catch let error as StreamError {
            throw error
        } catch {
            throw .model(reason: "\(error)")
        }
    }
}

extension StreamFormat {
    /// The format the dataset's files use, and so what a model trained on it expects to be streamed; `nil` for a
    /// dataset whose recordings are no stream (`DatasetDescriptor.streamFormat`).
    public init?(dataset: DatasetName) {
        guard let format = dataset.descriptor.streamFormat.flatMap(StreamFormat.init(rawValue:)) else { return nil }
        self = format
    }
}
