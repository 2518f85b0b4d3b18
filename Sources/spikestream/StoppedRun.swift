import Foundation
import SpikeModel

/// A training run that stopped with an error after it started: the error, and where the run can continue from
/// (the checkpoint of the last finished epoch is written crash-safe, so a failed epoch leaves it as it was).
struct StoppedRun: Error, CustomStringConvertible {
    let cause: any Error
    let checkpoint: String

    var description: String {
        guard let saved = try? ModelCheckpoint.read(path: checkpoint) else { return "\(cause)" }
        return "\(cause)\nThe checkpoint of epoch \(saved.epoch), '\(checkpoint)', is intact: continue from it with --resume."
    }
}
