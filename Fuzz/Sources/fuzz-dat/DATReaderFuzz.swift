// libFuzzer entry point for PropheseeReader on DAT input (the harness is PropheseeFuzz).
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    PropheseeFuzz.run(data, size, encoding: .dat)
    return 0
}
