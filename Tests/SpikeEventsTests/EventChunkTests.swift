import SpikeEvents
import Testing

@Suite("Event chunks and frame tensors")
struct EventChunkTests {
    @Test("the unsafe initialiser keeps exactly the events written")
    func unsafeInit() {
        let chunk = EventChunk(unsafeUninitializedCapacity: 10) { out in
            for i in 0..<4 {
                out.t[i] = Int64(i * 10)
                out.x[i] = UInt16(i)
                out.y[i] = UInt16(2 * i)
                out.p[i] = UInt8(i & 1)
            }
            return 4
        }
        #expect(chunk == EventChunk(t: [0, 10, 20, 30], x: [0, 1, 2, 3], y: [0, 2, 4, 6], p: [0, 1, 0, 1]))
        #expect(EventChunk(unsafeUninitializedCapacity: 0) { _ in 0 }.isEmpty)
    }

    @Test("slice, append and subscript")
    func sliceAppend() {
        var a = EventChunk(t: [1, 2, 3], x: [4, 5, 6], y: [7, 8, 9], p: [0, 1, 0])
        let b = a.slice(1..<3)
        #expect(b[0] == Event(t: 2, x: 5, y: 8, p: 1) && b.count == 2)
        a.append(contentsOf: b)
        #expect(a.t == [1, 2, 3, 2, 3])
    }

    @Test("frame tensors index [t, c, y, x] row-major and round-trip through raw bytes")
    func frameIndexing() {
        let shape = FrameShape(timeSteps: 2, channels: 2, height: 3, width: 4)
        var values = [UInt16](repeating: 0, count: shape.elementCount)
        values[((1 * 2 + 1) * 3 + 2) * 4 + 3] = 7
        let tensor = FrameTensor(shape: shape, storage: .uint16(values))
        #expect(tensor[1, 1, 2, 3] == 7 && tensor.total == 7)
        let copy = tensor.storage.withUnsafeBytes { FrameStorage(dtype: .uint16, bytes: $0) }
        #expect(copy == tensor.storage)
        #expect(FrameStorage.zeros(.float32, count: 5).count == 5)
    }
}
