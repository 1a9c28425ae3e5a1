import Core

/// Several named series of (x, y) points on shared axes with a legend: learning curves
/// (train and validation loss or Dice per epoch), learning-rate schedules.
public struct LinePlot: Figure {
    public struct Series: Sendable {
        public let name: String
        /// x values, as many as `y`.
        public let x: [Double]
        public let y: [Double]

        /// Points (x[i], y[i]); `x` defaults to 1, 2, 3, ... (epochs). Non-finite y values are
        /// gaps. Throws when `x` and `y` differ in length.
        public init(_ name: String, x: [Double]? = nil, y: [Double]) throws {
            let x = x ?? y.indices.map { Double($0 + 1) }
            guard x.count == y.count else {
                throw InputError("line plot", at: "series \(name)", "has \(x.count) x values for \(y.count) y values")
            }
            self.name = name
            self.x = x
            self.y = y
        }

        /// The finite points, in order.
        var points: [(x: Double, y: Double)] {
            zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }.map { (x: $0.0, y: $0.1) }
        }
    }

    public let series: [Series]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// PNG size in pixels.
    public var size = FigureSize.chart

    /// Throws when there is no series.
    public init(_ series: [Series], title: String = "", xLabel: String = "", yLabel: String = "") throws {
        guard !series.isEmpty else { throw InputError("line plot", "has no series") }
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    var allPoints: [(x: Double, y: Double)] { series.flatMap(\.points) }
    var xAxis: Axis { Axis.exact(allPoints.map(\.x).min() ?? 0, allPoints.map(\.x).max() ?? 1) }
    var yAxis: Axis { Axis.rounded(allPoints.map(\.y).min() ?? 0, allPoints.map(\.y).max() ?? 1) }

    /// Marks for the plain style, one per series, so series stay apart without colour.
    static let markers: [Unicode.Scalar] = ["*", "o", "+", "x", "#", "@"]

    // MARK: PNG

    public func canvas() -> Canvas {
        var canvas = Canvas(width: size.width, height: size.height)
        let frame = ChartFrame(width: size.width, height: size.height, title: title, xLabel: xLabel,
                               yLabel: yLabel, x: .numeric(xAxis), y: yAxis)
        frame.drawGrid(on: &canvas)
        for (index, s) in series.enumerated() {
            let color = Palette.seriesColor(index)
            let points = s.points.map { (frame.column($0.x), frame.row($0.y)) }
            for (a, b) in zip(points, points.dropFirst()) {
                canvas.line(from: a.0, a.1, to: b.0, b.1, color, thickness: 2)
            }
            if points.count <= 60 {
                for p in points { canvas.fill(x: p.0 - 3, y: p.1 - 3, width: 7, height: 7, color) }
            }
        }
        frame.drawAxes(on: &canvas)
        drawLegend(on: &canvas, frame: frame)
        return canvas
    }

    /// A boxed legend in the plot's top-right corner: a colour swatch and each series' name.
    private func drawLegend(on canvas: inout Canvas, frame: ChartFrame) {
        let s = ChartFrame.textScale, line = BitmapFont.lineHeight * s, swatch = 24, pad = 8
        let textWidth = series.map { Canvas.textWidth($0.name, scale: s) }.max() ?? 0
        let boxWidth = pad + swatch + pad + textWidth + pad
        let boxHeight = pad + series.count * line
        let x = frame.right - boxWidth - 8, y = frame.top + 8
        canvas.fill(x: x, y: y, width: boxWidth, height: boxHeight, Palette.background)
        canvas.stroke(x: x, y: y, width: boxWidth, height: boxHeight, Palette.gridLine)
        for (index, item) in series.enumerated() {
            let rowY = y + pad + index * line
            let middle = rowY + Canvas.capHeight(scale: s) / 2
            canvas.fill(x: x + pad, y: middle - 1, width: swatch, height: 3, Palette.seriesColor(index))
            canvas.text(item.name, x: x + pad + swatch + pad, y: rowY, scale: s)
        }
    }

    // MARK: Terminal

    public func cells(style: TerminalStyle, width: Int) -> CellGrid {
        let frame = TextChartFrame(width: width, rows: 12, title: title, xLabel: xLabel,
                                   yLabel: yLabel, x: xAxis, y: yAxis)
        var grid = frame.grid()
        for (index, s) in series.enumerated() {
            let cell = Cell(Self.markers[index % Self.markers.count],
                            foreground: style == .plain ? nil : Palette.seriesColor(index))
            let points = s.points.map { (frame.column($0.x), frame.row($0.y)) }
            // Segments between points are traced cell by cell, so the curve stays connected.
            for (a, b) in zip(points, points.dropFirst()) {
                let steps = max(abs(b.0 - a.0), abs(b.1 - a.1), 1)
                for t in 0...steps {
                    let c = a.0 + (b.0 - a.0) * t / steps
                    let r = a.1 + (b.1 - a.1) * t / steps
                    grid.put(cell, x: frame.plotX + c, y: frame.plotY + r)
                }
            }
            if points.count == 1 { grid.put(cell, x: frame.plotX + points[0].0, y: frame.plotY + points[0].1) }
        }
        let legend = Legend(entries: series.enumerated().map { index, s in
            (Cell(Self.markers[index % Self.markers.count],
                  foreground: style == .plain ? nil : Palette.seriesColor(index)), s.name)
        })
        let legendRow = legend.cells(width: frame.width, indent: frame.plotX)
        return CellGrid.stacked([grid, legendRow])
    }

    public func preferredWidth(in size: TerminalSize) -> Int { min(size.columns, 72) }
}
