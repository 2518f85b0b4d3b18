import SpikeCache
import Testing

@Suite("Cache zstd codec")
struct CacheZstdTests {
    @Test("round trip of sparse frame bytes, and the output is smaller", arguments: [1, 3, 19])
    func roundTrip(level: Int32) throws {
        let input = (0..<36_992).map { UInt8($0 % 13 == 0 ? $0 % 7 : 0) }
        let compressed = try Zstd.compress(input, level: level)
        #expect(compressed.count < input.count / 4)
        #expect(Array(compressed.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])  // zstd frame magic
        #expect(try Zstd.decompress(compressed, expectedSize: input.count) == input)
    }

    @Test("empty input round-trips")
    func empty() throws {
        #expect(try Zstd.decompress(Zstd.compress([UInt8]())) == [])
    }

    @Test("a frame without a recorded content size is decoded by streaming")
    func unknownContentSize() throws {
        // `printf 'hello hello hello hello spikestream' | zstd -c -3`: the CLI streams stdin, so the frame
        // header (0x04: no content-size field, checksum) does not record the size.
        let hex = "28b52ffd0458bd00008868656c6c6f207370696b6573747265616d0100f14a11061b500e"
        let frame = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
        #expect(frame[4] == 0x04)
        #expect(try Zstd.decompress(frame) == Array("hello hello hello hello spikestream".utf8))
    }

    @Test("concatenated frames decode to the concatenation")
    func concatenated() throws {
        let a = Array(repeating: UInt8(1), count: 1000), b = (0..<777).map { UInt8($0 % 251) }
        let joined = try Zstd.compress(a) + Zstd.compress(b)
        #expect(try Zstd.decompress(joined, expectedSize: 1777) == a + b)
    }

    @Test("the HDF5 filter 32015 is registered in-process, idempotently")
    func filterRegistered() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { ZstdFilter.register() } }
        }
        ZstdFilter.register()
        #expect(ZstdFilter.isAvailable)
        #expect(CacheLayout.zstdFilterID == 32015)
    }

    @Test("garbage and size mismatches are errors")
    func errors() throws {
        #expect(throws: CacheError.self) { try Zstd.decompress([1, 2, 3, 4, 5, 6, 7, 8]) }
        let compressed = try Zstd.compress([UInt8](repeating: 9, count: 100))
        #expect(throws: CacheError.compression(reason: "decompressed 100 bytes, expected 99")) {
            try Zstd.decompress(compressed, expectedSize: 99)
        }
        #expect(throws: CacheError.self) { try Zstd.decompress(Array(compressed.dropLast(3))) }
    }

    @Test("a damaged header declaring 2^57 bytes is an error, not an allocation of them")
    func implausibleDeclaredSize() {
        // Magic; descriptor 0xE0 (single segment, 8-byte content size); size 2^57; one last raw block of 1 byte.
        let frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x09, 0x00, 0x00, 0x41]
        #expect(throws: CacheError.self) { try Zstd.decompress(frame) }
    }
}
