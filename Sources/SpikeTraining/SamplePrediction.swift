import Foundation

/// One evaluated sample: its cache id (the dataset-relative file path), true label, predicted class and the output
/// layer's values summed over the sample's time steps, per class (its spike counts when the output layer spikes).
public struct SamplePrediction: Sendable, Codable, Equatable {
    public var id: String
    public var label: Int
    public var prediction: Int
    public var output: [Float]?

    public init(id: String, label: Int, prediction: Int, output: [Float]? = nil) {
        self.id = id
        self.label = label
        self.prediction = prediction
        self.output = output
    }

    /// `{"id":…,"label":…,"output":[…],"prediction":…}` lines, one per sample, in the order given.
    public static func jsonLines(_ predictions: [SamplePrediction]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try predictions.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}
