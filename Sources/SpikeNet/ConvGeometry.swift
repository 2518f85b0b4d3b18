import CSpikeKernels

/// Sizes and index maps of a stride-1 convolution, plus the per-sample kernels (im2col, col2im, sparse
/// scatter) that `Conv2d` runs inside its workers.
struct ConvGeometry: Sendable {
    let inChannels, outChannels, kernel, padding, height, width: Int

    var outHeight: Int { height + 2 * padding - kernel + 1 }
    var outWidth: Int { width + 2 * padding - kernel + 1 }
    var outPlane: Int { outHeight * outWidth }
    var inSize: Int { inChannels * height * width }
    var outSize: Int { outChannels * outPlane }
    /// Values per output position: C·K·K.
    var patch: Int { inChannels * kernel * kernel }
    var weightCount: Int { outChannels * patch }
    /// Output channels rounded up to a multiple of 16: the forward scatter's channels-last rows, so each
    /// kernel row is whole vectors (12 channels would leave a scalar tail on every add).
    var paddedChannels: Int { (outChannels + 15) / 16 * 16 }
    /// Floats of the forward scatter's channels-last accumulator.
    var scatterSize: Int { outPlane * paddedChannels }

    /// The output columns `ox` whose input column `ox + kx − pad` lies inside the image.
    @inline(__always)
    private func validColumns(_ kx: Int) -> Range<Int> {
        max(0, padding - kx)..<max(max(0, padding - kx), min(outWidth, width + padding - kx))
    }

    /// Output positions per im2col block: the block's columns (`patch` rows × `blockPositions`) stay near 1 MB,
    /// in cache while sgemm and col2im use them, instead of a whole plane's (75 MB for 128 channels at 128×128).
    var blockPositions: Int { min(outPlane, max(64, (1 << 18) / max(patch, 1))) }
    /// Floats of one im2col block.
    var blockColSize: Int { patch * blockPositions }

    /// Calls `body(p0, p1)` for consecutive blocks of output positions.
    func forEachPositionBlock(_ body: (Int, Int) -> Void) {
        for p0 in stride(from: 0, to: outPlane, by: blockPositions) { body(p0, min(outPlane, p0 + blockPositions)) }
    }

    /// col[(c,ky,kx), p − p0] = x[c, oy+ky−pad, ox+kx−pad] for output positions p = oy·W_out + ox in p0 ..< p1
    /// (zero outside the image); rows of `p1 − p0` floats.
    func im2col(_ x: UnsafePointer<Float>, positions p0: Int, _ p1: Int, into col: UnsafeMutablePointer<Float>) {
        forEachColumnRow(p0, p1) { c, ky, kx, oy, ox0, ox1, offset in
            let iy = oy + ky - padding, row = col + offset
            let cols = validColumns(kx).clamped(to: ox0..<ox1)
            guard iy >= 0 && iy < height, !cols.isEmpty else {
                row.update(repeating: 0, count: ox1 - ox0)
                return
            }
            if cols.count < ox1 - ox0 { row.update(repeating: 0, count: ox1 - ox0) }
            let src = x + (c * height + iy) * width + kx - padding
            (row + cols.lowerBound - ox0).update(from: src + cols.lowerBound, count: cols.count)
        }
    }

    /// The adjoint of `im2col(_:positions:_:into:)`: x[c, iy, ix] += every column entry that read it.
    func col2imAdd(_ col: UnsafePointer<Float>, positions p0: Int, _ p1: Int, into x: UnsafeMutablePointer<Float>) {
        forEachColumnRow(p0, p1) { c, ky, kx, oy, ox0, ox1, offset in
            let iy = oy + ky - padding
            guard iy >= 0 && iy < height else { return }
            let dst = x + (c * height + iy) * width + kx - padding, row = col + offset - ox0
            for ox in validColumns(kx).clamped(to: ox0..<ox1) { dst[ox] += row[ox] }
        }
    }

