/// Unicode block characters that draw bars with eighth-of-a-cell resolution.
enum BlockGlyphs {
    /// Lower blocks: `vertical[n]` fills the bottom n eighths of a cell (n in 1...8).
    static let vertical: [Unicode.Scalar] = [" ", "\u{2581}", "\u{2582}", "\u{2583}", "\u{2584}",
                                             "\u{2585}", "\u{2586}", "\u{2587}", "\u{2588}"]
    /// Left blocks: `horizontal[n]` fills the left n eighths of a cell (n in 1...8).
    static let horizontal: [Unicode.Scalar] = [" ", "\u{258F}", "\u{258E}", "\u{258D}", "\u{258C}",
                                               "\u{258B}", "\u{258A}", "\u{2589}", "\u{2588}"]

    /// Draws a vertical bar `eighths` eighths of a cell tall, standing on row `baseRow` of
    /// column `x` and growing upwards.
    static func columnBar(_ grid: inout CellGrid, x: Int, baseRow: Int, eighths: Int, color: RGB?) {
        var left = max(0, eighths), row = baseRow
        while left > 0 {
            grid.put(Cell(vertical[min(8, left)], foreground: color), x: x, y: row)
            left -= 8
            row -= 1
        }
    }

    /// Draws a horizontal bar `eighths` eighths of a cell long from column `x` rightwards.
    static func rowBar(_ grid: inout CellGrid, x: Int, y: Int, eighths: Int, color: RGB?) {
        var left = max(0, eighths), column = x
        while left > 0 {
            grid.put(Cell(horizontal[min(8, left)], foreground: color), x: column, y: y)
            left -= 8
            column += 1
        }
    }
}
