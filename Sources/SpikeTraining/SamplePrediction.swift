import Foundation

/// One evaluated sample: its cache id (the dataset-relative file path), true label and predicted class.
public struct SamplePrediction: Sendable, Codable, Equatable {
    public var id: String
    public var label: Int
    public var prediction: Int

    public init(id: String, label: Int, prediction: Int) {
        self.id = id
        self.label = label
        self.prediction = prediction
    }

    /// `{"id":…,"label":…,"prediction":…}` lines, one per sample, in the order given.
    public static func jsonLines(_ predictions: [SamplePrediction]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try predictions.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}
