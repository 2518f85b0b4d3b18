import Foundation
import SpikeEvents
import SpikeTestSupport
import Testing
@testable import SpikeFormats

/// Little-endian RIFF pieces for hand-built bad files.
private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
private func chunk(_ id: String, _ payload: [UInt8], size: UInt32? = nil) -> [UInt8] {
    Array(id.utf8) + le32(size ?? UInt32(payload.count)) + payload + (payload.count % 2 == 1 ? [0] : [])
}
private func riff(_ body: [UInt8]) -> [UInt8] { Array("RIFF".utf8) + le32(UInt32(body.count + 4)) + Array("WAVE".utf8) + body }
private let pcm16 = WAVFormat(encoding: .integer, bitsPerSample: 16, channels: 1, sampleRate: 16_000)
private let fmt16 = chunk("fmt ", pcm16.payload)
private let data4 = chunk("data", [1, 0, 2, 0])

private func fmt(tag: UInt16 = 1, channels: UInt16 = 1, rate: UInt32 = 16_000, bits: UInt16 = 16) -> [UInt8] {
    let align = UInt16(truncatingIfNeeded: Int(channels) * Int(bits) / 8)
    return chunk("fmt ", [UInt8(tag & 0xFF), UInt8(tag >> 8), UInt8(channels & 0xFF), UInt8(channels >> 8)]
                 + le32(rate) + le32(rate &* UInt32(align)) + [UInt8(align & 0xFF), UInt8(align >> 8),
                                                                UInt8(bits & 0xFF), UInt8(bits >> 8)])
}

/// Opens and fully reads `bytes` as a WAV; returns the error it throws (nil when it reads fine).
private func failure(_ bytes: [UInt8]) throws -> EventFileError? {
    let path = try temporaryWAV(bytes)
    do {
        let reader = try WAVReader(path: path)
        while try reader.nextChunk() != nil {}
        return nil
    } catch {
        return error
    }
}

@Suite("WAV bad input")
struct WAVBadInputTests {
    @Test("the good baseline reads")
    func baseline() throws {
        #expect(try failure(riff(fmt16 + data4)) == nil)
    }

    @Test("empty and truncated headers")
    func truncatedHeaders() throws {
        let good = riff(fmt16 + data4)
        guard case .emptyFile = try failure([]) else { Issue.record("empty file"); return }
        for length in [1, 4, 11] {
            guard case .truncated(_, let offset, let expected) = try failure(Array(good.prefix(length))) else {
                Issue.record("length \(length)"); continue
            }
            #expect(offset == Int64(length) && expected.contains("RIFF/WAVE header"))
        }
        guard case .truncated(_, 16, let what) = try failure(Array(good.prefix(16))) else { Issue.record("chunk header"); return }
        #expect(what.contains("chunk header at byte offset 12"))
        guard case .truncated = try failure(Array(good.prefix(30))) else { Issue.record("fmt body"); return }
    }

    @Test("not RIFF, not WAVE, RF64")
    func wrongContainer() throws {
        guard case .malformed(_, 0, let r) = try failure(Array("OggS".utf8) + [UInt8](repeating: 0, count: 40)) else {
            Issue.record("OggS"); return
        }
        #expect(r.contains("'OggS'"))
        guard case .malformed(_, 8, _) = try failure(Array("RIFF".utf8) + le32(4) + Array("AVI ".utf8)) else {
            Issue.record("AVI"); return
        }
        guard case .unsupportedAudio = try failure(Array("RF64".utf8) + le32(0) + Array("WAVE".utf8)) else {
            Issue.record("RF64"); return
        }
    }

    @Test("fmt missing, or after data")
    func fmtMissingOrLate() throws {
        guard case .missingChunk(_, "fmt ", 12, let r) = try failure(riff(data4 + fmt16)) else { Issue.record("late"); return }
        #expect(r.contains("comes before any 'fmt '"))
        guard case .missingChunk(_, "fmt ", _, _) = try failure(riff(chunk("LIST", [1, 2]))) else { Issue.record("none"); return }
        guard case .missingChunk(_, "data", _, _) = try failure(riff(fmt16)) else { Issue.record("no data"); return }
    }

