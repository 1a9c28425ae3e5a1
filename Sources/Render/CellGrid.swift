/// One character cell of terminal output: a character and, in colour styles, its colours.
public struct Cell: Sendable, Equatable {
    public var character: Unicode.Scalar
    public var foreground: RGB?
    public var background: RGB?

    public init(_ character: Unicode.Scalar, foreground: RGB? = nil, background: RGB? = nil) {
        self.character = character
        self.foreground = foreground
        self.background = background
    }

    /// A space in the terminal's own colours.
    public static let blank = Cell(" ")
}

/// A rectangle of cells: what every view draws for the terminal before `TerminalEncoder` turns
/// it into text, so views compose (grids of images, charts with axes) by placing grids.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    /// A grid of blank cells.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// Lines of uncoloured text, one row each.
    public init(lines: [String]) {
        self.init(width: lines.map { $0.unicodeScalars.count }.max() ?? 0, height: lines.count)
        for (y, line) in lines.enumerated() { write(line, x: 0, y: y) }
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Sets one cell, ignoring positions outside the grid.
    public mutating func put(_ cell: Cell, x: Int, y: Int) {
        if x >= 0, y >= 0, x < width, y < height { self[x, y] = cell }
    }

    /// Writes `text` from (x, y) rightwards, clipped to the grid.
    public mutating func write(_ text: String, x: Int, y: Int, color: RGB? = nil) {
        for (i, scalar) in text.unicodeScalars.enumerated() {
            put(Cell(scalar, foreground: color), x: x + i, y: y)
        }
    }

    /// Copies `other` with its top-left cell at (x, y), clipped.
    public mutating func place(_ other: CellGrid, x: Int, y: Int) {
        for oy in 0..<other.height {
            for ox in 0..<other.width { put(other[ox, oy], x: x + ox, y: y + oy) }
        }
    }

    /// `grids` one below the other, left-aligned.
    public static func stacked(_ grids: [CellGrid]) -> CellGrid {
        var out = CellGrid(width: grids.map(\.width).max() ?? 0, height: grids.reduce(0) { $0 + $1.height })
        var y = 0
        for grid in grids {
            out.place(grid, x: 0, y: y)
            y += grid.height
        }
        return out
    }
}

extension String {
    /// This text cut to at most `width` characters. A cut keeps both ends, which tell long
    /// identifiers such as SIIM ImageIds apart, and marks the gap with `~`.
    func fitted(to width: Int) -> String {
        let scalars = Array(unicodeScalars)
        guard scalars.count > width else { return self }
        guard width > 2 else { return String(String.UnicodeScalarView(scalars.prefix(max(0, width)))) }
        let head = (width - 1) / 3
        let kept = scalars.prefix(head) + ["~"] + scalars.suffix(width - 1 - head)
        return String(String.UnicodeScalarView(kept))
    }
}
