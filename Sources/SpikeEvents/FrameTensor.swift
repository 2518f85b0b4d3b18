/// Element type of a frame tensor. Integer counts saturate at the type's maximum instead of wrapping.
public enum FrameDType: String, Codable, Hashable, Sendable, CaseIterable {
    case uint8, uint16, float32

    public var byteWidth: Int {
        switch self {
        case .uint8: 1
        case .uint16: 2
        case .float32: 4
        }
    }
}

/// The shape `[T, C, H, W]` of a frame tensor: time steps, channels, rows, columns.
public struct FrameShape: Hashable, Codable, Sendable, CustomStringConvertible {
    public var timeSteps: Int
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(timeSteps: Int, channels: Int, height: Int, width: Int) {
        self.timeSteps = timeSteps
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Elements in one time step (`C·H·W`).
    public var frameElementCount: Int { channels * height * width }
    /// Elements in the whole tensor (`T·C·H·W`).
    public var elementCount: Int { timeSteps * frameElementCount }
    public var description: String { "[\(timeSteps), \(channels), \(height), \(width)]" }
}

/// Contiguous storage of a frame tensor, in one of the three element types.
public enum FrameStorage: Sendable, Equatable {
    case uint8([UInt8])
    case uint16([UInt16])
    case float32([Float])

    public var dtype: FrameDType {
        switch self {
        case .uint8: .uint8
        case .uint16: .uint16
        case .float32: .float32
        }
    }

    public var count: Int {
        switch self {
        case .uint8(let a): a.count
        case .uint16(let a): a.count
        case .float32(let a): a.count
        }
    }

    /// Zero-filled storage of `count` elements.
    public static func zeros(_ dtype: FrameDType, count: Int) -> FrameStorage {
        switch dtype {
        case .uint8: .uint8(Array(repeating: 0, count: count))
        case .uint16: .uint16(Array(repeating: 0, count: count))
        case .float32: .float32(Array(repeating: 0, count: count))
        }
    }

    /// Storage built from raw little-endian bytes (the host order on every supported platform).
    public init(dtype: FrameDType, bytes: UnsafeRawBufferPointer) {
        switch dtype {
        case .uint8: self = .uint8(Array(bytes.bindMemory(to: UInt8.self)))
        case .uint16: self = .uint16(Self.copy(bytes, as: UInt16.self))
        case .float32: self = .float32(Self.copy(bytes, as: Float.self))
        }
    }

    private static func copy<T: Numeric>(_ bytes: UnsafeRawBufferPointer, as: T.Type) -> [T] {
        let n = bytes.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<n * MemoryLayout<T>.stride]))
            initialized = n
        }
    }

    /// Calls `body` with the raw bytes of the storage.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .uint8(let a): try a.withUnsafeBytes(body)
        case .uint16(let a): try a.withUnsafeBytes(body)
        case .float32(let a): try a.withUnsafeBytes(body)
        }
    }

    /// Element `i` as a `Double` (for tests, printing and statistics, not for hot loops).
    public subscript(i: Int) -> Double {
        switch self {
        case .uint8(let a): Double(a[i])
        case .uint16(let a): Double(a[i])
        case .float32(let a): Double(a[i])
        }
    }
}

/// Frames `[T, C, H, W]` in row-major order: index = ((t·C + c)·H + y)·W + x.
public struct FrameTensor: Sendable, Equatable {
    public var shape: FrameShape
    public var storage: FrameStorage

    public init(shape: FrameShape, storage: FrameStorage) {
        precondition(storage.count == shape.elementCount, "storage does not match shape \(shape)")
        self.shape = shape
        self.storage = storage
    }

    public var dtype: FrameDType { storage.dtype }

    /// The element at time step `t`, channel `c`, row `y`, column `x`, as a `Double`.
    public subscript(t: Int, c: Int, y: Int, x: Int) -> Double {
        storage[((t * shape.channels + c) * shape.height + y) * shape.width + x]
    }

    /// The sum of all elements (a quick fingerprint for tests and `inspect`).
    public var total: Double {
        (0..<storage.count).reduce(0.0) { $0 + storage[$1] }
    }
}
