import Foundation

/// One line of the training log (JSON lines, one object per epoch, exactly these keys).
public struct EpochRecord: Sendable, Codable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var testLoss: Double
    public var testAccuracy: Double
    /// Training samples per second of this epoch (training steps only, not the test pass).
    public var samplesPerS: Double
    /// The learning rate of the epoch's last optimizer step.
    public var learningRate: Double
    /// Wall time of the epoch: training and the test pass.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case epoch, seconds
        case trainLoss = "train_loss", trainAccuracy = "train_accuracy", testLoss = "test_loss"
        case testAccuracy = "test_accuracy", samplesPerS = "samples_per_s", learningRate = "learning_rate"
    }

    /// The record as one JSON line (sorted keys, no trailing newline).
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads a log written by the trainer (blank lines ignored).
    public static func readLog(path: String) throws -> [EpochRecord] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.isEmpty }.map {
            try JSONDecoder().decode(EpochRecord.self, from: Data($0.utf8))
        }
    }
}
