import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Gesture labels CSV")
struct GestureLabelsTests {
    private struct Golden: Decodable { let rows: [[Int64]] }

    @Test("the real user01_natural_labels.csv parses to its golden rows",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func realCSV() throws {
        let windows = try GestureLabels.read(path: SharedSamples.path("dvsgesture/user01_natural_labels.csv"))
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedSamples.path("golden/user01_natural_labels.csv.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        #expect(windows.map { [Int64($0.classID), $0.start, $0.end] } == golden.rows)
        #expect(windows.count == 12)
        #expect(windows.map(\.label) == [0, 1, 2, 4, 3, 5, 6, 7, 7, 8, 9, 10])
    }

    @Test("CRLF, blank lines, spaces and a missing header are accepted")
    func lenient() throws {
        let text = "class,startTime_usec,endTime_usec\r\n\r\n 3 , 10, 20\r\n11,5,6\r\n\r\n"
        #expect(try GestureLabels.parse(text, path: "x.csv")
            == [GestureWindow(classID: 3, start: 10, end: 20), GestureWindow(classID: 11, start: 5, end: 6)])
        #expect(try GestureLabels.parse("1,0,1\n", path: "x.csv") == [GestureWindow(classID: 1, start: 0, end: 1)])
    }

    @Test("bad rows name the file and line", arguments: [
        ("class,startTime_usec,endTime_usec\n1,2\n", 2), ("1,5,5\n", 1), ("12,1,2\n", 1), ("0,1,2\n", 1),
        ("1,2,3\nclass,a,b\n", 2), ("1,-4,3\n", 1),
    ])
    func badRows(text: String, line: Int) {
        #expect(throws: CatalogError.self) { try GestureLabels.parse(text, path: "t.csv") }
        do {
            _ = try GestureLabels.parse(text, path: "t.csv")
        } catch {
            guard case .malformedFile("t.csv", line, _) = error else { Issue.record("got \(error)"); return }
            #expect(error.description.contains("'t.csv' line \(line)"))
        }
    }
}
