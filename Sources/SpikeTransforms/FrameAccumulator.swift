import SpikeEvents

/// How one count is added to a cell: saturating (native) or wrapping (tonic's int16).
protocol CountPolicy {
    associatedtype Cell: FixedWidthInteger & UnsignedInteger
    static func bump(_ v: Cell) -> Cell
}

enum Saturating<Cell: FixedWidthInteger & UnsignedInteger>: CountPolicy {
    /// Branch-free: on overflow the sum is 0 and subtracting the carry gives back `.max`.
    @inline(__always) static func bump(_ v: Cell) -> Cell {
        let (sum, carry) = v.addingReportingOverflow(1)
        return sum &- (carry ? 1 : 0)
    }
}

enum Wrapping<Cell: FixedWidthInteger & UnsignedInteger>: CountPolicy {
    @inline(__always) static func bump(_ v: Cell) -> Cell { v &+ 1 }
}

/// The accumulation kernels: raw column pointers in, counts added into zeroed frames out.
struct FrameAccumulator {
    let x: UnsafePointer<UInt16>
    let y: UnsafePointer<UInt16>
    let p: UnsafePointer<UInt8>
    let t: UnsafePointer<Int64>
    let count: Int
    let width: Int
    /// Elements between channels; 0 puts every polarity in channel 0.
    let planeStride: Int
    /// Elements per frame (`C·H·W`).
    let frameStride: Int

    /// Cell of event `i` within its frame.
    @inline(__always) func cell(_ i: Int) -> Int {
        Int(p[i]) &* planeStride &+ Int(y[i]) &* width &+ Int(x[i])
    }

    func run<P: CountPolicy>(_ plan: BinPlan, _: P.Type, into out: UnsafeMutablePointer<P.Cell>) {
        switch plan {
        case .ranges(let ranges):
            for (k, range) in ranges.enumerated() {
                let frame = out + k &* frameStride
                for i in range {
                    let c = cell(i)
                    frame[c] = P.bump(frame[c])
                }
            }
        case .perEvent(let w):
            var rank: Int64 = 0
            for i in 0..<count {
                let time = t[i]
                guard time >= w.t0, time <= w.t1 else { continue }
                let pos = w.timeBased ? time &- w.t0 : rank
                rank &+= 1
                let c = cell(i)
                for k in w.windows.covering(pos) {
                    out[k &* frameStride &+ c] = P.bump(out[k &* frameStride &+ c])
                }
            }
        }
    }
}
