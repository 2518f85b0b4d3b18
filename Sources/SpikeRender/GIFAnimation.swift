/// An animated GIF89a written from the spec: one global colour table built from the frames' exact colours,
/// a NETSCAPE2.0 application extension for looping, and per frame a graphic control extension (delay) and
/// a full-size image.
///
/// Written here rather than through giflib: the frames SpikeStream draws use a few dozen exact colours, so no
/// quantiser is needed and the encoder is one LZW routine plus block framing — less code than binding
/// giflib's allocation-and-error-code API, and one system library fewer.
public struct GIFAnimation: Sendable {
    public var frames: [RGBCanvas]
    /// Time each frame stays on screen, in hundredths of a second.
    public var delayCentiseconds: Int
    /// Times the animation repeats after the first play; 0 loops forever.
    public var loopCount: Int

    public init(frames: [RGBCanvas], delayCentiseconds: Int = 10, loopCount: Int = 0) {
        self.frames = frames
        self.delayCentiseconds = delayCentiseconds
        self.loopCount = loopCount
    }

    /// The GIF file's bytes.
    public func encode() throws(RenderError) -> [UInt8] {
        guard let first = frames.first else { throw .emptyFrames }
        guard (0...0xFFFF).contains(delayCentiseconds) else {
            throw .invalidOption(name: "frame delay", reason: "must be 0…65535 hundredths of a second")
        }
        guard (0...0xFFFF).contains(loopCount) else { throw .invalidOption(name: "loop count", reason: "must be 0…65535") }
        guard first.width <= 0xFFFF, first.height <= 0xFFFF else {
            throw .invalidOption(name: "image size", reason: "must be at most 65535 pixels a side for GIF")
        }
        if let bad = frames.firstIndex(where: { $0.width != first.width || $0.height != first.height }) {
            throw .frameSizeMismatch(index: bad)
        }
        let table = try ColourTable(frames)
        var out: [UInt8] = Array("GIF89a".utf8)
        // Logical screen descriptor: global table present, 8-bit colour resolution, table of 2^(bits) entries.
        out += le16(first.width) + le16(first.height)
        out += [0x80 | 0x70 | UInt8(table.bits - 1), 0, 0]
        for colour in table.paddedColours { out += [colour.r, colour.g, colour.b] }
        out += [0x21, 0xFF, 11] + Array("NETSCAPE2.0".utf8) + [3, 1] + le16(loopCount) + [0]
        let minimumCodeSize = max(2, table.bits)
        for frame in frames {
            // Graphic control: disposal 1 (leave in place), no transparency, the delay.
            out += [0x21, 0xF9, 4, 0x04] + le16(delayCentiseconds) + [0, 0]
            out += [0x2C] + le16(0) + le16(0) + le16(frame.width) + le16(frame.height) + [0]
            out.append(UInt8(minimumCodeSize))
            let data = GIFLZW.compress(table.indices(of: frame), minimumCodeSize: minimumCodeSize)
            for start in stride(from: 0, to: data.count, by: 255) {
                let block = data[start..<min(start + 255, data.count)]
                out.append(UInt8(block.count))
                out += block
            }
            out.append(0)
        }
        out.append(0x3B)
        return out
    }

    /// Writes the GIF to `path` atomically.
    public func write(to path: String) throws(RenderError) {
        try writeFile(try encode(), to: path)
    }

    private func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
}

/// The distinct colours of some frames, in first-seen order, as a GIF colour table.
struct ColourTable {
    private(set) var colours: [RGB] = []
    private var index: [RGB: UInt8] = [:]

    init(_ frames: [RGBCanvas]) throws(RenderError) {
        var seen: [RGB: UInt8] = [:]
        var colours: [RGB] = []
        for frame in frames {
            for i in 0..<frame.width * frame.height {
                let c = RGB(frame.pixels[3 * i], frame.pixels[3 * i + 1], frame.pixels[3 * i + 2])
                guard seen[c] == nil else { continue }
                guard colours.count < 256 else { throw .tooManyColours }
                seen[c] = UInt8(colours.count)
                colours.append(c)
            }
        }
        self.colours = colours
        index = seen
    }

    /// Bits per index: the table holds `2^bits` entries (1…8 bits).
    var bits: Int {
        var b = 1
        while 1 << b < colours.count { b += 1 }
        return b
    }

    /// The colours padded with black to `2^bits` entries.
    var paddedColours: [RGB] { colours + Array(repeating: .black, count: (1 << bits) - colours.count) }

    /// The table index of every pixel of `frame`, row-major.
    func indices(of frame: RGBCanvas) -> [UInt8] {
        (0..<frame.width * frame.height).map { i in
            index[RGB(frame.pixels[3 * i], frame.pixels[3 * i + 1], frame.pixels[3 * i + 2])]!
        }
    }
}
