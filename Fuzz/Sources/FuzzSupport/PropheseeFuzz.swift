import SpikeFormats

/// The harness of the Prophesee targets (fuzz-evt2, fuzz-evt3, fuzz-dat): one per encoding of `PropheseeReader`.
public enum PropheseeFuzz {
    /// Decodes one input as `encoding`. Inputs that do not start with `%` get a header in front (declaring the
    /// encoding and a 640×480 sensor), so the fuzzer spends its time on words; real files and seeds are read as
    /// they are. The first byte picks the chunk size (1…13 events) and the block size (1 byte…4 KiB).
    public static func run(_ data: UnsafePointer<UInt8>, _ size: Int, encoding: PropheseeEncoding) {
        let knob = size > 0 ? Int(data[0]) : 0
        let header = switch encoding {
        case .evt2: "% evt 2.0\n% geometry 640x480\n% end\n"
        case .evt3: "% evt 3.0\n% geometry 640x480\n% end\n"
        case .dat: "% Data file containing Event2D events.\n% Width 640\n% Height 480\n"
        }
        let prefix = knob == Int(UInt8(ascii: "%")) ? [] : Array(header.utf8)
        let path = FuzzInput.file(UnsafeBufferPointer(start: data, count: size), prefix: prefix, suffix: ".\(encoding)")
        let chunk = 1 + knob % 13
        do {
            let reader = try PropheseeReader(path: path, encoding: encoding, blockBytes: 1 << (knob / 16 % 13))
            let total = try FuzzInput.drain(reader, chunk: chunk)
            // At most one event per EVT 2.0 word or DAT record, twelve per EVT 3.0 word.
            let bound = switch encoding {
            case .evt2: size / 4
            case .evt3: size / 2 * 12
            case .dat: size / 8
            }
            precondition(total <= bound, "more events than bytes allow")
        } catch {
            FuzzInput.checkDescribed(error)
        }
    }
}
