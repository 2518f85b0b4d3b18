import SpikeEvents
import SpikeRender
import Testing

@Suite("Spike raster")
struct SpikeRasterTests {
    // A 4-channel sensor over 0…9 ms: the time axis is 0…9 with step 1, and a 91-px-wide plot puts t ms at
    // column 52 + 10·t. Rows are 5 px: channel c covers rows 26 + (3 − c)·5 … + 3, the 5th row is the gap.
    let raster = SpikeRaster(title: "T", plotWidth: 91, rowHeight: 5)
    let sensor = SensorSize(width: 4, height: 1, polarities: 2)
    let events = EventChunk(t: [0, 3_000, 9_000], x: [3, 1, 0], y: [0, 0, 0], p: [0, 1, 0])
    let style = ChartStyle()

    @Test("each spike is a dot at its time column and channel row, coloured by polarity")
    func dotPositions() throws {
        #expect(raster.area(channels: 4) == PlotArea(left: 52, top: 26, width: 91, height: 20))
        #expect(raster.timeScale(0...9_000) == AxisScale(covering: 0, 9, targetTicks: 8))
        let canvas = try raster.render(events, sensor: sensor, span: 0...9_000)
        for y in 26...29 { #expect(canvas[52, y] == style.first) }    // t 0, channel 3, OFF
        for y in 36...39 { #expect(canvas[82, y] == style.second) }   // t 3 ms, channel 1, ON
        for y in 41...44 { #expect(canvas[142, y] == style.first) }   // t 9 ms, channel 0, OFF
        #expect(canvas[82, 40] == style.background)                    // the gap below channel 1's dot
        #expect(canvas[83, 37] == style.background)
        // Exactly the three dots inside the data area carry spike colours.
        var coloured = 0
        for y in 26..<46 { for x in 52..<143 where [style.first, style.second].contains(canvas[x, y]) { coloured += 1 } }
        #expect(coloured == 12)
    }

    @Test("without a span the time axis runs from the first to the last spike")
    func defaultSpan() throws {
        let canvas = try raster.render(events, sensor: sensor)
        #expect(canvas == (try raster.render(events, sensor: sensor, span: 0...9_000)))
    }

    @Test("2-D events, no events without a span, and a too-narrow plot are typed errors")
    func errors() {
        #expect(throws: RenderError.notOneDimensional(height: 34)) {
            try raster.render(events, sensor: .nmnist)
        }
        #expect(throws: RenderError.nothingToPlot(what: "no events")) { try raster.render(EventChunk(), sensor: sensor) }
        #expect(throws: RenderError.self) {
            try SpikeRaster(plotWidth: 1).render(events, sensor: sensor)
        }
    }
}
