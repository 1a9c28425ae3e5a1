/// The layout every terminal chart with axes shares: an optional title, the y label, tick
/// labels and axis on the left, the x axis with ticks and labels underneath. Charts draw their
/// data into the plot area, whose rows and columns `row` and `column` map values to.
struct TextChartFrame {
    let title: String
    let xLabel: String
    let yLabel: String
    let x: Axis
    let y: Axis
    let plotRows: Int
    let plotColumns: Int
    /// Grid position of the plot area's top-left cell.
    let plotX: Int
    let plotY: Int
    /// Bars stand on the x axis, so its row is y's low end, and share the columns out
    /// evenly; points use the plot rows only.
    let forBars: Bool

    init(width: Int, rows: Int, title: String, xLabel: String, yLabel: String, x: Axis, y: Axis,
         forBars: Bool = false) {
        self.forBars = forBars
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.y = y
        plotRows = max(2, rows)
        let labelWidth = y.labels.map { $0.unicodeScalars.count }.max() ?? 0
        plotX = labelWidth + 2
        plotY = (title.isEmpty ? 0 : 1) + (yLabel.isEmpty ? 0 : 1)
        plotColumns = max(4, width - plotX - 2)
    }

    var width: Int { plotX + plotColumns + 2 }
    var height: Int { plotY + plotRows + 2 + (xLabel.isEmpty ? 0 : 1) }

    /// Plot row (0 at the top) of y value `value`; for bars, the low end is row `plotRows`,
    /// the axis itself.
    func row(_ value: Double) -> Int {
        let lowest = forBars ? plotRows : plotRows - 1
        return Int(bounded: (1 - y.fraction(value)) * Double(lowest), 0...lowest)
    }

    /// Plot column (0 at the left) of x value `value`. For bars each column is an equal share
    /// of the x range (the column holding the value); for points the ends are the outer columns.
    func column(_ value: Double) -> Int {
        let f = x.fraction(value)
        return forBars
            ? Int(bounded: f * Double(plotColumns), 0...(plotColumns - 1), rule: .down)
            : Int(bounded: f * Double(plotColumns - 1), 0...(plotColumns - 1))
    }

    /// The frame with its axes drawn and the plot area blank.
    func grid() -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        if !title.isEmpty {
            grid.write(title, x: max(0, plotX + (plotColumns - title.unicodeScalars.count) / 2), y: 0)
        }
        if !yLabel.isEmpty { grid.write(yLabel, x: 0, y: plotY - 1) }
        let axisX = plotX - 1, axisY = plotY + plotRows
        for r in 0..<plotRows { grid.put(Cell("\u{2502}"), x: axisX, y: plotY + r) }
        grid.put(Cell("\u{2514}"), x: axisX, y: axisY)
        var labelled = Set<Int>()
        for (tick, label) in zip(y.ticks, y.labels) {
            let r = row(tick)
            guard labelled.insert(r).inserted else { continue }
            grid.put(Cell(r == plotRows ? "\u{2514}" : "\u{2524}"), x: axisX, y: plotY + r)
            grid.write(label, x: axisX - 1 - label.unicodeScalars.count, y: plotY + r)
        }
        for c in 0..<plotColumns { grid.put(Cell("\u{2500}"), x: plotX + c, y: axisY) }
        var nextFree = 0
        for (tick, label) in zip(x.ticks, x.labels) {
            let c = plotX + column(tick)
            grid.put(Cell(c == axisX ? "\u{2514}" : "\u{252C}"), x: c, y: axisY)
            let start = max(0, c - label.unicodeScalars.count / 2)
            guard start >= nextFree, start + label.unicodeScalars.count <= width else { continue }
            grid.write(label, x: start, y: axisY + 1)
            nextFree = start + label.unicodeScalars.count + 1
        }
        if !xLabel.isEmpty {
            grid.write(xLabel, x: max(0, plotX + (plotColumns - xLabel.unicodeScalars.count) / 2), y: axisY + 2)
        }
        return grid
    }
}
