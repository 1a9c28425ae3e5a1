import Core
import Imaging
import Render
import Testing
import TestSupport

/// A 16x16 test card: a left-to-right ramp with value (x + 0.5) / 16 in rows 0-11, row 12
/// white over row 13 black (which average to mid-gray), rows 14-15 white.
private func testCard() -> Image {
    var image = Image(width: 16, height: 16)
    for y in 0..<16 {
        for x in 0..<16 {
            image[x, y] = y < 12 ? (Float(x) + 0.5) / 16 : (y == 13 ? 0 : 1)
        }
    }
    return image
}

/// The 6x6 square x 5...10, y 4...9, plus one lone pixel at (1, 11).
private func testMask() -> Mask {
    var mask = rectangleMask(width: 16, height: 16, x0: 5, x1: 10, y0: 4, y1: 9)
    mask[1, 11] = 1
    return mask
}

@Suite struct OverlayTests {
    // Worked by hand. At width 16 each character is one pixel column and two pixel rows,
    // averaged. Ramp " .,:-=+*%" indexes by floor(9v): columns 0-15 of the ramp rows give
    // floor(9(x + .5)/16) = 0 0 1 1 2 3 3 4 4 5 5 6 7 7 8 8. Rows 12/13 average to 0.5 -> '-'.
    // The square covers character rows 2-4, columns 5-10: its border cells are edges '@',
    // the inner four '#'. The lone pixel (1, 11) lands in cell (1, 5) and, alone, is an edge.
    // The legend wraps to the 16 columns.
    @Test func plainOverlayMatchesTheHandWorkedCard() throws {
        let overlay = try Overlay(image: testCard(), mask: testMask())
        let expected = """
              ..,::--==+**%%
              ..,::--==+**%%
              ..,@@@@@@+**%%
              ..,@####@+**%%
              ..,@@@@@@+**%%
             @..,::--==+**%%
            ----------------
            %%%%%%%%%%%%%%%%
            # mask
            @ mask edge
            """
        #expect(overlay.terminal(style: .plain, width: 16) == expected)
    }

