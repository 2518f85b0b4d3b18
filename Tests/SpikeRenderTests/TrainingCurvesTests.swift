import SpikeRender
import Testing

@Suite("Training curves")
struct TrainingCurvesTests {
    /// Three epochs. Train loss 4, 2, 1 gives the axis 1…4 (step 0.5); test accuracy 0, –, 1 gives 0…1
    /// (step 0.2); test_loss and train_accuracy are absent everywhere, test_accuracy in epoch 2.
    static let log = """
        {"epoch": 1, "train_loss": 4, "test_accuracy": 0, "seconds": 1.5}
        {"epoch": 2, "train_loss": 2, "learning_rate": null, "note": "ignored"}

        {"epoch": 3, "train_loss": 1, "test_accuracy": 1, "samples_per_s": 900}
        """

    @Test("the log parses with absent and null keys skipped")
    func parse() throws {
        let log = try TrainingLog(text: Self.log, path: "log.jsonl")
        #expect(log.records == [
            EpochRecord(epoch: 1, trainLoss: 4, testAccuracy: 0, seconds: 1.5),
            EpochRecord(epoch: 2, trainLoss: 2),
            EpochRecord(epoch: 3, trainLoss: 1, testAccuracy: 1, samplesPerSecond: 900),
        ])
        let numbered = try TrainingLog(text: "{\"train_loss\": 1}\n{\"epoch\": 5}\n{}", path: "x")
        #expect(numbered.records.map(\.epoch) == [1, 5, 6])
    }

    @Test("malformed lines are errors naming the line")
    func malformed() {
        #expect(throws: RenderError.malformedLogLine(path: "l", line: 2, reason: "not valid JSON")) {
            try TrainingLog(text: "{\"epoch\": 1}\n{\"epoch\": 2,\n", path: "l")
        }
        #expect(throws: RenderError.malformedLogLine(path: "l", line: 3, reason: "\"train_loss\" is not a number")) {
            try TrainingLog(text: "{}\n\n{\"train_loss\": \"low\"}", path: "l")
        }
        #expect(throws: RenderError.malformedLogLine(path: "l", line: 1, reason: "not a JSON object")) {
            try TrainingLog(text: "[1, 2]", path: "l")
        }
        #expect(throws: RenderError.self) { try TrainingLog(path: "/nonexistent/train.log.jsonl") }
        #expect(throws: RenderError.nothingToPlot(what: "the log has no epochs")) {
            try TrainingCurves().render(TrainingLog(records: []))
        }
    }

    @Test("the plotted lines pass through the expected pixels")
    func linePixels() throws {
        let curves = TrainingCurves()
        let log = try TrainingLog(text: Self.log, path: "log.jsonl")
        let canvas = try curves.render(log)
        #expect(canvas.width == 960 && canvas.height == 320)
        // Both panels: data area 414×260 px; epochs 1…3 → columns +0, +207 (206.5 rounded), +413.
        #expect(curves.area(panel: 0) == PlotArea(left: 52, top: 26, width: 414, height: 260))
        #expect(curves.area(panel: 1) == PlotArea(left: 532, top: 26, width: 414, height: 260))
        let train = curves.style.first, test = curves.style.second
        // Loss on 1…4: 4 → row 26, 2 → 285 − round(259/3) = 199, 1 → 285.
        let loss = [(52, 26), (259, 199), (465, 285)]
        for (x, y) in loss { #expect(canvas[x, y] == train, "loss marker at \(x), \(y)") }
        expectLine(canvas, from: loss[0], to: loss[1], colour: train)
        expectLine(canvas, from: loss[1], to: loss[2], colour: train)
        // Accuracy on 0…1: test has no epoch-2 point, so its line runs straight from (532, 285) to (945, 26).
        expectLine(canvas, from: (532, 285), to: (945, 26), colour: test)
        #expect(canvas[739, 285 - 130] == test || canvas[739, 285 - 129] == test)
        // No test loss and no train accuracy: neither colour appears in the other panel's data area.
        for y in 26...285 {
            #expect((52...465).allSatisfy { canvas[$0, y] != test })
            #expect((532...945).allSatisfy { canvas[$0, y] != train })
        }
    }

    /// At sampled columns strictly between the ends, `colour` appears within 2 px of the straight line, and
    /// only there (the 2-px pen and 3-px markers stay inside that band).
    private func expectLine(_ canvas: RGBCanvas, from a: (Int, Int), to b: (Int, Int), colour: RGB,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        for x in stride(from: a.0 + 3, to: b.0 - 2, by: 7) {
            let expected = Double(a.1) + Double(b.1 - a.1) * Double(x - a.0) / Double(b.0 - a.0)
            let rows = (26...285).filter { canvas[x, $0] == colour }
            let near = rows.filter { abs(Double($0) - expected) <= 2 }
            #expect(!near.isEmpty, "no \(colour) near row \(expected) in column \(x)", sourceLocation: sourceLocation)
        }
    }
}