    @Test("zero channels, absurd rates, odd bit depths, compressed codecs")
    func unsupportedFormats() throws {
        let cases: [([UInt8], String)] = [
            (fmt(channels: 0), "0 channels"), (fmt(channels: 1000), "1000 channels"),
            (fmt(rate: 0), "sample rate 0"), (fmt(rate: 4_000_000_000), "sample rate 4000000000"),
            (fmt(bits: 12), "12-bit"), (fmt(tag: 3, bits: 16), "16-bit float"), (fmt(tag: 2), "ADPCM"),
            (fmt(tag: 0xFFFE), "40-byte"),
        ]
        for (f, text) in cases {
            let error = try failure(riff(f + data4))
            #expect(error.map { "\($0)".contains(text) } == true, "\(text): \(String(describing: error))")
        }
        #expect(try failure(riff(chunk("fmt ", [1, 0, 1, 0]) + data4)).map { "\($0)".contains("at least 16") } == true)
    }

    @Test("a huge chunk size before data is a truncation error, not a hang or a huge allocation")
    func hugeChunk() throws {
        let bytes = riff(fmt16 + Array("JUNK".utf8) + le32(0xFFFF_FFF0) + [1, 2, 3, 4] + data4)
        guard case .truncated(_, _, let what) = try failure(bytes) else { Issue.record("huge"); return }
        #expect(what.contains("'JUNK' chunk at byte offset 36"))
        // A huge fmt chunk is cut to its first 64 bytes; its declared size still must fit the file.
        guard case .truncated = try failure(riff(Array("fmt ".utf8) + le32(0x7FFF_FFFF) + pcm16.payload)) else {
            Issue.record("huge fmt"); return
        }
    }

    @Test("damage after the data ends the chunk walk but keeps the audio")
    func damagedTrailer() throws {
        let bytes = riff(fmt16 + data4 + Array("LIS".utf8))
        let (ints, _, reader) = try readBoth(try temporaryWAV(bytes))
        #expect(ints == [1, 2] && reader.chunks.map(\.id) == ["fmt ", "data"])
        let big = riff(fmt16 + data4 + Array("LIST".utf8) + le32(1000))
        let r = try readBoth(try temporaryWAV(big))
        #expect(r.ints == [1, 2] && r.reader.chunks.map(\.id) == ["fmt ", "data", "LIST"])
    }

    @Test("messages name the file and offset and say what to do")
    func messages() throws {
        let e = try #require(try failure(riff(data4 + fmt16)))
        #expect("\(e)".contains("t.wav") && "\(e)".contains("byte offset 12") && "\(e)".contains("re-export"))
    }

    @Test("a header that lies is read to the end of the file by the reader, but is an error for a dataset sample")
    func lyingHeaders() throws {
        // The data chunk declares 10× the bytes the file holds.
        let long = try temporaryWAV(riff(fmt16 + chunk("data", [1, 0, 2, 0], size: 40)))
        #expect(try failure(riff(fmt16 + chunk("data", [1, 0, 2, 0], size: 40))) == nil)
        do {
            _ = try WAVReader.read(.file(path: long))
            Issue.record("a data size past the file must fail as a sample")
        } catch {
            guard case let .malformed(path, offset, reason) = error else { Issue.record("\(error)"); return }
            #expect(path == long && offset == 36 && reason.contains("declares 40 bytes") && reason.contains("holds 4"))
        }
        // 2 channels of 16-bit samples with block_align 2 (it should be 4).
        var twoChannels = fmt(channels: 2)
        twoChannels[20] = 2
        let misaligned = try temporaryWAV(riff(twoChannels + chunk("data", [1, 0, 2, 0, 3, 0, 4, 0])))
        do {
            _ = try WAVReader.read(.file(path: misaligned))
            Issue.record("a wrong block_align must fail as a sample")
        } catch {
            guard case let .malformed(_, offset, reason) = error else { Issue.record("\(error)"); return }
            #expect(offset == 12 && reason.contains("block_align 2") && reason.contains("take 4 bytes"), "\(reason)")
        }
        #expect(try WAVReader.read(.file(path: try temporaryWAV(riff(fmt16 + data4)))).samples.count == 2)
    }
}

@Suite("Four-character codes in messages")
struct PrintableCodeTests {
    @Test func damagedBytesShowAsBytes() {
        #expect(printableCode(Array("data".utf8)) == "data")
        #expect(printableCode([0x64, 0x00, 0xFF, 0x0A]) == "d\\x00\\xFF\\x0A")
    }
}
