import Foundation
import SpikeTestSupport
import Testing

@Suite("render creates one missing output folder level and says so",
       .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"))
struct RenderOutputFolderTests {
    @Test("a missing last folder is created and named; a deeper missing path is refused")
    func outputFolder() throws {
        let folder = try RepoPaths.temporaryDirectory("render-folder")
        let log = folder + "/log.jsonl"
        try #"{"epoch":1,"train_loss":0.5,"train_accuracy":0.5,"test_loss":0.6,"test_accuracy":0.4}"#
            .write(toFile: log, atomically: true, encoding: .utf8)
        let made = try SpikeStreamCLI.run(["render", "curves", log, "--out", folder + "/new/curves.png"])
        #expect(made.status == 0)
        #expect(made.output.contains("render curves: created folder '\(folder)/new'"))
        #expect(FileManager.default.fileExists(atPath: folder + "/new/curves.png"))

        let deep = try SpikeStreamCLI.run(["render", "curves", log, "--out", folder + "/x/y/curves.png"])
        #expect(deep.status != 0)
        #expect(deep.output.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(
            "cannot write '\(folder)/x/y/curves.png': its folder '\(folder)/x/y' does not exist and neither does "
                + "'\(folder)/x'; only the last missing folder level is created: create '\(folder)/x' first, or check the path."))
        #expect(!FileManager.default.fileExists(atPath: folder + "/x"))
    }
}
