/// One NumPy array as `.npy` stores it: its element type, shape (row-major, `[]` for a 0-d array) and values,
/// widened to `Double` (exact for every integer a gradient case holds, |n| < 2^53).
public struct NumPyArray: Sendable, Equatable {
    /// The element types `.npy` files may hold that we read; we write `float64` and `int64`.
    public enum DType: String, Sendable, CaseIterable {
        case float64 = "<f8", float32 = "<f4", int64 = "<i8", int32 = "<i4", int16 = "<i2", int8 = "|i1"
        case uint64 = "<u8", uint32 = "<u4", uint16 = "<u2", uint8 = "|u1", bool = "|b1"

        var size: Int {
            switch self {
            case .float64, .int64, .uint64: 8
            case .float32, .int32, .uint32: 4
            case .int16, .uint16: 2
            case .int8, .uint8, .bool: 1
            }
        }

        var isInteger: Bool { self != .float64 && self != .float32 }
    }

    public let dtype: DType
    public let shape: [Int]
    public let values: [Double]

    public init(dtype: DType, shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.dtype = dtype
        self.shape = shape
        self.values = values
    }

    public static func float64(_ values: [Double], shape: [Int]) -> NumPyArray {
        NumPyArray(dtype: .float64, shape: shape, values: values)
    }

    public static func int64(_ value: Int) -> NumPyArray { NumPyArray(dtype: .int64, shape: [], values: [Double(value)]) }
}
