@testable import SpikeCache
import Testing

@Suite("Cache SHA-256 and cache key")
struct CacheSHA256Tests {
    // FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf", and the long-message vector).
    @Test("standard vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(message: String, digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test("one million 'a' fed in uneven pieces")
    func millionA() {
        var hasher = SHA256()
        var fed = 0
        var piece = 1
        while fed < 1_000_000 {
            let n = min(piece, 1_000_000 - fed)
            hasher.update(repeatElement(UInt8(ascii: "a"), count: n))
            fed += n
            piece = piece * 3 % 997 + 1
        }
        let hex = hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("55/56/64-byte messages cross the padding boundary correctly")
    func paddingBoundaries() {
        // Digests from `printf 'a%.0s' $(seq N) | sha256sum`.
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 55))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 64))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    struct Crop: Encodable { let width: Int; let height: Int }
    struct Binning: Encodable { let mode: String; let nTimeBins: Int }

    @Test("cache key: canonical sorted-key JSON and its digest are fixed")
    func cacheKeyGolden() throws {
        let key = try CacheKey(dataset: "nmnist", transforms: [Crop(width: 32, height: 30)],
                               binning: Binning(mode: "nTimeBins", nTimeBins: 16))
        let json = #"{"binning":{"mode":"nTimeBins","nTimeBins":16},"dataset":"nmnist","format_version":1,"transforms":[{"height":30,"width":32}]}"#
        #expect(key.canonicalJSON == json)
        // `printf '%s' "$json" | sha256sum`
        #expect(key.hex == "41159b4b32e054389304f47645e0bde996cf4a0eb1b7be288281f789a9445333")
        let otherBinning = try CacheKey(dataset: "nmnist", transforms: [Crop(width: 32, height: 30)],
                                     binning: Binning(mode: "nTimeBins", nTimeBins: 17))
        #expect(otherBinning.hex != key.hex)
    }
}
