import SpikePipeline
import Synchronization
import Testing

@Suite("Progress reporter")
struct ProgressTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func add(_ s: String) { lines.withLock { $0.append(s) } }
    }

    @Test("counts done and skipped, throttles redraws, and always draws the last step")
    func counts() {
        let lines = Lines()
        let progress = ProgressReporter(label: "preprocess", total: 10, interval: 3600) { line, _ in lines.add(line) }
        for _ in 0..<8 { progress.advance() }
        progress.advance(done: 0, skipped: 2)
        let s = progress.finish()
        #expect(s.done == 8 && s.skipped == 2 && s.total == 10)
        let all = lines.lines.withLock { $0 }
        // First advance draws (nothing drawn yet), then throttled until the last item; then the summary.
        #expect(all.count == 3)
        #expect(all[0].hasPrefix("preprocess 1/10 (10.0%)"))
        #expect(all[1].hasPrefix("preprocess 10/10 (100.0%)") && all[1].contains("skipped 2"))
        #expect(all[2].hasPrefix("preprocess: 8 samples in ") && all[2].hasSuffix(", 2 skipped"))
    }
}

@Suite("A progress line on a terminal never runs into the next output")
struct TerminalProgressLineTests {
    @Test("redraws overwrite the open line; a summary replaces and ends it; end() closes it once")
    func endsBeforeNextOutput() {
        var line = TerminalProgressLine()
        #expect(line.end() == "")
        #expect(line.text(for: "preprocess 10/20", redraw: true) == "\r\u{1B}[Kpreprocess 10/20")
        #expect(line.isOpen)
        #expect(line.text(for: "preprocess 20/20  ETA 0.0s", redraw: true) == "\r\u{1B}[Kpreprocess 20/20  ETA 0.0s")
        #expect(line.end() == "\n")
        #expect(line.end() == "" && !line.isOpen)
        _ = line.text(for: "epoch 1/2 8/40", redraw: true)
        #expect(line.text(for: "epoch 1/2: 40 samples in 1.0s", redraw: false) == "\r\u{1B}[Kepoch 1/2: 40 samples in 1.0s\n")
        #expect(line.end() == "")
    }
}
