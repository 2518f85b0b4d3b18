// libFuzzer entry point for the pipeline YAML parser: every input, as UTF-8 text, through PipelineConfig.parse.
import FuzzSupport
import SpikeTraining

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try PipelineConfig.parse(yaml: yaml, source: "fuzz.yaml")
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
