/// How a picture of a given pixel size fits terminal cells, shared by overlays and heatmaps.
/// A terminal cell is about twice as tall as wide, so one cell column covers one pixel
/// column and two pixel rows.
enum PictureFit {
    /// Rows of characters for a picture `columns` cells wide in the plain style.
    static func plainRows(columns: Int, width: Int, height: Int) -> Int {
        max(1, Int((Double(columns) * Double(height) / Double(max(1, width)) / 2).rounded()))
    }

    /// Pixel rows (even, for whole half-block cells) for a picture `columns` pixels wide.
    static func halfBlockPixelRows(columns: Int, width: Int, height: Int) -> Int {
        2 * plainRows(columns: columns, width: width, height: height)
    }

    /// The widest picture that fits both the terminal's width and its height (less `reserve`
    /// rows for captions and the prompt), never wider than the picture's own pixels.
    static func preferredColumns(width: Int, height: Int, in size: TerminalSize, reserve: Int = 3) -> Int {
        let aspect = Double(max(1, width)) / Double(max(1, height))
        let fitsHeight = Int(Double(2 * max(4, size.rows - reserve)) * aspect)
        return max(8, min(size.columns, fitsHeight, max(8, width)))
    }

    /// `width` x `height` scaled so the longest side is `longest` (unchanged when nil).
    static func scaled(width: Int, height: Int, longest: Int?) -> (Int, Int) {
        guard let longest, width > 0, height > 0 else { return (width, height) }
        let scale = Double(longest) / Double(max(width, height))
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }
}
