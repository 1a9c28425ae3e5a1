/// Anything that can be seen: it draws itself as terminal cells and as a raster figure.
/// The language binds one value type to this, so `show x` and `show x png="f.png"` work for
/// every view the same way.
public protocol Figure: Sendable {
    /// The view as terminal cells in `style`, at most `width` columns wide.
    func cells(style: TerminalStyle, width: Int) -> CellGrid
    /// The view as a raster at its default size.
    func canvas() -> Canvas
    /// The width to use when the caller gives none, for a terminal of `size`.
    func preferredWidth(in size: TerminalSize) -> Int
}

extension Figure {
    public func preferredWidth(in size: TerminalSize) -> Int { size.columns }

    /// The view as terminal text; `width` defaults to what fits the current terminal.
    public func terminal(style: TerminalStyle = .current, width: Int? = nil) -> String {
        let columns = width ?? preferredWidth(in: .current)
        return TerminalEncoder.encode(cells(style: style, width: max(1, columns)), style: style)
    }

    /// The PNG bytes of `canvas()`: the same input always gives the same bytes.
    public func pngData() throws -> [UInt8] { try canvas().pngData() }

    /// Writes `canvas()` as a PNG file at `path` (through a temporary file, renamed into place).
    public func writePNG(to path: String) throws { try canvas().writePNG(to: path) }
}
