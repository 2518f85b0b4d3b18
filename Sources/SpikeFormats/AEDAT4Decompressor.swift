import CLZ4
import CZstd

/// Decompresses AEDAT 4 packet bodies (one LZ4 or Zstd frame each, as the header's compression says) into a
/// caller-owned buffer that grows to the largest packet and is reused, so memory is one packet, not one
/// allocation per packet's events. A packet that would decompress to more than `maxBytes` is refused
/// (a decompression bomb, or damage), as is a frame that is corrupt or ends early.
struct AEDAT4Decompressor {
    struct Failure: Error {
        let reason: String
    }

    let compression: AEDAT4Header.Compression
    let maxBytes: Int

    /// Decompresses `input` into the front of `output` (grown as needed) and returns the decompressed length.
    func decompress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(Failure) -> Int {
        switch compression {
        case .none:
            guard input.count <= maxBytes else { throw tooLarge() }
            if output.count < input.count { output = [UInt8](repeating: 0, count: input.count) }
            output.withUnsafeMutableBytes { $0.copyMemory(from: input) }
            return input.count
        case .lz4, .lz4High:
            return try lz4(input, into: &output)
        case .zstd, .zstdHigh:
            return try zstd(input, into: &output)
        }
    }

    private func tooLarge() -> Failure {
        Failure(reason: "the packet decompresses to more than \(maxBytes) bytes (the largest packet this reader "
                    + "takes); the file is damaged")
    }

    /// Doubles `output` (at least 64 KiB, at most `maxBytes`) when fewer than `spare` bytes are free after `used`.
    private func grow(_ output: inout [UInt8], used: Int) throws(Failure) {
        guard output.count - used < 1 << 12 else { return }
        guard output.count < maxBytes else { throw tooLarge() }
        output += [UInt8](repeating: 0, count: min(max(output.count, 1 << 16), maxBytes - output.count))
    }

    private func lz4(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(Failure) -> Int {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0 else {
            throw Failure(reason: "liblz4 could not create a decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var read = 0, written = 0
        while true {
            try grow(&output, used: written)
            var outSize = output.count - written
            var inSize = input.count - read
            let hint = output.withUnsafeMutableBytes { out in
                LZ4F_decompress(context, out.baseAddress! + written, &outSize, input.baseAddress.map { $0 + read },
                                &inSize, nil)
            }
            if LZ4F_isError(hint) != 0 {
                throw Failure(reason: "the LZ4 frame is corrupt (\(String(cString: LZ4F_getErrorName(hint))))")
            }
            read += inSize
            written += outSize
            if read == input.count && (hint == 0 || outSize == 0 && inSize == 0) {
                guard hint == 0 else { throw Failure(reason: "the LZ4 frame ends early; the packet is truncated") }
                return written
            }
        }
    }

    private func zstd(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(Failure) -> Int {
        guard let stream = ZSTD_createDStream() else { throw Failure(reason: "libzstd could not create a stream") }
        defer { ZSTD_freeDStream(stream) }
        ZSTD_initDStream(stream)
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var written = 0
        while true {
            try grow(&output, used: written)
            let (hint, produced) = output.withUnsafeMutableBytes { out in
                var target = ZSTD_outBuffer(dst: out.baseAddress! + written, size: out.count - written, pos: 0)
                return (ZSTD_decompressStream(stream, &target, &source), target.pos)
            }
            if ZSTD_isError(hint) != 0 {
                throw Failure(reason: "the Zstd frame is corrupt (\(String(cString: ZSTD_getErrorName(hint))))")
            }
            written += produced
            if source.pos == source.size && (hint == 0 || produced == 0) {
                guard hint == 0 else { throw Failure(reason: "the Zstd frame ends early; the packet is truncated") }
                return written
            }
        }
    }
}
