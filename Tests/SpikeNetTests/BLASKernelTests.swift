import Foundation
import Testing
@testable import SpikeNet

/// OpenBLAS 0.3.21 does not recognise newer Xeons and falls back to its SSE3 kernels (13× slower sgemm here);
/// the engine loads it with the kernel for the CPU's features.
struct BLASKernelTests {
    @Test func theKernelMatchesTheCPU() throws {
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        let core = EngineSetup.blasCore
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map({ $0 != core && !["SkylakeX", "Haswell"].contains($0) }) == true {
            return  // the user chose a kernel; OpenBLAS runs that one
        }
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) {
            #expect(core == "SkylakeX")
        } else if flags.contains("avx2") && flags.contains("fma") {
            #expect(core == "Haswell")
        } else {
            #expect(!core.isEmpty)
        }
        // And it computes: [1 2; 3 4] · [5 6; 7 8].
        var c = [Float](repeating: 0, count: 4)
        sgemm(m: 2, n: 2, k: 2, [1, 2, 3, 4], lda: 2, [5, 6, 7, 8], ldb: 2, beta: 0, &c, ldc: 2)
        #expect(c == [19, 22, 43, 50])
    }
}
