import Core
import Imaging

/// A map of values in the viridis colour map with its scale: probability maps, per-pixel
/// loss, gradient magnitude.
public struct Heatmap: Figure {
    /// The map: any single-channel values (probabilities, per-pixel loss, gradients).
    public let values: Image
    /// The values mapped to the ends of the colour map; values outside are clamped.
    public let range: ClosedRange<Float>
    public var title: String
    /// The PNG map's longest side in pixels; nil picks one (large maps shrink to 512, small
    /// ones grow by a whole factor to at least 256).
    public let size: Int?

    /// `range` defaults to the finite values' minimum and maximum. Throws when the map is
    /// empty or `range` is empty or not finite.
    public init(_ values: Image, range: ClosedRange<Float>? = nil, title: String = "", size: Int? = nil) throws {
        guard values.count > 0 else { throw InputError("heatmap", "has no values") }
        try FigureSize.checkLongestSide(size, of: "heatmap")
        if let range {
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound > range.lowerBound else {
                throw InputError("heatmap", at: "range", "must be a finite range with low < high, got \(range)")
            }
            self.range = range
        } else {
            let finite = values.pixels.filter(\.isFinite)
            let (lo, hi) = Ticks.nonEmpty(Double(finite.min() ?? 0), Double(finite.max() ?? 1))
            self.range = Float(lo)...Float(hi)
        }
        self.values = values
        self.title = title
        self.size = size
    }

    /// Where `v` falls in `range`, 0 to 1.
    func fraction(_ v: Float) -> Float { (v - range.lowerBound) / (range.upperBound - range.lowerBound) }

    /// The map alone, drawn at `width` x `height` pixels.
    func map(width: Int, height: Int) -> Canvas {
        let resized = Resample.image(values, width: width, height: height)
        var canvas = Canvas(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width { canvas[x, y] = Viridis.color(fraction(resized[y * width + x])) }
        }
        return canvas
    }

    var mapSize: (Int, Int) {
        if let size { return PictureFit.scaled(width: values.width, height: values.height, longest: size) }
        let longest = max(values.width, values.height)
        if longest > 512 { return PictureFit.scaled(width: values.width, height: values.height, longest: 512) }
        let factor = max(1, 256 / longest)
        return (values.width * factor, values.height * factor)
    }

    // MARK: PNG

    public func canvas() -> Canvas {
        let s = ChartFrame.textScale, pad = 16, barWidth = 20, text = Canvas.textHeight(scale: s)
        let (w, h) = mapSize
        let axis = Axis.exact(Double(range.lowerBound), Double(range.upperBound))
        let labelWidth = axis.labels.map { Canvas.textWidth($0, scale: s) }.max() ?? 0
        let top = pad + (title.isEmpty ? 0 : text + pad)
        let barX = pad + w + 24
        let width = max(barX + barWidth + 6 + 4 + labelWidth + pad, Canvas.textWidth(title, scale: s) + 2 * pad)
        var canvas = Canvas(width: width, height: top + h + pad + text / 2)
        if !title.isEmpty { canvas.text(title, x: width / 2, y: pad, anchor: .center, scale: s) }
        canvas.draw(map(width: w, height: h), x: pad, y: top)
        // The colour bar: top is the range's high end.
        for row in 0..<h {
            let t = h > 1 ? Float(h - 1 - row) / Float(h - 1) : 1
            canvas.fill(x: barX, y: top + row, width: barWidth, height: 1, Viridis.color(t))
        }
        canvas.stroke(x: barX - 1, y: top - 1, width: barWidth + 2, height: h + 2, Palette.ink)
        for (tick, label) in zip(axis.ticks, axis.labels) {
            let y = top + h - 1 - Int(bounded: axis.fraction(tick) * Double(h - 1), 0...(h - 1))
            canvas.fill(x: barX + barWidth + 1, y: y, width: 6, height: 1, Palette.ink)
            canvas.text(label, x: barX + barWidth + 10, y: y - Canvas.capHeight(scale: s) / 2, scale: s)
        }
        return canvas
    }

    // MARK: Terminal

    public func cells(style: TerminalStyle, width: Int) -> CellGrid {
        var parts: [CellGrid] = []
        if !title.isEmpty { parts.append(CellGrid(lines: [title])) }
        let low = NumberText.compact(Double(range.lowerBound)), high = NumberText.compact(Double(range.upperBound))
        if style == .plain {
            let rows = PictureFit.plainRows(columns: width, width: values.width, height: values.height)
            let resized = Resample.image(values, width: width, height: rows)
            var grid = CellGrid(width: width, height: rows)
            for i in 0..<(width * rows) {
                grid[i % width, i / width] = Cell(Overlay.rampCharacter(fraction(resized[i])))
            }
            let ramp = String(String.UnicodeScalarView(Overlay.ramp))
            parts += [grid, CellGrid(lines: ["\(low) [\(ramp)] \(high)"])]
        } else {
            let rows = PictureFit.halfBlockPixelRows(columns: width, width: values.width, height: values.height)
            parts.append(TerminalEncoder.halfBlocks(map(width: width, height: rows)))
            let steps = max(4, min(24, width - low.unicodeScalars.count - high.unicodeScalars.count - 2))
            var scale = CellGrid(width: low.unicodeScalars.count + steps + high.unicodeScalars.count + 2, height: 1)
            scale.write(low, x: 0, y: 0)
            for i in 0..<steps {
                scale.put(Cell(" ", background: Viridis.color(Float(i) / Float(steps - 1))),
                          x: low.unicodeScalars.count + 1 + i, y: 0)
            }
            scale.write(high, x: low.unicodeScalars.count + steps + 2, y: 0)
            parts.append(scale)
        }
        return CellGrid.stacked(parts)
    }

    /// As wide as the terminal but no taller, and no wider than the map.
    public func preferredWidth(in size: TerminalSize) -> Int {
        PictureFit.preferredColumns(width: values.width, height: values.height, in: size, reserve: 4)
    }
}
