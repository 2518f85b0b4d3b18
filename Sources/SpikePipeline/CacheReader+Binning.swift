import Foundation
import SpikeCache
import SpikeTransforms

extension CacheReader {
    /// The binning recorded in the cache's `transform` attribute (`{"binning": …, "transforms": …}`).
    public func recordedBinning() throws(AugmentationError) -> FrameBinning {
        struct Recorded: Decodable { let binning: FrameBinning }
        guard let json = attributes[CacheLayout.Attribute.transform] else {
            throw .noBinning(path: path, reason: "no 'transform' attribute")
        }
        do { return try JSONDecoder().decode(Recorded.self, from: Data(json.utf8)).binning } catch {
            throw .noBinning(path: path, reason: "its 'transform' attribute has no valid binning: \(error)")
        }
    }
}
