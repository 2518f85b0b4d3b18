/// The geometry of an event sensor: `width` columns, `height` rows, and the number of polarity channels.
///
/// Convention for every dataset (docs/DATASETS.md): `x` is the column, `y` the row, origin top-left,
/// and polarity `1` means ON (brighter).
public struct SensorSize: Hashable, Codable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public var polarities: Int

    public init(width: Int, height: Int, polarities: Int = 2) {
        self.width = width
        self.height = height
        self.polarities = polarities
    }

    public static let nmnist = SensorSize(width: 34, height: 34)
    public static let dvs128 = SensorSize(width: 128, height: 128)

    public var pixelCount: Int { width * height }
    public var description: String { "\(width)×\(height)×\(polarities)" }
}
