import SpikeEvents

/// The streams an AEDAT 4 description lists. DV writes one `<node name="ID">` per stream inside
/// `<node name="outInfo">`, with `<attr key="typeIdentifier">` (`EVTS`, `FRME`, `IMUS`, `TRIG`) and, in its
/// `info` child node, `sizeX` / `sizeY`. This is a scan for those elements, not a general XML parser: a node
/// with a numeric name starts a stream, and the attributes up to the next such node belong to it.
struct AEDAT4StreamList {
    struct Stream: Equatable {
        var id: UInt32
        var type = ""
        var width: Int?
        var height: Int?

        var sensor: SensorSize? {
            guard let width, let height, width > 0, height > 0 else { return nil }
            return SensorSize(width: width, height: height)
        }
    }

    private(set) var streams: [Stream] = []

    init(xml: String) {
        for element in xml.split(separator: "<").dropFirst() {
            if element.hasPrefix("node "), let name = Self.attribute("name", in: element), let id = UInt32(name) {
                streams.append(Stream(id: id))
            } else if element.hasPrefix("attr "), !streams.isEmpty, let key = Self.attribute("key", in: element),
                      let close = element.firstIndex(of: ">") {
                let value = String(element[element.index(after: close)...])
                switch key {
                case "typeIdentifier": streams[streams.count - 1].type = value
                case "sizeX": streams[streams.count - 1].width = Int(value)
                case "sizeY": streams[streams.count - 1].height = Int(value)
                default: break
                }
            }
        }
    }

    /// The value of `name="…"` inside one element's text.
    private static func attribute(_ name: String, in element: Substring) -> String? {
        guard let start = element.firstRange(of: " \(name)=\"")?.upperBound,
              let end = element[start...].firstIndex(of: "\"") else { return nil }
        return String(element[start..<end])
    }

    /// The description DV would write for one event stream `id` on `sensor` (what `AEDAT4Writer` puts in files).
    static func describe(eventStream id: UInt32, sensor: SensorSize, compression: String) -> String {
        """
        <dv version="2.0">
            <node name="outInfo" path="/mainloop/Recorder/outInfo/">
                <node name="\(id)" path="/mainloop/Recorder/outInfo/\(id)/">
                    <attr key="compression" type="string">\(compression)</attr>
                    <attr key="typeIdentifier" type="string">EVTS</attr>
                    <node name="info" path="/mainloop/Recorder/outInfo/\(id)/info/">
                        <attr key="sizeX" type="int">\(sensor.width)</attr>
                        <attr key="sizeY" type="int">\(sensor.height)</attr>
                    </node>
                </node>
            </node>
        </dv>
        """
    }
}
