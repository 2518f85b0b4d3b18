import CPNG
import Foundation
import SpikeEvents

/// PNG through libpng's simplified API: 8-bit RGB, no interlacing.
public enum PNGCodec {
    /// The PNG bytes of `canvas`.
    public static func encode(_ canvas: RGBCanvas) throws(RenderError) -> [UInt8] {
        guard canvas.width <= maximumSide, canvas.height <= maximumSide else {
            throw .imageTooLarge(width: canvas.width, height: canvas.height, limit: maximumSide)
        }
        var message = [CChar](repeating: 0, count: 64)
        var size = 0
        let w = UInt32(canvas.width), h = UInt32(canvas.height)
        // First call sizes the output, second writes it.
        let sized = canvas.pixels.withUnsafeBufferPointer { rgb in
            ss_png_encode_rgb8(rgb.baseAddress, w, h, nil, &size, &message)
        }
        guard sized != 0 else { throw .png(reason: text(message)) }
        var out = [UInt8](repeating: 0, count: size)
        let written = canvas.pixels.withUnsafeBufferPointer { rgb in
            out.withUnsafeMutableBytes { ss_png_encode_rgb8(rgb.baseAddress, w, h, $0.baseAddress, &size, &message) }
        }
        guard written != 0 else { throw .png(reason: text(message)) }
        return Array(out.prefix(size))
    }

    /// The longest side libpng writes or reads without a raised user limit (PNG_USER_WIDTH_MAX).
    public static let maximumSide = 1_000_000

    /// Decodes any PNG libpng reads into 8-bit RGB (alpha composited on black, grey expanded).
    public static func decode(_ bytes: [UInt8]) throws(RenderError) -> RGBCanvas {
        var message = [CChar](repeating: 0, count: 64)
        var w: UInt32 = 0, h: UInt32 = 0
        let header = bytes.withUnsafeBytes { ss_png_decode_rgb8($0.baseAddress, $0.count, nil, 0, &w, &h, &message) }
        guard header != 0, w > 0, h > 0 else { throw .png(reason: header == 0 ? text(message) : "empty image") }
        var pixels = [UInt8](repeating: 0, count: Int(w) * Int(h) * 3)
        let read = bytes.withUnsafeBytes { data in
            pixels.withUnsafeMutableBufferPointer { out in
                ss_png_decode_rgb8(data.baseAddress, data.count, out.baseAddress, out.count, &w, &h, &message)
            }
        }
        guard read != 0 else { throw .png(reason: text(message)) }
        return RGBCanvas(width: Int(w), height: Int(h), pixels: pixels)
    }

    /// Writes `canvas` as a PNG file at `path` (atomically: a reader never sees half a file).
    public static func write(_ canvas: RGBCanvas, to path: String) throws(RenderError) {
        try writeFile(try encode(canvas), to: path)
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Writes `bytes` to `path` atomically.
func writeFile(_ bytes: [UInt8], to path: String) throws(RenderError) {
    do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
        throw .cannotWrite(path: path, reason: readableReason(error))
    }
}
