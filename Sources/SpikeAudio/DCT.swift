import Foundation

/// The first `count` rows of the orthonormal DCT-II of length `n` (scipy `dct(type=2, norm='ortho')`):
/// `X_k = s_k · Σ_i x_i cos(π k (2i + 1) / 2n)`, `s_0 = √(1/n)`, `s_k = √(2/n)`. Row-major `count × n`.
struct DCTMatrix: Sendable {
    let count: Int
    let n: Int
    let rows: [Float]

    init(count: Int, n: Int) {
        self.count = count
        self.n = n
        var rows = [Float](repeating: 0, count: count * n)
        for k in 0..<count {
            let scale = ((k == 0 ? 1.0 : 2.0) / Double(n)).squareRoot()
            for i in 0..<n {
                rows[k * n + i] = Float(scale * cos(Double.pi * Double(k) * Double(2 * i + 1) / Double(2 * n)))
            }
        }
        self.rows = rows
    }

    /// `out[k] = Σ_i rows[k][i] · x[i]`.
    func apply(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        rows.withUnsafeBufferPointer { r in
            for k in 0..<count {
                var sum: Float = 0
                let row = r.baseAddress! + k * n
                for i in 0..<n { sum += row[i] * x[i] }
                out[k] = sum
            }
        }
    }
}

