import Foundation

/// One line of the training log (JSON lines, one object per epoch, exactly these keys).
public struct EpochRecord: Sendable, Codable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var testLoss: Double
    public var testAccuracy: Double
    /// Mean per-class recall on the evaluated split, and each class's recall (nil: no samples of it); logs written
    /// before these existed read as 0 and [].
    public var testBalancedAccuracy: Double
    public var testPerClassAccuracy: [Double?]
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
        case testBalancedAccuracy = "test_balanced_accuracy", testPerClassAccuracy = "test_per_class_accuracy"
    }

    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, testLoss: Double, testAccuracy: Double,
                testBalancedAccuracy: Double, testPerClassAccuracy: [Double?], samplesPerS: Double,
                learningRate: Double, seconds: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.testBalancedAccuracy = testBalancedAccuracy
        self.testPerClassAccuracy = testPerClassAccuracy
        self.samplesPerS = samplesPerS
        self.learningRate = learningRate
        self.seconds = seconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(epoch: try c.decode(Int.self, forKey: .epoch), trainLoss: try c.decode(Double.self, forKey: .trainLoss),
                  trainAccuracy: try c.decode(Double.self, forKey: .trainAccuracy),
                  testLoss: try c.decode(Double.self, forKey: .testLoss),
                  testAccuracy: try c.decode(Double.self, forKey: .testAccuracy),
                  testBalancedAccuracy: try c.decodeIfPresent(Double.self, forKey: .testBalancedAccuracy) ?? 0,
                  testPerClassAccuracy: try c.decodeIfPresent([Double?].self, forKey: .testPerClassAccuracy) ?? [],
                  samplesPerS: try c.decode(Double.self, forKey: .samplesPerS),
                  learningRate: try c.decode(Double.self, forKey: .learningRate),
                  seconds: try c.decode(Double.self, forKey: .seconds))
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
