/// The layout every PNG chart shares: title, plot area, axes with ticks and labels, and
/// light horizontal grid lines. Charts draw their data between `drawGrid` and `drawAxes`.
struct ChartFrame {
    /// The x axis: numeric, or one slot per category.
    enum XAxis {
        case numeric(Axis)
        case categories([String])
    }

    static let textScale = 2
    static let tickLength = 6
    static let padding = 16

    let title: String
    let xLabel: String
    let yLabel: String
    let x: XAxis
    let y: Axis
    /// The plot area: its left column is the y axis, its bottom row the x axis.
    let left: Int, top: Int, right: Int, bottom: Int

    init(width: Int, height: Int, title: String, xLabel: String, yLabel: String, x: XAxis, y: Axis) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.y = y
        let text = Canvas.textHeight(scale: Self.textScale)
        let gap = 8
        let yLabelWidth = y.labels.map { Canvas.textWidth($0, scale: Self.textScale) }.max() ?? 0
        left = Self.padding + (yLabel.isEmpty ? 0 : text + gap) + yLabelWidth + gap + Self.tickLength
        top = Self.padding + (title.isEmpty ? 0 : text + Self.padding)
        bottom = height - 1 - Self.padding - (xLabel.isEmpty ? 0 : text + gap) - text - gap - Self.tickLength
        var lastLabelHalf = 0
        if case .numeric(let axis) = x, let last = axis.labels.last {
            lastLabelHalf = Canvas.textWidth(last, scale: Self.textScale) / 2
        }
        right = width - 1 - max(24, lastLabelHalf + 8)
    }

    var plotWidth: Int { right - left + 1 }
    var plotHeight: Int { bottom - top + 1 }

    /// The canvas column of x value `value` on a numeric x axis.
    func column(_ value: Double) -> Int {
        guard case .numeric(let axis) = x else { return left }
        return left + Int(bounded: axis.fraction(value) * Double(plotWidth - 1), 0...(plotWidth - 1))
    }

    /// The canvas row of y value `value`.
    func row(_ value: Double) -> Int {
        bottom - Int(bounded: y.fraction(value) * Double(plotHeight - 1), 0...(plotHeight - 1))
    }

    /// The column range of category `index` (of `count`) on a categorical x axis.
    func slot(_ index: Int, of count: Int) -> Range<Int> {
        let lo = left + 1 + index * (plotWidth - 1) / count
        let hi = left + 1 + (index + 1) * (plotWidth - 1) / count
        return lo..<hi
    }

    func drawGrid(on canvas: inout Canvas) {
        for tick in y.ticks where row(tick) < bottom {
            canvas.fill(x: left + 1, y: row(tick), width: plotWidth - 1, height: 1, Palette.gridLine)
        }
    }

    func drawAxes(on canvas: inout Canvas) {
        let s = Self.textScale, text = Canvas.textHeight(scale: s)
        canvas.fill(x: left, y: top, width: 1, height: plotHeight, Palette.ink)
        canvas.fill(x: left, y: bottom, width: plotWidth, height: 1, Palette.ink)
        for (tick, label) in zip(y.ticks, y.labels) {
            let r = row(tick)
            canvas.fill(x: left - Self.tickLength, y: r, width: Self.tickLength, height: 1, Palette.ink)
            canvas.text(label, x: left - Self.tickLength - 4, y: r - Canvas.capHeight(scale: s) / 2,
                        anchor: .right, scale: s)
        }
        let labelTop = bottom + Self.tickLength + 6
        switch x {
        case .numeric(let axis):
            for (tick, label) in zip(axis.ticks, axis.labels) {
                let c = column(tick)
                canvas.fill(x: c, y: bottom + 1, width: 1, height: Self.tickLength, Palette.ink)
                canvas.text(label, x: c, y: labelTop, anchor: .center, scale: s)
            }
        case .categories(let names):
            for (i, name) in names.enumerated() {
                let span = slot(i, of: names.count)
                let fitted = name.fitted(to: max(1, span.count / (BitmapFont.advance * s)))
                canvas.text(fitted, x: (span.lowerBound + span.upperBound) / 2, y: labelTop,
                            anchor: .center, scale: s)
            }
        }
        if !title.isEmpty {
            canvas.text(title, x: (left + right) / 2, y: Self.padding, anchor: .center, scale: s)
        }
        if !xLabel.isEmpty {
            canvas.text(xLabel, x: (left + right) / 2, y: labelTop + text + 8, anchor: .center, scale: s)
        }
        if !yLabel.isEmpty {
            canvas.verticalText(yLabel, x: Self.padding, centerY: (top + bottom) / 2, scale: s)
        }
    }
}
