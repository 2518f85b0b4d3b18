/// Why bytes that should hold a FlatBuffer do not: an offset or length that points outside the buffer.
struct FlatBufferDamage: Error {
    let reason: String
}

/// A bounds-checked view of one FlatBuffers table (the encoding of AEDAT 4's headers and packets): a table
/// starts with a signed offset back to its vtable, whose 16-bit entries give each field's position in the
/// table (0 = absent, the schema default applies). Every read checks that the bytes it needs lie inside the
/// buffer and throws `FlatBufferDamage` otherwise, so damaged data never reads out of bounds.
struct FlatBufferTable {
    let buffer: UnsafeRawBufferPointer
    /// The table's byte position in `buffer`.
    let position: Int
    private let vtable: Int
    private let vtableSize: Int

    /// The root table of `buffer`: a 32-bit offset to it, then the 4-byte file identifier, which must be
    /// `identifier`.
    init(root buffer: UnsafeRawBufferPointer, identifier: String) throws(FlatBufferDamage) {
        guard buffer.count >= 8 else { throw FlatBufferDamage(reason: "\(buffer.count) bytes are too few for a FlatBuffer") }
        let found = printableCode(UnsafeRawBufferPointer(rebasing: buffer[4..<8]))
        guard found.utf8.elementsEqual(identifier.utf8) else {
            throw FlatBufferDamage(reason: "the FlatBuffer identifier is '\(found)', not '\(identifier)'")
        }
        try self.init(buffer, at: Int(Self.load(buffer, 0, as: UInt32.self)))
    }

    init(_ buffer: UnsafeRawBufferPointer, at position: Int) throws(FlatBufferDamage) {
        guard position >= 0, position <= buffer.count - 4 else {
            throw FlatBufferDamage(reason: "a table offset (\(position)) points outside the \(buffer.count)-byte buffer")
        }
        let vtable = position - Int(Self.load(buffer, position, as: Int32.self))
        guard vtable >= 0, vtable <= buffer.count - 4 else {
            throw FlatBufferDamage(reason: "a vtable offset points outside the \(buffer.count)-byte buffer")
        }
        let size = Int(Self.load(buffer, vtable, as: UInt16.self))
        guard size >= 4, vtable + size <= buffer.count else {
            throw FlatBufferDamage(reason: "a vtable of \(size) bytes does not fit the \(buffer.count)-byte buffer")
        }
        self.buffer = buffer
        self.position = position
        self.vtable = vtable
        vtableSize = size
    }

    /// The byte position of field `index`, or `nil` when the table leaves it out; `bytes` of it must fit.
    func field(_ index: Int, bytes: Int) throws(FlatBufferDamage) -> Int? {
        let entry = 4 + 2 * index
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(Self.load(buffer, vtable + entry, as: UInt16.self))
        guard offset != 0 else { return nil }
        guard position + offset <= buffer.count - bytes else {
            throw FlatBufferDamage(reason: "field \(index) lies outside the \(buffer.count)-byte buffer")
        }
        return position + offset
    }

    /// Scalar field `index`, or `defaultValue` when absent.
    func scalar<T: FixedWidthInteger>(_ index: Int, default defaultValue: T) throws(FlatBufferDamage) -> T {
        guard let at = try field(index, bytes: MemoryLayout<T>.size) else { return defaultValue }
        return Self.load(buffer, at, as: T.self)
    }

    /// The start and element count of vector field `index` (elements of `elementSize` bytes), `nil` when absent.
    func vector(_ index: Int, elementSize: Int) throws(FlatBufferDamage) -> (start: Int, count: Int)? {
        guard let at = try field(index, bytes: 4) else { return nil }
        let start = at + Int(Self.load(buffer, at, as: UInt32.self))
        guard start <= buffer.count - 4 else {
            throw FlatBufferDamage(reason: "vector field \(index) points outside the \(buffer.count)-byte buffer")
        }
        let count = Int(Self.load(buffer, start, as: UInt32.self))
        guard count <= (buffer.count - start - 4) / elementSize else {
            throw FlatBufferDamage(reason: "vector field \(index) declares \(count) elements of \(elementSize) bytes, "
                                       + "more than the \(buffer.count)-byte buffer holds")
        }
        return (start + 4, count)
    }

    /// String field `index` (UTF-8), `nil` when absent.
    func string(_ index: Int) throws(FlatBufferDamage) -> String? {
        guard let (start, count) = try vector(index, elementSize: 1) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)]), as: UTF8.self)
    }

    /// A little-endian integer at byte `at` (the caller has checked that it fits).
    static func load<T: FixedWidthInteger>(_ buffer: UnsafeRawBufferPointer, _ at: Int, as: T.Type) -> T {
        T(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: T.self))
    }
}
