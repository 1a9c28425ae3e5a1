import Core

/// One value per named category (prevalence by sex, age band or view; regions per image),
/// drawn as vertical bars in a PNG and as labelled horizontal bars in the terminal.
public struct BarChart: Figure {
    public let labels: [String]
    public let values: [Double]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// PNG size in pixels.
    public var size = FigureSize.chart

    /// Throws when there are no bars, the counts of labels and values differ, or a value is
    /// not finite.
    public init(labels: [String], values: [Double], title: String = "",
                xLabel: String = "", yLabel: String = "") throws {
        guard !values.isEmpty else { throw InputError("bar chart", "has no values") }
        guard labels.count == values.count else {
            throw InputError("bar chart", "has \(labels.count) labels for \(values.count) values")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw InputError("bar chart", at: "value \(bad + 1) (\(labels[bad]))", "is not a finite number")
        }
        self.labels = labels
        self.values = values
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    var yAxis: Axis { Axis.rounded(min(0, values.min() ?? 0), max(0, values.max() ?? 0)) }

    public func canvas() -> Canvas {
        var canvas = Canvas(width: size.width, height: size.height)
        let frame = ChartFrame(width: size.width, height: size.height, title: title, xLabel: xLabel,
                               yLabel: yLabel, x: .categories(labels), y: yAxis)
        frame.drawGrid(on: &canvas)
        let zero = frame.row(0), scale = ChartFrame.textScale
        for (i, value) in values.enumerated() {
            let slot = frame.slot(i, of: values.count)
            let inset = slot.count / 6
            let end = frame.row(value)
            let (top, bottom) = (min(zero, end), max(zero, end))
            canvas.fill(x: slot.lowerBound + inset, y: top, width: slot.count - 2 * inset,
                        height: bottom - top + (value < 0 ? 1 : 0), Palette.bar)
            let text = NumberText.compact(value)
            if Canvas.textWidth(text, scale: scale) <= slot.count {
                let textY = value >= 0 ? top - Canvas.textHeight(scale: scale) - 4 : bottom + 4
                canvas.text(text, x: (slot.lowerBound + slot.upperBound) / 2, y: textY, anchor: .center, scale: scale)
            }
        }
        frame.drawAxes(on: &canvas)
        return canvas
    }

    /// Horizontal bars: `label │████▌ value`, one per row, negative values to the left of a
    /// zero column shared by all rows.
    public func cells(style: TerminalStyle, width: Int) -> CellGrid {
        let names = labels.map { $0.fitted(to: 24) }
        let numbers = values.map(NumberText.compact)
        let nameWidth = names.map { $0.unicodeScalars.count }.max() ?? 0
        let numberWidth = numbers.map { $0.unicodeScalars.count }.max() ?? 0
        let barColumns = max(4, width - nameWidth - numberWidth - 4)
        let lo = min(0, values.min() ?? 0), hi = max(0, values.max() ?? 0)
        let span = hi > lo ? hi - lo : 1
        let zeroColumn = nameWidth + 2 + Int(bounded: -lo / span * Double(barColumns), 0...barColumns)
        var header: [String] = title.isEmpty ? [] : [title]
        if !xLabel.isEmpty || !yLabel.isEmpty {
            let axisNames = String(repeating: " ", count: max(0, nameWidth - xLabel.unicodeScalars.count))
                + xLabel + "  " + yLabel
            header.append(axisNames)
        }
        var grid = CellGrid(width: nameWidth + barColumns + numberWidth + 4, height: header.count + values.count)
        for (y, line) in header.enumerated() { grid.write(line, x: 0, y: y) }
        let color: RGB? = style == .plain ? nil : Palette.bar
        for (i, value) in values.enumerated() {
            let y = header.count + i
            grid.write(names[i], x: nameWidth - names[i].unicodeScalars.count, y: y)
            grid.put(Cell("\u{2502}"), x: nameWidth + 1, y: y)
            let eighths = Int(bounded: abs(value) / span * Double(barColumns * 8), 0...(barColumns * 8))
            if value >= 0 {
                BlockGlyphs.rowBar(&grid, x: zeroColumn, y: y, eighths: eighths, color: color)
                grid.write(numbers[i], x: zeroColumn + (eighths + 7) / 8 + 1, y: y)
            } else {
                // Left-growing partial blocks do not exist, so negative bars use whole cells.
                let cellsLong = max(1, (eighths + 4) / 8)
                for c in 0..<cellsLong {
                    grid.put(Cell(BlockGlyphs.horizontal[8], foreground: color), x: zeroColumn - 1 - c, y: y)
                }
                grid.write(numbers[i], x: zeroColumn + 1, y: y)
            }
        }
        return grid
    }

    public func preferredWidth(in size: TerminalSize) -> Int { min(size.columns, 72) }
}
