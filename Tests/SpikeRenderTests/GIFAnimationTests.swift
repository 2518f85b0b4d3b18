import Foundation
import SpikeEvents
import SpikeRender
import SpikeTestSupport
import Testing

@Suite("GIF89a animation")
struct GIFAnimationTests {
    /// The hand-built frames at scale 2: 6×4, 6 colours over both frames (→ a 8-entry table, 3 bits).
    static func handImages() throws -> [RGBCanvas] { try FrameImages().images(HandFrames.tensor, scale: 2) }

    @Test("header, screen descriptor, loop extension, per-frame delay and trailer are where GIF89a puts them")
    func structure() throws {
        let gif = try GIFAnimation(frames: try Self.handImages(), delayCentiseconds: 25, loopCount: 3).encode()
        #expect(Array(gif.prefix(6)) == Array("GIF89a".utf8))
        #expect(Array(gif[6..<10]) == [6, 0, 4, 0])  // width 6, height 4, little-endian
        #expect(gif[10] == 0x80 | 0x70 | 2)          // global table of 2^3 entries
        // Colours in first-seen order: black, OFF 1, ON 7, then padding up to 8 entries.
        #expect(Array(gif[13..<22]) == [0, 0, 0, 0, 21, 36, 255, 140, 0])
        let netscape = 13 + 8 * 3
        #expect(Array(gif[netscape..<netscape + 3]) == [0x21, 0xFF, 11])
        #expect(Array(gif[netscape + 3..<netscape + 14]) == Array("NETSCAPE2.0".utf8))
        #expect(Array(gif[netscape + 14..<netscape + 19]) == [3, 1, 3, 0, 0])
        let control = netscape + 19
        #expect(Array(gif[control..<control + 8]) == [0x21, 0xF9, 4, 0x04, 25, 0, 0, 0])
        #expect(gif[control + 8] == 0x2C)
        #expect(gif[control + 18] == 3)  // LZW minimum code size = table bits
        #expect(gif.last == 0x3B)
        let controls = (0..<gif.count - 1).filter { gif[$0] == 0x21 && gif[$0 + 1] == 0xF9 }
        #expect(controls.count >= 2)
    }

    @Test("Pillow decodes the frames pixel for pixel, with the delay and the loop count",
          .enabled(if: Pillow.available, Pillow.skipReason))
    func pillowDecodesHandFrames() throws {
        try expectPillowDecodes(try Self.handImages(), delay: 7, loop: 0)
    }

    @Test("Pillow decodes a 128×96 noise animation of 66 colours (long LZW streams, table resets)",
          .enabled(if: Pillow.available, Pillow.skipReason))
    func pillowDecodesNoise() throws {
        var random = SplitMix64(seed: 7)
        let palette = FramePalette()
        let frames = (0..<3).map { _ in
            var canvas = RGBCanvas(width: 128, height: 96)
            for y in 0..<96 {
                for x in 0..<128 {
                    let level = Int(random.next() % 66)
                    canvas[x, y] = level == 64 ? palette.separator
                        : level == 65 ? .white : palette.colour(onLevel: level % 8, offLevel: level / 8)
                }
            }
            return canvas
        }
        try expectPillowDecodes(frames, delay: 10, loop: 2)
    }

    @Test("one colour and a single pixel still make a valid GIF", .enabled(if: Pillow.available, Pillow.skipReason))
    func pillowDecodesTiny() throws {
        try expectPillowDecodes([RGBCanvas(width: 1, height: 1, background: RGB(9, 8, 7))], delay: 10, loop: 0)
    }

    @Test("bad animations are typed errors")
    func errors() throws {
        #expect(throws: RenderError.emptyFrames) { try GIFAnimation(frames: []).encode() }
        let frames = [RGBCanvas(width: 2, height: 2), RGBCanvas(width: 3, height: 2)]
        #expect(throws: RenderError.frameSizeMismatch(index: 1)) { try GIFAnimation(frames: frames).encode() }
        var many = RGBCanvas(width: 257, height: 1)
        for x in 0..<257 { many[x, 0] = RGB(UInt8(x % 256), UInt8(x / 256), 0) }
        #expect(throws: RenderError.tooManyColours) { try GIFAnimation(frames: [many]).encode() }
        #expect(throws: RenderError.self) {
            try GIFAnimation(frames: [RGBCanvas(width: 1, height: 1)], delayCentiseconds: 70_000).encode()
        }
    }

    private func expectPillowDecodes(_ frames: [RGBCanvas], delay: Int, loop: Int) throws {
        let dir = try RepoPaths.temporaryDirectory("spikestream-gif")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.gif"
        try GIFAnimation(frames: frames, delayCentiseconds: delay, loopCount: loop).write(to: path)
        let decoded = try Pillow.decode(path)
        #expect(decoded.format == "GIF" && decoded.version == "GIF89a")
        #expect(decoded.size == [frames[0].width, frames[0].height])
        #expect(decoded.loop == loop)
        #expect(decoded.durations == Array(repeating: delay * 10, count: frames.count))
        #expect(decoded.frames == frames.map { $0.pixels.map { String(format: "%02x", $0) }.joined() })
    }
}
