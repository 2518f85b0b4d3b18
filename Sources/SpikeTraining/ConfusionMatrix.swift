/// Counts of (true class, predicted class) pairs: `counts[t][p]`.
public struct ConfusionMatrix: Sendable, Codable, Equatable {
    public var counts: [[Int]]

    /// Labels and predictions outside `0..<classes` are not counted.
    public init(labels: [Int], predictions: [Int], classes: Int) {
        counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for (t, p) in zip(labels, predictions) where (0..<classes).contains(t) && (0..<classes).contains(p) {
            counts[t][p] += 1
        }
    }

    public var total: Int { counts.joined().reduce(0, +) }
    public var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Recall of each class (correct / samples of that class), `nil` for a class without samples.
    /// JSON: the bare `[[Int]]` rows.
    public init(from decoder: any Decoder) throws { counts = try decoder.singleValueContainer().decode([[Int]].self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(counts)
    }

    /// The mean recall over the classes that have samples: a model that always predicts one class scores 1/K
    /// however unbalanced the split (plain accuracy rewards it with that class's share).
    public var balancedAccuracy: Double {
        let recalls = perClassAccuracy.compactMap { $0 }
        return recalls.isEmpty ? 0 : recalls.reduce(0, +) / Double(recalls.count)
    }

    public var perClassAccuracy: [Double?] {
        counts.indices.map { c in
            let n = counts[c].reduce(0, +)
            return n == 0 ? nil : Double(counts[c][c]) / Double(n)
        }
    }
}
