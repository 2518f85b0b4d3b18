import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("Gesture catalog (DVS128-Gesture layout)")
struct GestureCatalogTests {
    static let labels = "class,startTime_usec,endTime_usec\n1,100,200\n8,300,400\n8,350,500\n"

    /// A DvsGesture/ folder: two train trials (one listed after a blank line, CRLF), one test trial.
    static func layout() throws -> String {
        let parent = try RepoPaths.temporaryDirectory("gesture-catalog")
        let root = parent + "/DvsGesture"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "user01_natural.aedat\r\n\r\nuser02_led.aedat\r\n".write(toFile: root + "/trials_to_train.txt", atomically: true, encoding: .utf8)
        try "user24_fluorescent.aedat\n".write(toFile: root + "/trials_to_test.txt", atomically: true, encoding: .utf8)
        for trial in ["user01_natural", "user02_led", "user24_fluorescent"] {
            let writer = try AEDAT31Writer(path: root + "/\(trial).aedat")
            try writer.writePolarity(EventChunk(t: [150, 360], x: [1, 2], y: [3, 4], p: [1, 0]))
            try writer.close(sync: false)
            try labels.write(toFile: root + "/\(trial)_labels.csv", atomically: true, encoding: .utf8)
        }
        return parent
    }

    @Test("one sample per labels row, ids trial#k, labels class − 1, segments on the recording")
    func samples() throws {
        let parent = try Self.layout()
        let catalog = try DVSGestureCatalog(root: parent)  // the parent of DvsGesture/ works too
        #expect(catalog.root == parent + "/DvsGesture")
        #expect(catalog.samples.map(\.id) == ["user01_natural.aedat#0", "user01_natural.aedat#1", "user01_natural.aedat#2",
                                              "user02_led.aedat#0", "user02_led.aedat#1", "user02_led.aedat#2",
                                              "user24_fluorescent.aedat#0", "user24_fluorescent.aedat#1",
                                              "user24_fluorescent.aedat#2"])
        #expect(catalog.samples.map(\.label) == [0, 7, 7, 0, 7, 7, 0, 7, 7])
        #expect(catalog.samples(in: .train).count == 6 && catalog.samples(in: .test).count == 3)
        #expect(catalog.samples[2].source == .segment(path: catalog.root + "/user01_natural.aedat", start: 350, end: 500))
        #expect(try DVSGestureCatalog(root: catalog.root, splits: [.test]).samples.count == 3)
    }

    @Test("the real labels CSV gives 12 samples of the trial", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func realLabels() throws {
        let parent = try Self.layout()
        try FileManager.default.removeItem(atPath: parent + "/DvsGesture/user01_natural_labels.csv")
        try FileManager.default.copyItem(atPath: SharedSamples.path("dvsgesture/user01_natural_labels.csv"),
                                         toPath: parent + "/DvsGesture/user01_natural_labels.csv")
        let samples = try DVSGestureCatalog(root: parent, splits: [.train]).samples
        #expect(samples.count == 15)
        #expect(samples[8].id == "user01_natural.aedat#8" && samples[8].label == 7)
        #expect(samples[8].source == .segment(path: parent + "/DvsGesture/user01_natural.aedat", start: 142_355_542,
                                              end: 148_751_823))
    }

    @Test("missing files and a bad list line say what was expected where")
    func layoutErrors() throws {
        let parent = try Self.layout()
        let root = parent + "/DvsGesture"
        try FileManager.default.removeItem(atPath: root + "/user02_led_labels.csv")
        #expect(throws: CatalogError.missingFile(path: root + "/user02_led_labels.csv",
                                                 expected: "the labels CSV 'class,startTime_usec,endTime_usec' of the trial")) {
            try DVSGestureCatalog(root: root)
        }
        try FileManager.default.removeItem(atPath: root + "/user24_fluorescent.aedat")
        do {
            _ = try DVSGestureCatalog(root: root, splits: [.test])
            Issue.record("no error")
        } catch {
            guard case .missingFile(root + "/user24_fluorescent.aedat", _) = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("trials_to_train.txt"))
        }
        try "user24_fluorescent.avi\n".write(toFile: root + "/trials_to_test.txt", atomically: true, encoding: .utf8)
        #expect(throws: CatalogError.self) { try DVSGestureCatalog(root: root, splits: [.test]) }
        try FileManager.default.removeItem(atPath: root + "/trials_to_test.txt")
        do {
            _ = try DVSGestureCatalog(root: root, splits: [.test])
            Issue.record("no error")
        } catch {
            guard case .missingFile(root + "/trials_to_test.txt", _) = error else { Issue.record("\(error)"); return }
        }
        #expect(throws: CatalogError.rootNotFound(path: parent + "/nope")) { try DVSGestureCatalog(root: parent + "/nope") }
    }
}
