/// Colours and sizes shared by the charts (raster, training curves): dark ink on white, matplotlib's first
/// two "tab10" colours for the two series a chart compares (train/test, ON/OFF).
public struct ChartStyle: Sendable {
    public var background = RGB.white
    public var ink = RGB(40, 40, 40)
    public var grid = RGB(228, 228, 228)
    /// Train curve; OFF spikes.
    public var first = RGB(31, 119, 180)
    /// Test curve; ON spikes.
    public var second = RGB(255, 127, 14)
    /// Scale of the title font (labels use 1).
    public var titleScale = 2

    public init() {}
}

/// The data rectangle of a chart in canvas pixels.
public struct PlotArea: Sendable, Equatable {
    public var left: Int
    public var top: Int
    public var width: Int
    public var height: Int

    public init(left: Int, top: Int, width: Int, height: Int) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
    }

    public var bottom: Int { top + height - 1 }
    public var right: Int { left + width - 1 }

    /// The column of `value` on `scale`: `lower` at the left edge, `upper` at the right edge.
    public func x(_ value: Double, on scale: AxisScale) -> Int {
        left + Int((scale.fraction(value) * Double(width - 1)).rounded())
    }

    /// The row of `value` on `scale`: `lower` at the bottom edge, `upper` at the top edge.
    public func y(_ value: Double, on scale: AxisScale) -> Int {
        bottom - Int((scale.fraction(value) * Double(height - 1)).rounded())
    }
}

/// One labelled tick: its pixel along the axis and its text.
public struct AxisTick: Sendable, Equatable {
    public var pixel: Int
    public var label: String
}

extension RGBCanvas {
    /// Margins around a `PlotArea` that `chartFrame` draws into: title above, y labels left, x labels below.
    static let chartMargin = (left: 52, top: 26, right: 14, bottom: 34)

    /// Grid lines at the y ticks, the left and bottom axes just outside `area` with tick marks and labels,
    /// the title above, the x-axis title below and, when given, the y-axis title turned upright at the left edge.
    /// Draw the data afterwards, over the grid.
    mutating func chartFrame(_ area: PlotArea, xTicks: [AxisTick], yTicks: [AxisTick], title: String,
                             xTitle: String, yTitle: String? = nil, style: ChartStyle) {
        for tick in yTicks { fill(x: area.left, y: tick.pixel, width: area.width, height: 1, with: style.grid) }
        fill(x: area.left - 1, y: area.top, width: 1, height: area.height + 1, with: style.ink)
        fill(x: area.left - 1, y: area.bottom + 1, width: area.width + 1, height: 1, with: style.ink)
        let h = BitmapFont.glyphHeight
        for tick in xTicks {
            fill(x: tick.pixel, y: area.bottom + 2, width: 1, height: 3, with: style.ink)
            text(tick.label, x: tick.pixel - BitmapFont.width(of: tick.label) / 2, y: area.bottom + 7, colour: style.ink)
        }
        for tick in yTicks {
            fill(x: area.left - 4, y: tick.pixel, width: 3, height: 1, with: style.ink)
            text(tick.label, x: area.left - 7 - BitmapFont.width(of: tick.label), y: tick.pixel - h / 2, colour: style.ink)
        }
        text(title, x: area.left, y: area.top - 8 - h * style.titleScale, colour: style.ink, scale: style.titleScale)
        text(xTitle, x: area.left + (area.width - BitmapFont.width(of: xTitle)) / 2, y: area.bottom + 19,
             colour: style.ink)
        if let yTitle {
            verticalText(yTitle, x: 3, bottom: area.top + (area.height + BitmapFont.width(of: yTitle)) / 2, colour: style.ink)
        }
    }

    /// A legend, one entry per line from `top` down, right-aligned at column `right`: a short line in the
    /// entry's colour, then its name.
    mutating func legend(_ entries: [(name: String, colour: RGB)], right: Int, top: Int, style: ChartStyle) {
        var y = top
        for entry in entries {
            let textX = right - BitmapFont.width(of: entry.name)
            fill(x: textX - 20, y: y - 1, width: BitmapFont.width(of: entry.name) + 22, height: 9, with: style.background)
            fill(x: textX - 16, y: y + 3, width: 12, height: 2, with: entry.colour)
            text(entry.name, x: textX, y: y, colour: style.ink)
            y += 11
        }
    }
}
