import Core

/// Counts of values in equal-width bins over a range, drawn as touching bars over a numeric
/// axis (mask coverage, intensities, regions per image).
public struct Histogram: Figure {
    /// Values per bin.
    public let counts: [Int]
    /// Bin edges: bin i holds values in [edges[i], edges[i+1]), the last bin includes its end.
    public let edges: [Double]
    /// Values not counted: NaN, infinite, or outside the range.
    public let ignored: Int
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// PNG size in pixels.
    public var size = FigureSize.chart

    /// Bins `values` into `bins` bins over `range` (by default the data's own range).
    /// Throws when `bins` is not in 1...10,000 or the range is empty or not finite.
    public init(values: [Double], bins: Int = 20, range: ClosedRange<Double>? = nil,
                title: String = "", xLabel: String = "", yLabel: String = "count") throws {
        guard (1...10_000).contains(bins) else {
            throw InputError("histogram", at: "bins", "must be between 1 and 10000, got \(bins)")
        }
        let finite = values.filter(\.isFinite)
        let lo: Double, hi: Double
        if let range {
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound > range.lowerBound else {
                throw InputError("histogram", at: "range", "must be a finite range with low < high, got \(range)")
            }
            (lo, hi) = (range.lowerBound, range.upperBound)
        } else {
            (lo, hi) = Ticks.nonEmpty(finite.min() ?? 0, finite.max() ?? 1)
        }
        var counts = [Int](repeating: 0, count: bins)
        var ignored = values.count - finite.count
        for v in finite {
            guard v >= lo, v <= hi else { ignored += 1; continue }
            counts[Int(bounded: (v - lo) / (hi - lo) * Double(bins), 0...(bins - 1), rule: .down)] += 1
        }
        self.counts = counts
        self.edges = (0...bins).map { lo + (hi - lo) * Double($0) / Double(bins) }
        self.ignored = ignored
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    var xAxis: Axis { Axis.exact(edges[0], edges[edges.count - 1]) }
    var yAxis: Axis { Axis.rounded(0, Double(counts.max() ?? 0), minimumStep: 1) }

    public func canvas() -> Canvas {
        var canvas = Canvas(width: size.width, height: size.height)
        let frame = ChartFrame(width: size.width, height: size.height, title: title,
                               xLabel: xLabel, yLabel: yLabel, x: .numeric(xAxis), y: yAxis)
        frame.drawGrid(on: &canvas)
        for (i, count) in counts.enumerated() where count > 0 {
            // Each bar leaves its left boundary column blank, which separates touching bars.
            let c0 = frame.column(edges[i]) + 1, c1 = frame.column(edges[i + 1])
            let top = frame.row(Double(count))
            canvas.fill(x: c0, y: top, width: c1 - c0, height: frame.bottom - top, Palette.bar)
        }
        frame.drawAxes(on: &canvas)
        return canvas
    }

    public func cells(style: TerminalStyle, width: Int) -> CellGrid {
        let frame = TextChartFrame(width: width, rows: 10, title: title, xLabel: xLabel,
                                   yLabel: yLabel, x: xAxis, y: yAxis, forBars: true)
        var grid = frame.grid()
        let color: RGB? = style == .plain ? nil : Palette.bar
        let bins = counts.count
        // Each column shows the tallest bin that falls in it, so no peak is hidden.
        for c in 0..<frame.plotColumns {
            let first = c * bins / frame.plotColumns
            let last = max(first, (c + 1) * bins / frame.plotColumns - 1)
            let tallest = counts[first...min(bins - 1, last)].max() ?? 0
            let eighths = Int(bounded: frame.y.fraction(Double(tallest)) * Double(frame.plotRows * 8),
                              0...(frame.plotRows * 8))
            BlockGlyphs.columnBar(&grid, x: frame.plotX + c, baseRow: frame.plotY + frame.plotRows - 1,
                                  eighths: eighths, color: color)
        }
        if ignored > 0 {
            grid = CellGrid.stacked([grid, CellGrid(lines: ["(\(ignored) values outside the range or not finite)"])])
        }
        return grid
    }

    public func preferredWidth(in size: TerminalSize) -> Int { min(size.columns, 72) }
}
