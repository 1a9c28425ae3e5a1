/// Turns cells into terminal text: the one place that writes escape sequences.
public enum TerminalEncoder {
    /// The text for `grid` in `style`, one line per row, without a final newline. Colours are
    /// set only when they change and reset at each line end; `.plain` writes no escape byte.
    /// Trailing uncoloured blanks are dropped so saved output diffs cleanly.
    public static func encode(_ grid: CellGrid, style: TerminalStyle) -> String {
        var out = ""
        out.reserveCapacity(grid.width * grid.height * (style == .plain ? 1 : 20))
        for y in 0..<grid.height {
            if y > 0 { out += "\n" }
            var end = grid.width
            while end > 0, grid[end - 1, y] == .blank { end -= 1 }
            var current: (RGB?, RGB?) = (nil, nil)
            for x in 0..<end {
                let cell = grid[x, y]
                if style != .plain, cell.foreground != current.0 || cell.background != current.1 {
                    out += sgr(foreground: cell.foreground, background: cell.background, style: style)
                    current = (cell.foreground, cell.background)
                }
                out.unicodeScalars.append(cell.character)
            }
            if current != (nil, nil) { out += reset }
        }
        return out
    }

    /// Cells for a canvas, two pixel rows per cell: the upper half block `▀` takes the top
    /// pixel as its foreground and the bottom pixel as its background. An odd last row
    /// leaves its lower half in the terminal's own background.
    public static func halfBlocks(_ canvas: Canvas) -> CellGrid {
        var grid = CellGrid(width: canvas.width, height: (canvas.height + 1) / 2)
        for row in 0..<grid.height {
            for x in 0..<canvas.width {
                let top = canvas[x, 2 * row]
                let bottom = 2 * row + 1 < canvas.height ? canvas[x, 2 * row + 1] : nil
                grid[x, row] = Cell("\u{2580}", foreground: top, background: bottom)
            }
        }
        return grid
    }

    static let reset = "\u{1B}[0m"

    private static func sgr(foreground: RGB?, background: RGB?, style: TerminalStyle) -> String {
        var codes = ["0"]
        if let f = foreground { codes.append(color(f, layer: 38, style: style)) }
        if let b = background { codes.append(color(b, layer: 48, style: style)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func color(_ c: RGB, layer: Int, style: TerminalStyle) -> String {
        style == .truecolor ? "\(layer);2;\(c.r);\(c.g);\(c.b)" : "\(layer);5;\(xterm256(c))"
    }

    /// The nearest xterm-256 palette index to `c`: the closer of the 6x6x6 colour cube
    /// (16-231, levels 0, 95, 135, ..., 255) and the 24-step gray ramp (232-255, 8 to 238).
    public static func xterm256(_ c: RGB) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: UInt8) -> Int {
            let v = Int(v)
            return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40
        }
        let (ri, gi, bi) = (nearestLevel(c.r), nearestLevel(c.g), nearestLevel(c.b))
        let cube = (levels[ri], levels[gi], levels[bi])
        let mean = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let grayIndex = mean > 238 ? 23 : max(0, (mean - 3) / 10)
        let gray = 8 + 10 * grayIndex
        func distance(_ r: Int, _ g: Int, _ b: Int) -> Int {
            let dr = r - Int(c.r), dg = g - Int(c.g), db = b - Int(c.b)
            return dr * dr + dg * dg + db * db
        }
        return distance(gray, gray, gray) < distance(cube.0, cube.1, cube.2)
            ? 232 + grayIndex
            : 16 + 36 * ri + 6 * gi + bi
    }
}