    @Test func outlineModeLeavesTheInsideToTheImage() throws {
        let overlay = try Overlay(image: testCard(), mask: testMask(), mode: .outline)
        let lines = overlay.terminal(style: .plain, width: 16).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[3] == "  ..,@:--=@+**%%")
        #expect(lines.last == "@ mask edge")
    }

    // Mask cells: rows 2-4, columns 5-10; prediction cells: rows 2-4, columns 3-8. On the
    // middle row, column 3 is the prediction's edge 'O', 4 its inside 'o', 5 the mask's edge
    // '@' (an edge wins over a fill), 6-7 inside both 'x', 8 the prediction's edge 'O', 9 the
    // mask's inside '#', 10 its edge '@'. On the top row, 5-8 are edges of both: 'X'.
    @Test func maskAndPredictionMarksAndOverlap() throws {
        let mask = rectangleMask(width: 16, height: 16, x0: 5, x1: 10, y0: 4, y1: 9)
        let prediction = rectangleMask(width: 16, height: 16, x0: 3, x1: 8, y0: 4, y1: 9)
        let overlay = try Overlay(image: testCard(), mask: mask, prediction: prediction)
        let lines = overlay.terminal(style: .plain, width: 16).split(separator: "\n").map(String.init)
        #expect(lines[2] == "  .OOXXXX@@+**%%")
        #expect(lines[3] == "  .Oo@xxO#@+**%%")
        #expect(lines[4] == "  .OOXXXX@@+**%%")
        let wide = overlay.terminal(style: .plain, width: 80).split(separator: "\n")
        #expect(wide.last == "# mask  @ mask edge  o prediction  O prediction edge  x overlap  X overlap edge")
    }

    // On a uniform gray of 0.5 (byte 128) a pixel changes colour exactly where the mask is.
    // Worked by hand: inside, 128 + (230 - 128) * 0.4 = 168.8 -> 169 and 128 + (40 - 128) * 0.4
    // = 92.8 -> 93; the one-pixel edge is the mask colour (230, 40, 40) itself.
    @Test func maskColourAppearsWhereTheMaskIsAndOnlyThere() throws {
        let image = Image(width: 40, height: 30, fill: 0.5)
        let mask = rectangleMask(width: 40, height: 30, x0: 10, x1: 24, y0: 5, y1: 19)
        let canvas = try Overlay(image: image, mask: mask).canvas()
        #expect(canvas.width == 40 && canvas.height == 30)
        for y in 0..<30 {
            for x in 0..<40 {
                let inside = (10...24).contains(x) && (5...19).contains(y)
                let edge = inside && (x == 10 || x == 24 || y == 5 || y == 19)
                let expected = edge ? RGB(230, 40, 40) : inside ? RGB(169, 93, 93) : RGB(128, 128, 128)
                #expect(canvas[x, y] == expected, "pixel (\(x), \(y))")
            }
        }
    }

    // The same figure through PNG and back: gray where there is no mask, changed only under it.
    @Test func decodedPNGShowsTheMaskOnlyUnderTheMask() throws {
        let image = Image(width: 40, height: 30, fill: 0.5)
        let mask = rectangleMask(width: 40, height: 30, x0: 3, x1: 30, y0: 8, y1: 12)
        let overlay = try Overlay(image: image, mask: mask)
        let gray = try decodedPNG(overlay)
        #expect(gray.width == 40 && gray.height == 30 && gray.bitDepth == 8)
        let canvas = overlay.canvas()
        for y in 0..<30 {
            for x in 0..<40 {
                let value = Int(gray.values[y * 40 + x])
                #expect(value == luma(canvas[x, y]))
                #expect((value != 128) == (mask[x, y] == 1), "pixel (\(x), \(y))")
            }
        }
    }

    // Overlap is yellow: 128 + (250 - 128) * 0.4 = 176.8 -> 177, 128 + 92 * 0.4 = 164.8 -> 165,
    // 128 - 98 * 0.4 = 88.8 -> 89. Prediction alone: 128 - 88 * 0.4 = 92.8 -> 93, 128 + 82 * 0.4
    // = 160.8 -> 161, 128 - 68 * 0.4 = 100.8 -> 101.
    @Test func overlapIsYellowAndPredictionGreen() throws {
        let image = Image(width: 20, height: 10, fill: 0.5)
        let mask = rectangleMask(width: 20, height: 10, x0: 0, x1: 11, y0: 0, y1: 9)
        let prediction = rectangleMask(width: 20, height: 10, x0: 6, x1: 19, y0: 0, y1: 9)
        let canvas = try Overlay(image: image, mask: mask, prediction: prediction).canvas()
        #expect(canvas[8, 5] == RGB(177, 165, 89))
        #expect(canvas[15, 5] == RGB(93, 161, 101))
        #expect(canvas[6, 5] == RGB(40, 210, 60))   // the prediction's left edge, inside the mask
        #expect(canvas[11, 5] == RGB(230, 40, 40))  // the mask's right edge, inside the prediction
        #expect(canvas[0, 0] == RGB(230, 40, 40))   // a region touching the border is closed there
    }

    @Test func outlinePNGLeavesTheInsideUntouched() throws {
        let image = Image(width: 20, height: 20, fill: 0.5)
        let mask = rectangleMask(width: 20, height: 20, x0: 5, x1: 14, y0: 5, y1: 14)
        let canvas = try Overlay(image: image, mask: mask, mode: .outline).canvas()
        #expect(canvas[5, 9] == Palette.mask)
        #expect(canvas[9, 9] == RGB(128, 128, 128))
        #expect(canvas[2, 2] == RGB(128, 128, 128))
    }

    @Test func scaledPNGKeepsTheAspectRatio() throws {
        let overlay = try Overlay(image: Image(width: 300, height: 200, fill: 0.2), size: 150)
        let canvas = overlay.canvas()
        #expect(canvas.width == 150 && canvas.height == 100)
    }

    @Test func badSizesAreErrorsThatNameTheMask() throws {
        let image = Image(width: 16, height: 16)
        #expect(throws: InputError("overlay", at: "prediction", "is 8x16 but the image is 16x16")) {
            try Overlay(image: image, prediction: Mask(width: 8, height: 16))
        }
        #expect(throws: InputError.self) { try Overlay(image: image, size: 0) }
        #expect(throws: InputError.self) { try Overlay(image: image, size: 100_000) }
    }

    // The real chest X-ray drawn at its own size reads back as the same pixels: the README's
    // pixel sum 33,590,126 (gray pixels keep their value through the RGB figure and PNG).
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func realChestXRayRoundTripsThroughTheFigure() throws {
        let xray = try PNG.read(path: SharedData.chestPNG)
        let gray = try decodedPNG(try Overlay(image: xray))
        #expect(gray.width == 512 && gray.height == 512)
        #expect(gray.sum == 33_590_126)
    }

    // Fitted to an 80x24 terminal, the square X-ray is 2 * (24 - 3) = 42 columns wide and
    // 21 rows tall, so it fits the screen with room for the prompt.
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func realChestXRayFitsTheTerminal() throws {
        let overlay = try Overlay(image: try PNG.read(path: SharedData.chestPNG))
        let columns = overlay.preferredWidth(in: TerminalSize(columns: 80, rows: 24))
        #expect(columns == 42)
        let lines = overlay.terminal(style: .plain, width: columns).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 21)
        #expect(lines.allSatisfy { $0.unicodeScalars.count <= 42 })
    }
}
