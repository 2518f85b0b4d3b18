/// The audio description of a RIFF/WAVE `fmt ` chunk (FORMATS.md §6), resolved to what the decoder needs:
/// integer or float samples, container bits, channels, rate. `WAVE_FORMAT_EXTENSIBLE` is resolved through its
/// SubFormat GUID; `validBitsPerSample` is kept for display (valid bits are left-justified in the container,
/// so dividing by the container's full scale normalises them correctly).
public struct WAVFormat: Hashable, Sendable, Codable {
    public enum Encoding: String, Hashable, Sendable, Codable {
        /// Signed little-endian integers (8-bit: unsigned, offset 128).
        case integer
        /// IEEE 754 little-endian floats.
        case float
    }

    public static let tagPCM: UInt16 = 1
    public static let tagFloat: UInt16 = 3
    public static let tagExtensible: UInt16 = 0xFFFE
    /// Rates outside this range are refused as corrupt rather than decoded into nonsense.
    public static let plausibleRates = 1_000...768_000
    public static let maxChannels = 256

    /// The tag as written in the file (1, 3 or 0xFFFE).
    public var formatTag: UInt16
    public var encoding: Encoding
    public var channels: Int
    public var sampleRate: Int
    /// `nAvgBytesPerSec` and `nBlockAlign` as written (redundant fields; the decoder does not trust them).
    public var byteRate: Int
    public var blockAlign: Int
    /// Container size of one sample in bits (8, 16, 24, 32, or 64 for float).
    public var bitsPerSample: Int
    public var validBitsPerSample: Int
    public var channelMask: UInt32?

    /// A format for writing: plain PCM/float, or `WAVE_FORMAT_EXTENSIBLE` when `extensible`.
    public init(encoding: Encoding, bitsPerSample: Int, channels: Int, sampleRate: Int, extensible: Bool = false,
                validBitsPerSample: Int? = nil) {
        self.encoding = encoding
        self.bitsPerSample = bitsPerSample
        self.channels = channels
        self.sampleRate = sampleRate
        formatTag = extensible ? Self.tagExtensible : (encoding == .integer ? Self.tagPCM : Self.tagFloat)
        blockAlign = channels * bitsPerSample / 8
        byteRate = blockAlign * sampleRate
        self.validBitsPerSample = validBitsPerSample ?? bitsPerSample
        channelMask = extensible ? 0 : nil
    }

    public var bytesPerSample: Int { bitsPerSample / 8 }
    /// Bytes of one interleaved frame, computed from channels and container size (not `blockAlign`).
    public var frameSize: Int { channels * bytesPerSample }

    /// The `fmt ` payload this format writes (16 bytes, or 40 for EXTENSIBLE).
    public var payload: [UInt8] {
        var out = WAVByteWriter()
        out.wavU16(formatTag)
        out.wavU16(UInt16(channels))
        out.wavU32(UInt32(sampleRate))
        out.wavU32(UInt32(byteRate))
        out.wavU16(UInt16(blockAlign))
        out.wavU16(UInt16(bitsPerSample))
        if formatTag == Self.tagExtensible {
            out.wavU16(22)
            out.wavU16(UInt16(validBitsPerSample))
            out.wavU32(channelMask ?? 0)
            out.wavU32(UInt32(encoding == .integer ? Self.tagPCM : Self.tagFloat))
            out.bytes.append(contentsOf: Self.guidSuffix)
        }
        return out.bytes
    }

    /// Bytes 4…15 of every KSDATAFORMAT_SUBTYPE_* GUID built on a WAVE format tag [MS-WAVEX].
    static let guidSuffix: [UInt8] = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

    /// Parses and validates a `fmt ` payload that starts at byte `offset` of `path`.
    static func parse(_ b: [UInt8], path: String, offset: Int64) throws(EventFileError) -> WAVFormat {
        func unsupported(_ reason: String) -> EventFileError { .unsupportedAudio(path: path, offset: offset, reason: reason) }
        guard b.count >= 16 else {
            throw .malformed(path: path, offset: offset, reason: "the 'fmt ' chunk has \(b.count) bytes, at least 16 needed")
        }
        let tag = b.wavU16(0)
        var format = WAVFormat(encoding: .integer, bitsPerSample: Int(b.wavU16(14)), channels: Int(b.wavU16(2)),
                               sampleRate: Int(b.wavU32(4)))
        format.formatTag = tag
        format.byteRate = Int(b.wavU32(8))
        format.blockAlign = Int(b.wavU16(12))
        var code = tag
        if tag == tagExtensible {
            guard b.count >= 40, b.wavU16(16) >= 22 else {
                throw .malformed(path: path, offset: offset,
                                 reason: "WAVE_FORMAT_EXTENSIBLE needs a 40-byte 'fmt ' chunk with cbSize ≥ 22, "
                                     + "found \(b.count) bytes")
            }
            format.validBitsPerSample = Int(b.wavU16(18))
            format.channelMask = b.wavU32(20)
            guard Array(b[28..<40]) == guidSuffix, b.wavU16(26) == 0 else {
                throw unsupported("the EXTENSIBLE SubFormat GUID is not a standard WAVE format GUID")
            }
            code = b.wavU16(24)
        }
        switch code {
        case tagPCM: format.encoding = .integer
        case tagFloat: format.encoding = .float
        default: throw unsupported("format code \(code) (\(codeName(code))); only PCM (1) and IEEE float (3) are decoded")
        }
        guard format.channels > 0 else { throw unsupported("it declares 0 channels") }
        guard format.channels <= maxChannels else {
            throw unsupported("it declares \(format.channels) channels; at most \(maxChannels) are supported")
        }
        guard plausibleRates.contains(format.sampleRate) else {
            throw unsupported("sample rate \(format.sampleRate) Hz is outside \(plausibleRates.lowerBound)…"
                              + "\(plausibleRates.upperBound) Hz (a corrupt header?)")
        }
        let allowed = format.encoding == .integer ? [8, 16, 24, 32] : [32, 64]
        guard allowed.contains(format.bitsPerSample) else {
            throw unsupported("\(format.bitsPerSample)-bit \(format.encoding) samples; supported: \(allowed) bits")
        }
        guard (1...format.bitsPerSample).contains(format.validBitsPerSample) else {
            throw .malformed(path: path, offset: offset, reason: "wValidBitsPerSample \(format.validBitsPerSample) "
                             + "does not fit the \(format.bitsPerSample)-bit container")
        }
        return format
    }

    private static func codeName(_ code: UInt16) -> String {
        switch code {
        case 2: "Microsoft ADPCM"
        case 6: "A-law"
        case 7: "µ-law"
        case 0x11: "IMA ADPCM"
        case 0x55: "MPEG layer 3"
        default: "compressed or unknown"
        }
    }
}

/// Little-endian field access on a byte array (header parsing only; the sample loops use raw pointers).
extension Array where Element == UInt8 {
    func wavU16(_ i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    func wavU32(_ i: Int) -> UInt32 { UInt32(wavU16(i)) | UInt32(wavU16(i + 2)) << 16 }
}

/// Appends little-endian fields to a byte array (headers of the WAV writer).
struct WAVByteWriter {
    var bytes: [UInt8] = []
    mutating func wavU16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }
    mutating func wavU32(_ v: UInt32) { wavU16(UInt16(v & 0xFFFF)); wavU16(UInt16(v >> 16)) }
    mutating func id(_ fourCC: String) { bytes.append(contentsOf: Array(fourCC.utf8.prefix(4))) }
}
