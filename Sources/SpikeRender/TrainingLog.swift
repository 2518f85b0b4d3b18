import Foundation
import SpikeEvents

/// One epoch of a training log. Every value but the epoch may be absent.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double?
    public var trainAccuracy: Double?
    public var testLoss: Double?
    public var testAccuracy: Double?
    public var samplesPerSecond: Double?
    public var learningRate: Double?
    public var seconds: Double?

    public init(epoch: Int, trainLoss: Double? = nil, trainAccuracy: Double? = nil, testLoss: Double? = nil,
                testAccuracy: Double? = nil, samplesPerSecond: Double? = nil, learningRate: Double? = nil,
                seconds: Double? = nil) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.samplesPerSecond = samplesPerSecond
        self.learningRate = learningRate
        self.seconds = seconds
    }
}

/// A training log in JSON lines: one object per epoch with the keys `epoch`, `train_loss`, `train_accuracy`,
/// `test_loss`, `test_accuracy`, `samples_per_s`, `learning_rate`, `seconds`. Missing keys and `null`
/// values are skipped, other keys ignored, blank lines allowed; a line without `epoch` is the epoch after the
/// previous one (the first is 1). Anything else (not JSON, not an object, a non-numeric value) is an error
/// naming the line.
public struct TrainingLog: Sendable, Equatable {
    public var records: [EpochRecord]

    public init(records: [EpochRecord]) {
        self.records = records
    }

    /// Reads the log at `path`.
    public init(path: String) throws(RenderError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .cannotRead(path: path, reason: readableReason(error))
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses log `text`; `path` names it in errors.
    public init(text: String, path: String) throws(RenderError) {
        var records: [EpochRecord] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            do {
                let parsed = try JSONDecoder().decode(LogLine.self, from: Data(line.utf8))
                var record = parsed.record
                record.epoch = parsed.epoch ?? (records.last.map { $0.epoch + 1 } ?? 1)
                records.append(record)
            } catch {
                throw .malformedLogLine(path: path, line: i + 1, reason: Self.reason(error))
            }
        }
        self.records = records
    }

    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let context)?:
            if let key = context.codingPath.last?.stringValue { return "\"\(key)\" is not a number" }
            return "not a JSON object"
        case .dataCorrupted?: return "not valid JSON"
        default: return "\(error)"
        }
    }
}

/// One decoded line: the epoch if present, the values under their log keys.
private struct LogLine: Decodable {
    let epoch: Int?
    let record: EpochRecord

    private enum Key: String, CodingKey {
        case epoch, train_loss, train_accuracy, test_loss, test_accuracy, samples_per_s, learning_rate, seconds
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func value(_ key: Key) throws -> Double? { try c.decodeIfPresent(Double.self, forKey: key) }
        epoch = try c.decodeIfPresent(Int.self, forKey: .epoch)
        record = EpochRecord(epoch: 0, trainLoss: try value(.train_loss), trainAccuracy: try value(.train_accuracy),
                             testLoss: try value(.test_loss), testAccuracy: try value(.test_accuracy),
                             samplesPerSecond: try value(.samples_per_s), learningRate: try value(.learning_rate),
                             seconds: try value(.seconds))
    }
}
