import SpikeEvents

/// A spike raster of 1-D events (a `channels × 1` sensor, as the audio encoders emit): x = time in ms,
/// y = channel (channel 0 at the bottom, axis titled "channel"), one dot per spike. Channel `c` is the band of rows
/// `area.top + (channels − 1 − c) · rowHeight` up to `rowHeight − 1` rows below it (one row of gap when
/// `rowHeight ≥ 3`); a spike at time `t` fills that band in column `area.x(t / 1000, on: timeScale)`.
/// With two polarities ON spikes use `style.second`, OFF spikes `style.first`; one polarity uses `style.ink`.
/// Binned frames of such a sensor (`[T, C, 1, W]`, a cache's sample) plot the same way over time steps.
public struct SpikeRaster: Sendable {
    public var style = ChartStyle()
    public var title: String
    /// Width of the data area in pixels.
    public var plotWidth: Int
    /// Pixels per channel; `nil` picks 2…12 so the data area is about 240 px high.
    public var rowHeight: Int?

    public init(title: String = "spikes", plotWidth: Int = 800, rowHeight: Int? = nil) {
        self.title = title
        self.plotWidth = plotWidth
        self.rowHeight = rowHeight
    }

    public func rowHeight(channels: Int) -> Int { rowHeight ?? max(2, min(12, 240 / max(1, channels))) }

    /// The data rectangle for `channels` rows.
    public func area(channels: Int) -> PlotArea {
        let m = RGBCanvas.chartMargin
        return PlotArea(left: m.left, top: m.top, width: plotWidth, height: channels * rowHeight(channels: channels))
    }

    /// The time axis (ms) for events spanning `span` µs.
    public func timeScale(_ span: ClosedRange<Int64>) -> AxisScale {
        AxisScale(covering: Double(span.lowerBound) / 1000, Double(span.upperBound) / 1000, targetTicks: 8)
    }

    /// The raster of `events` from a `sensor` of width = channels, height 1. `span` (µs) fixes the time axis
    /// (e.g. a whole clip; spikes outside it are not drawn); by default it runs from the first to the last event.
    public func render(_ events: EventChunk, sensor: SensorSize, span: ClosedRange<Int64>? = nil)
        throws(RenderError) -> RGBCanvas {
        guard sensor.height == 1 else { throw .notOneDimensional(height: sensor.height) }
        guard let span = span ?? events.t.min().flatMap({ lo in events.t.max().map { lo...$0 } }) else {
            throw .nothingToPlot(what: "no events")
        }
        var spikes = Spikes()
        for i in 0..<events.count where span.contains(events.t[i]) {
            spikes.append(time: Double(events.t[i]) / 1000, channel: Int(events.x[i]), on: events.p[i] == 1)
        }
        return try plot(spikes, channels: sensor.width, twoPolarities: sensor.polarities == 2,
                        scale: timeScale(span), xTitle: "TIME (MS)")
    }

    /// The raster of binned 1-D frames `[T, C, 1, W]` (W channels; C = 2 is OFF, ON): one dot per non-zero count
    /// at its time step, on a time axis of steps 0 … T − 1.
    public func render(frames: FrameTensor) throws(RenderError) -> RGBCanvas {
        let s = frames.shape
        guard s.height == 1 else { throw .notOneDimensional(height: s.height) }
        guard s.channels == 1 || s.channels == 2 else { throw .unsupportedChannels(s.channels) }
        guard s.timeSteps > 0 else { throw .emptyFrames }
        let values = frames.storage.floats
        var spikes = Spikes()
        for t in 0..<s.timeSteps {
            for c in 0..<s.channels {
                for x in 0..<s.width where values[(t * s.channels + c) * s.width + x] != 0 {
                    spikes.append(time: Double(t), channel: x, on: c == 1)
                }
            }
        }
        let scale = AxisScale(covering: 0, Double(max(1, s.timeSteps - 1)), targetTicks: 8, integer: true)
        return try plot(spikes, channels: s.width, twoPolarities: s.channels == 2, scale: scale, xTitle: "TIME STEP")
    }

    /// Spikes in axis units, their channels and polarities.
    private struct Spikes {
        var times: [Double] = []
        var channels: [Int] = []
        var on: [Bool] = []

        mutating func append(time: Double, channel: Int, on isOn: Bool) {
            times.append(time)
            channels.append(channel)
            on.append(isOn)
        }
    }

    private func plot(_ spikes: Spikes, channels: Int, twoPolarities: Bool, scale: AxisScale,
                      xTitle: String) throws(RenderError) -> RGBCanvas {
        guard plotWidth >= 2 else { throw .invalidOption(name: "plot width", reason: "must be ≥ 2 pixels") }
        let rowHeight = rowHeight(channels: channels)
        guard rowHeight >= 1 else { throw .invalidOption(name: "row height", reason: "must be ≥ 1 pixel") }
        let area = area(channels: channels)
        let m = RGBCanvas.chartMargin
        var canvas = RGBCanvas(width: m.left + area.width + m.right, height: m.top + area.height + m.bottom,
                               background: style.background)
        let xTicks = scale.ticks.map { AxisTick(pixel: area.x($0, on: scale), label: scale.label($0)) }
        let channelStep = AxisScale(covering: 0, Double(channels - 1), targetTicks: 5, integer: true).step
        let yTicks = stride(from: 0, to: channels, by: Int(channelStep)).map {
            AxisTick(pixel: area.top + (channels - 1 - $0) * rowHeight + rowHeight / 2, label: "\($0)")
        }
        canvas.chartFrame(area, xTicks: xTicks, yTicks: yTicks, title: title, xTitle: xTitle, yTitle: "channel",
                          style: style)
        let dotHeight = rowHeight >= 3 ? rowHeight - 1 : rowHeight
        for i in spikes.times.indices {
            let c = spikes.channels[i]
            guard c < channels else { continue }
            let colour = twoPolarities ? (spikes.on[i] ? style.second : style.first) : style.ink
            canvas.fill(x: area.x(spikes.times[i], on: scale), y: area.top + (channels - 1 - c) * rowHeight,
                        width: 1, height: dotHeight, with: colour)
        }
        if twoPolarities {
            // In the top margin, right-aligned, so it hides no spikes.
            canvas.legend([("ON", style.second), ("OFF", style.first)], right: area.right, top: 3, style: style)
        }
        return canvas
    }
}
