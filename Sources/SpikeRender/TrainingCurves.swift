/// Training curves from a `TrainingLog`: two panels side by side, loss (left) and accuracy (right), each
/// with the train series (`style.first`) and test series (`style.second`) against the epoch. Points are
/// 3×3 markers at `(area.x(epoch), area.y(value))` on the panel's scales, joined by 2-px lines in log order.
public struct TrainingCurves: Sendable {
    public var style = ChartStyle()
    public var panelWidth: Int
    public var panelHeight: Int

    public init(panelWidth: Int = 480, panelHeight: Int = 320) {
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
    }

    /// A curve: its legend name, colour and (epoch, value) points.
    public struct Series: Sendable {
        public var name: String
        public var colour: RGB
        public var points: [(epoch: Double, value: Double)]
    }

    /// The data rectangle of panel `index` (0 = loss, 1 = accuracy).
    public func area(panel index: Int) -> PlotArea {
        let m = RGBCanvas.chartMargin
        return PlotArea(left: index * panelWidth + m.left, top: m.top, width: panelWidth - m.left - m.right,
                        height: panelHeight - m.top - m.bottom)
    }

    /// The epoch axis shared by both panels.
    public func epochScale(_ log: TrainingLog) -> AxisScale {
        let epochs = log.records.map { Double($0.epoch) }
        return AxisScale(covering: epochs.min() ?? 0, epochs.max() ?? 1, targetTicks: 6, integer: true)
    }

    /// The value axis of a panel showing `series`.
    public func valueScale(_ series: [Series]) -> AxisScale {
        let values = series.flatMap { $0.points.map(\.value) }
        return AxisScale(covering: values.min() ?? 0, values.max() ?? 1)
    }

    /// The series of the loss panel (0) or the accuracy panel (1); series without points are left out.
    public func series(_ log: TrainingLog, panel index: Int) -> [Series] {
        let keys: [(String, RGB, KeyPath<EpochRecord, Double?>)] = index == 0
            ? [("TRAIN", style.first, \.trainLoss), ("TEST", style.second, \.testLoss)]
            : [("TRAIN", style.first, \.trainAccuracy), ("TEST", style.second, \.testAccuracy)]
        return keys.compactMap { name, colour, key in
            let points = log.records.compactMap { r in r[keyPath: key].map { (Double(r.epoch), $0) } }
            return points.isEmpty ? nil : Series(name: name, colour: colour, points: points)
        }
    }

    public func render(_ log: TrainingLog) throws(RenderError) -> RGBCanvas {
        guard !log.records.isEmpty else { throw .nothingToPlot(what: "the log has no epochs") }
        let panels = [series(log, panel: 0), series(log, panel: 1)]
        guard panels.contains(where: { !$0.isEmpty }) else {
            throw .nothingToPlot(what: "no line has train_loss, test_loss, train_accuracy or test_accuracy")
        }
        guard panelWidth >= 120, panelHeight >= 100 else {
            throw .invalidOption(name: "panel size", reason: "must be at least 120×100 pixels")
        }
        var canvas = RGBCanvas(width: 2 * panelWidth, height: panelHeight, background: style.background)
        let epochs = epochScale(log)
        for (index, series) in panels.enumerated() {
            draw(series, title: index == 0 ? "LOSS" : "ACCURACY", area: area(panel: index), epochs: epochs,
                 on: &canvas)
        }
        return canvas
    }

    private func draw(_ series: [Series], title: String, area: PlotArea, epochs: AxisScale, on canvas: inout RGBCanvas) {
        let values = valueScale(series)
        canvas.chartFrame(area, xTicks: epochs.ticks.map { AxisTick(pixel: area.x($0, on: epochs), label: epochs.label($0)) },
                          yTicks: values.ticks.map { AxisTick(pixel: area.y($0, on: values), label: values.label($0)) },
                          title: title, xTitle: "EPOCH", style: style)
        guard !series.isEmpty else {
            let text = "NO DATA"
            canvas.text(text, x: area.left + (area.width - BitmapFont.width(of: text)) / 2, y: area.top + area.height / 2,
                        colour: style.ink)
            return
        }
        for s in series {
            let pixels = s.points.map { (area.x($0.epoch, on: epochs), area.y($0.value, on: values)) }
            for (a, b) in zip(pixels, pixels.dropFirst()) { canvas.line(from: a.0, a.1, to: b.0, b.1, colour: s.colour, pen: 2) }
            for p in pixels { canvas.fill(x: p.0 - 1, y: p.1 - 1, width: 3, height: 3, with: s.colour) }
        }
        // In the top margin, right-aligned, so it hides no data.
        canvas.legend(series.map { ($0.name, $0.colour) }, right: area.right, top: 3, style: style)
    }
}
