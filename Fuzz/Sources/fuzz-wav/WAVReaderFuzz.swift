// libFuzzer entry point for the WAV reader: every input is written to a file, opened, read as mono floats and
// (for integer PCM) as raw integers in small blocks, and a segment is read.
import FuzzSupport
import SpikeFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let scratch = FuzzInput.file(UnsafeBufferPointer(start: data, count: size), suffix: ".wav")
    // The last byte picks the block size so the fuzzer also explores block boundaries.
    let block = 1 + Int(size > 0 ? data[size - 1] % 13 : 0)
    do {
        let reader = try WAVReader(path: scratch, blockFrames: block)
        var frames: Int64 = 0
        while let chunk = try reader.nextChunk(maxFrames: block) {
            precondition(chunk.count > 0 && chunk.count <= block, "block size contract broken")
            precondition(chunk.samples.allSatisfy { $0.isNaN || abs($0) <= 1 || reader.format.encoding == .float },
                         "integer PCM outside [-1, 1]")
            frames += Int64(chunk.count)
        }
        precondition(frames * Int64(reader.format.frameSize) <= Int64(size), "more frames than bytes")
        if let count = reader.frameCount { precondition(frames == count, "frameCount \(count) but read \(frames)") }
        if reader.format.encoding == .integer {
            let again = try WAVReader(path: scratch, blockFrames: block)
            var samples = 0
            while let s = try again.nextIntegerSamples(maxFrames: block) { samples += s.count }
            precondition(Int64(samples) == frames * Int64(reader.format.channels), "integer and float reads disagree")
        }
        _ = try WAVReader.read(.segment(path: scratch, start: 1_000, end: 50_000))
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
