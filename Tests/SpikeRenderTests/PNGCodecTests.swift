import Foundation
import SpikeRender
import SpikeTestSupport
import Testing

@Suite("PNG through libpng")
struct PNGCodecTests {
    @Test("a hand-built frame strip survives encode → file → decode pixel for pixel")
    func roundTrip() throws {
        let strip = try FrameImages().strip(HandFrames.tensor, scale: 1)
        let dir = try RepoPaths.temporaryDirectory("spikestream-png")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/strip.png"
        try PNGCodec.write(strip, to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let decoded = try PNGCodec.decode(bytes)
        #expect(decoded.width == 7 && decoded.height == 2)
        let separator = FramePalette().separator
        var expected: [RGB] = []
        for row in 0..<2 {
            expected += HandFrames.frame0[row * 3..<row * 3 + 3]
            expected.append(separator)
            expected += HandFrames.frame1[row * 3..<row * 3 + 3]
        }
        #expect(HandFrames.pixels(decoded) == expected)
        #expect(decoded == strip)
    }

    @Test("bytes that are not a PNG and unwritable paths are typed errors")
    func badInput() throws {
        #expect(throws: RenderError.self) { try PNGCodec.decode(Array("not a png".utf8)) }
        do {
            _ = try PNGCodec.decode([1, 2, 3])
            Issue.record("decoding garbage succeeded")
        } catch {
            guard case .png(let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(!reason.isEmpty)
        }
        let canvas = RGBCanvas(width: 1, height: 1)
        #expect(throws: RenderError.self) { try PNGCodec.write(canvas, to: "/nonexistent-dir/x.png") }
    }
}