    /// Walks a block's columns: for every kernel row (c, ky, kx) and every run of positions p0 ..< p1 within one
    /// output row oy (columns ox0 ..< ox1), `body(c, ky, kx, oy, ox0, ox1, offset)` with `offset` the run's first
    /// float in the block (kernel rows of `p1 − p0` floats).
    @inline(__always)
    private func forEachColumnRow(_ p0: Int, _ p1: Int, _ body: (Int, Int, Int, Int, Int, Int, Int) -> Void) {
        var rowStart = 0
        for c in 0..<inChannels {
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    var p = p0
                    while p < p1 {
                        let oy = p / outWidth, ox0 = p % outWidth, ox1 = min(outWidth, ox0 + p1 - p)
                        body(c, ky, kx, oy, ox0, ox1, rowStart + p - p0)
                        p += ox1 - ox0
                    }
                    rowStart += p1 - p0
                }
            }
        }
    }

    /// Weights `[O, (c,ky,kx)]` → `[(c,ky,kx), stride]` (zeros past O) so one active input reads contiguous
    /// output-channel vectors.
    func kernelMajor(_ w: [Float], stride: Int) -> [Float] {
        var t = [Float](repeating: 0, count: patch * stride)
        for o in 0..<outChannels { for p in 0..<patch { t[p * stride + o] = w[o * patch + p] } }
        return t
    }

    /// The inverse of `kernelMajor`.
    func outputMajor(_ t: [Float]) -> [Float] {
        var w = [Float](repeating: 0, count: t.count)
        for o in 0..<outChannels { for p in 0..<patch { w[o * patch + p] = t[p * outChannels + o] } }
        return w
    }

    /// Calls `body(kernelRow, outputPosition)` for every (kernel offset, output position) an input pixel feeds.
    @inline(__always)
    private func forEachTarget(of j: Int, _ body: (Int, Int) -> Void) {
        let c = j / (height * width), iy = (j / width) % height, ix = j % width
        for ky in 0..<kernel {
            let oy = iy + padding - ky
            guard oy >= 0 && oy < outHeight else { continue }
            for kx in 0..<kernel {
                let ox = ix + padding - kx
                guard ox >= 0 && ox < outWidth else { continue }
                body((c * kernel + ky) * kernel + kx, oy * outWidth + ox)
            }
        }
    }

    /// out[o, pos] = bias[o] + Σ over active inputs of v·W[o, kernelRow], accumulated channels-last in `scratch`
    /// (`scatterSize` floats; weights from `kernelMajor(_:stride: paddedChannels)`). The loop is C (`spk_conv_scatter`)
    /// for the wide vectors: a 16-channel row is one AVX-512 add.
    func scatterForward(_ s: SparseRows, row r: Int, kernelMajor wt: SharedPointer<Float>, bias: UnsafePointer<Float>,
                        scratch: inout [Float], out: UnsafeMutablePointer<Float>) {
        let first = Int(s.rowStart[r]), count = Int(s.rowStart[r + 1]) - first
        s.index.withUnsafeBufferPointer { ix in
            s.value.withUnsafeBufferPointer { vs in
                scratch.withUnsafeMutableBufferPointer { acc in
                    spk_conv_scatter(ix.baseAddress! + first, vs.baseAddress! + first, count, height, width, kernel,
                                     padding, outHeight, outWidth, wt.base, paddedChannels, outChannels, bias,
                                     acc.baseAddress!, out)
                }
            }
        }
    }

    /// dWᵀ[kernelRow, o] += v·g[o, pos] over active inputs (kernel-major accumulator).
    func scatterWeightGrad(_ s: SparseRows, row r: Int, grad: UnsafePointer<Float>, scratch: inout [Float],
                           dwKernelMajor dw: UnsafeMutablePointer<Float>) {
        let o = outChannels
        guard s.rowStart[r] < s.rowStart[r + 1] else { return }
        scratch.withUnsafeMutableBufferPointer { gt in
            let t = gt.baseAddress!
            for c in 0..<o { for pos in 0..<outPlane { t[pos * o + c] = grad[c * outPlane + pos] } }
            for e in Int(s.rowStart[r])..<Int(s.rowStart[r + 1]) {
                let v = s.value[e]
                forEachTarget(of: Int(s.index[e])) { k, pos in axpy(v, t + pos * o, dw + k * o, o) }
            }
        }
    }
}
