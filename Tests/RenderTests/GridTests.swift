import Core
import Imaging
import Render
import Testing

@Suite struct GridTests {
    // Width 10 for two tiles: (10 - 2) / 2 = 4 columns each. A 4x4 image is 4 characters by
    // 2 rows; the long caption keeps both ends: one character, '~', then the last two.
    @Test func plainGridPlacesTilesAndCaptions() throws {
        let dark = try Overlay(image: Image(width: 4, height: 4, fill: 0.05))
        let bright = try Overlay(image: Image(width: 4, height: 4, fill: 0.95),
                                 mask: rectangleMask(width: 4, height: 4, x0: 0, x1: 3, y0: 0, y1: 3))
        let grid = try Grid([.init(dark, caption: ["a"]), .init(bright, caption: ["longcaption"])])
        #expect(grid.terminal(style: .plain, width: 10) == """
                  @@@@
                  @@@@
            a     l~on

            # mask
            @ mask edge
            """)
    }

    @Test func pngHasATilePerImageInRows() throws {
        let image = try Overlay(image: Image(width: 64, height: 32, fill: 0.5))
        let tiles = (0..<5).map { Grid.Tile(image, caption: ["tile \($0)"]) }
        let grid = try Grid(tiles, columns: 2, tileSize: 64)
        let canvas = grid.canvas()
        // Three rows of two tiles; each cell is the tile plus the 12-pixel margin.
        #expect(canvas.width == 12 + 2 * (64 + 12))
        // The third row's first tile holds the scaled image (gray 128) at its centre.
        let rowHeight = (canvas.height - 12) / 3
        #expect(canvas[12 + 32, 12 + 2 * rowHeight + 32] == RGB(128, 128, 128))
        // The empty sixth place stays background.
        #expect(canvas[12 + 76 + 32, 12 + 2 * rowHeight + 32] == Palette.background)
    }

    @Test func emptyGridIsAnError() {
        #expect(throws: InputError.self) { try Grid([]) }
        #expect(throws: InputError.self) {
            try Grid([.init(try Overlay(image: Image(width: 2, height: 2)))], columns: 0)
        }
    }
}
