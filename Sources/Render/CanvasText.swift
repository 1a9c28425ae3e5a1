/// Text on a canvas, drawn with the embedded bitmap font.
extension Canvas {
    /// How text is placed relative to the given x: its left edge, centre or right edge.
    public enum TextAnchor: Sendable { case left, center, right }

    /// Pixel width of `text` drawn at `scale`.
    public static func textWidth(_ text: String, scale: Int = 2) -> Int {
        BitmapFont.width(of: text, scale: scale)
    }

    /// Pixel height of one line of text at `scale`, descenders included, without line spacing.
    public static func textHeight(scale: Int = 2) -> Int { BitmapFont.glyphHeight * scale }

    /// Pixel height of capitals and digits at `scale`: centre labels on a point with half of it.
    public static func capHeight(scale: Int = 2) -> Int { BitmapFont.capHeight * scale }

    /// Draws one line of `text` with its top at `y`, anchored at `x`, each font pixel
    /// `scale` x `scale` canvas pixels.
    public mutating func text(_ text: String, x: Int, y: Int, anchor: TextAnchor = .left,
                              scale: Int = 2, color: RGB = Palette.ink) {
        let s = max(1, scale)
        let w = BitmapFont.width(of: text, scale: s)
        var originX = anchor == .left ? x : anchor == .center ? x - w / 2 : x - w
        for scalar in text.unicodeScalars {
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth
                where BitmapFont.isInk(scalar, column: column, row: row) {
                    fill(x: originX + column * s, y: y + row * s, width: s, height: s, color)
                }
            }
            originX += BitmapFont.advance * s
        }
    }

    /// Draws `text` turned a quarter turn anticlockwise (reading upwards), as on a y axis,
    /// centred vertically on `centerY`, with its left edge (the glyph tops) at `x`.
    public mutating func verticalText(_ text: String, x: Int, centerY: Int,
                                      scale: Int = 2, color: RGB = Palette.ink) {
        let s = max(1, scale)
        var baseY = centerY + BitmapFont.width(of: text, scale: s) / 2 + 1
        for scalar in text.unicodeScalars {
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth
                where BitmapFont.isInk(scalar, column: column, row: row) {
                    // A glyph row becomes a column; its left-to-right becomes bottom-to-top.
                    fill(x: x + row * s, y: baseY - (column + 1) * s, width: s, height: s, color)
                }
            }
            baseY -= BitmapFont.advance * s
        }
    }
}
