/// Raw pointers to the four columns of a chunk under construction; used by decoders' hot loops.
public struct EventColumnPointers {
    public let t: UnsafeMutablePointer<Int64>
    public let x: UnsafeMutablePointer<UInt16>
    public let y: UnsafeMutablePointer<UInt16>
    public let p: UnsafeMutablePointer<UInt8>
}

extension EventChunk {
    /// Builds a chunk of at most `capacity` events without zero-filling: `fill` writes events `0..<n` through
    /// the pointers and returns `n`. One allocation per column, none per event.
    public init(unsafeUninitializedCapacity capacity: Int,
                initializingWith fill: (EventColumnPointers) throws -> Int) rethrows {
        var count = 0
        var x: [UInt16] = []
        var y: [UInt16] = []
        var p: [UInt8] = []
        let t = try [Int64](unsafeUninitializedCapacity: capacity) { tb, tn in
            x = try [UInt16](unsafeUninitializedCapacity: capacity) { xb, xn in
                y = try [UInt16](unsafeUninitializedCapacity: capacity) { yb, yn in
                    p = try [UInt8](unsafeUninitializedCapacity: capacity) { pb, pn in
                        guard capacity > 0 else { return }
                        count = try fill(EventColumnPointers(t: tb.baseAddress!, x: xb.baseAddress!,
                                                             y: yb.baseAddress!, p: pb.baseAddress!))
                        precondition(count >= 0 && count <= capacity, "fill wrote \(count) of \(capacity) events")
                        pn = count
                    }
                    yn = count
                }
                xn = count
            }
            tn = count
        }
        self.init(t: t, x: x, y: y, p: p)
    }
}
