import Core

/// Several overlays side by side in rows, each with caption lines under it (ImageId, label,
/// coverage, Dice: whatever the caller passes).
public struct Grid: Figure {
    public struct Tile: Sendable {
        public var overlay: Overlay
        public var caption: [String]

        public init(_ overlay: Overlay, caption: [String] = []) {
            self.overlay = overlay
            self.caption = caption
        }
    }

    public let tiles: [Tile]
    /// Tiles per row.
    public let columns: Int
    /// Side of each tile's picture in the PNG, in pixels.
    public let tileSize: Int

    /// Throws when there are no tiles or `columns` is not positive. `columns` defaults to at
    /// most four per row.
    public init(_ tiles: [Tile], columns: Int? = nil, tileSize: Int = 288) throws {
        guard !tiles.isEmpty else { throw InputError("grid", "has no images to show") }
        let columns = columns ?? min(4, tiles.count)
        guard columns >= 1 else { throw InputError("grid", at: "columns", "must be at least 1, got \(columns)") }
        guard (16...2048).contains(tileSize) else {
            throw InputError("grid", at: "tileSize", "must be between 16 and 2048 pixels, got \(tileSize)")
        }
        self.tiles = tiles
        self.columns = min(columns, tiles.count)
        self.tileSize = tileSize
    }

    var rows: Int { (tiles.count + columns - 1) / columns }
    var captionLines: Int { tiles.map(\.caption.count).max() ?? 0 }

    // MARK: Terminal

    static let gap = 2

    /// Columns of one tile's picture and captions when `columns` tiles share `width`.
    public static func tileWidth(width: Int, columns: Int) -> Int {
        max(4, (width - gap * (columns - 1)) / max(1, columns))
    }

    public func cells(style: TerminalStyle, width: Int) -> CellGrid {
        let tileWidth = Self.tileWidth(width: width, columns: columns)
        var bands: [CellGrid] = []
        for row in 0..<rows {
            let members = tiles[(row * columns)..<min(tiles.count, (row + 1) * columns)]
            let pictures = members.map { $0.overlay.imageCells(style: style, width: tileWidth) }
            let pictureHeight = pictures.map(\.height).max() ?? 0
            var band = CellGrid(width: columns * tileWidth + (columns - 1) * Self.gap,
                                height: pictureHeight + captionLines + 1)
            for (i, (tile, picture)) in zip(members, pictures).enumerated() {
                let x = i * (tileWidth + Self.gap)
                band.place(picture, x: x, y: 0)
                for (line, text) in tile.caption.enumerated() {
                    band.write(text.fitted(to: tileWidth), x: x, y: pictureHeight + line)
                }
            }
            bands.append(band)
        }
        if style == .plain {
            // One legend for all tiles, naming every mark any of them uses.
            var legend = Legend(entries: [])
            for entry in tiles.flatMap(\.overlay.legend.entries)
            where !legend.entries.contains(where: { $0.mark == entry.mark }) {
                legend.entries.append(entry)
            }
            bands.append(legend.cells(width: width))
        }
        return CellGrid.stacked(bands)
    }

    // MARK: PNG

    static let margin = 12
    static let captionScale = 2

    /// Characters of caption that fit under a tile of the PNG.
    public static func captionCharacters(tileSize: Int = 288) -> Int {
        (tileSize + 1) / (BitmapFont.advance * captionScale)
    }

    public func canvas() -> Canvas {
        let lineHeight = BitmapFont.lineHeight * Self.captionScale
        let cellWidth = tileSize + Self.margin
        let cellHeight = tileSize + 6 + captionLines * lineHeight + Self.margin
        var canvas = Canvas(width: Self.margin + columns * cellWidth,
                            height: Self.margin + rows * cellHeight)
        let maxChars = Self.captionCharacters(tileSize: tileSize)
        for (index, tile) in tiles.enumerated() {
            let x = Self.margin + (index % columns) * cellWidth
            let y = Self.margin + (index / columns) * cellHeight
            let image = tile.overlay.image
            let (w, h) = PictureFit.scaled(width: image.width, height: image.height, longest: tileSize)
            canvas.fill(x: x, y: y, width: tileSize, height: tileSize, Palette.gridLine)
            canvas.draw(tile.overlay.render(width: w, height: h),
                        x: x + (tileSize - w) / 2, y: y + (tileSize - h) / 2)
            for (line, text) in tile.caption.enumerated() {
                canvas.text(text.fitted(to: maxChars), x: x, y: y + tileSize + 6 + line * lineHeight,
                            scale: Self.captionScale)
            }
        }
        return canvas
    }
}
