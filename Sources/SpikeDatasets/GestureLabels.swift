import Foundation

/// One labelled window of a DVS128-Gesture trial: the events with `start ≤ t < end` (µs, the recording's clock).
public struct GestureWindow: Hashable, Codable, Sendable {
    /// The class as written in the CSV, 1 … 11.
    public var classID: Int
    public var start: Int64
    public var end: Int64

    public init(classID: Int, start: Int64, end: Int64) {
        self.classID = classID
        self.start = start
        self.end = end
    }

    /// The 0-based training label, `classID − 1` (SpikingJelly's convention).
    public var label: Int { classID - 1 }
}

/// The `<trial>_labels.csv` files of DVS128-Gesture (FORMATS.md §3): a `class,startTime_usec,endTime_usec`
/// header, then one row per gesture. Parsed leniently: CRLF or LF, blank lines, spaces around fields.
/// Windows keep file order; they may overlap and a class may repeat (each row is its own sample).
public enum GestureLabels {
    public static let classNames = [
        "hand clapping", "right hand wave", "left hand wave", "right arm clockwise", "right arm counter-clockwise",
        "left arm clockwise", "left arm counter-clockwise", "arm roll", "air drums", "air guitar", "other gestures",
    ]

    public static func read(path: String) throws(CatalogError) -> [GestureWindow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingFile(path: path, expected: "the labels CSV 'class,startTime_usec,endTime_usec' of the trial")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses CSV text; `path` names the file in errors.
    public static func parse(_ text: String, path: String) throws(CatalogError) -> [GestureWindow] {
        var windows: [GestureWindow] = []
        var sawHeader = false
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, let classID = Int(fields[0]), let start = Int64(fields[1]),
                  let end = Int64(fields[2]) else {
                if !sawHeader && windows.isEmpty && fields.first == "class" {
                    sawHeader = true
                    continue
                }
                throw .malformedFile(path: path, line: index + 1,
                                     reason: "expected 'class,startTime_usec,endTime_usec' integers, found '\(line)'")
            }
            guard (1...classNames.count).contains(classID), start >= 0, start < end else {
                throw .malformedFile(path: path, line: index + 1, reason: "class \(classID) must be 1 … "
                                         + "\(classNames.count) and 0 ≤ start < end (found \(start) … \(end))")
            }
            windows.append(GestureWindow(classID: classID, start: start, end: end))
        }
        return windows
    }
}
