/// A word-sized line of values for inline summaries (loss per epoch, coverage per image):
/// one block character per value in the terminal, a small line drawing in a PNG.
public struct Sparkline: Figure {
    public let values: [Double]
    /// PNG size in pixels.
    public var size = FigureSize.sparkline

    public init(_ values: [Double]) {
        self.values = values
    }

    /// The sparkline as one line of text at most `width` characters long; when there are
    /// more values than characters, each character shows the mean of its share. Non-finite
    /// values show as blanks.
    public static func text(_ values: [Double], width: Int = 60) -> String {
        let buckets = bucketMeans(values, count: min(values.count, max(1, width)))
        let finite = buckets.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 0
        var out = String.UnicodeScalarView()
        for v in buckets {
            guard v.isFinite else { out.append(" "); continue }
            // Eight levels, the lowest still visible so a flat line is not mistaken for a gap.
            let level = hi > lo ? Int(bounded: (v - lo) / (hi - lo) * 7, 0...7) : 3
            out.append(BlockGlyphs.vertical[level + 1])
        }
        return String(out)
    }

    /// `values` averaged into `count` consecutive buckets of (nearly) equal size; a bucket
    /// with no finite value is NaN.
    static func bucketMeans(_ values: [Double], count: Int) -> [Double] {
        guard count > 0 else { return [] }
        return (0..<count).map { b in
            let share = values[(b * values.count / count)..<((b + 1) * values.count / count)].filter(\.isFinite)
            return share.isEmpty ? .nan : share.reduce(0, +) / Double(share.count)
        }
    }

    public func cells(style: TerminalStyle, width: Int) -> CellGrid {
        var grid = CellGrid(lines: [Self.text(values, width: width)])
        if style != .plain {
            for x in 0..<grid.width where grid[x, 0] != .blank { grid[x, 0].foreground = Palette.seriesColor(0) }
        }
        return grid
    }

    public func preferredWidth(in size: TerminalSize) -> Int { min(size.columns, 60) }

    public func canvas() -> Canvas {
        var canvas = Canvas(width: size.width, height: size.height)
        let finite = values.filter(\.isFinite)
        let (lo, hi) = Ticks.nonEmpty(finite.min() ?? 0, finite.max() ?? 1)
        let pad = 4, n = values.count
        func point(_ i: Int) -> (Int, Int) {
            let x = pad + (n > 1 ? i * (size.width - 1 - 2 * pad) / (n - 1) : (size.width - 1) / 2 - pad)
            let y = size.height - 1 - pad
                - Int(bounded: (values[i] - lo) / (hi - lo) * Double(size.height - 1 - 2 * pad), 0...size.height)
            return (x, y)
        }
        for i in 0..<max(0, n - 1) where values[i].isFinite && values[i + 1].isFinite {
            let a = point(i), b = point(i + 1)
            canvas.line(from: a.0, a.1, to: b.0, b.1, Palette.seriesColor(0), thickness: 2)
        }
        if let last = values.lastIndex(where: \.isFinite) {
            let p = point(last)
            canvas.fill(x: p.0 - 2, y: p.1 - 2, width: 5, height: 5, Palette.mask)
        }
        return canvas
    }
}
