import Core
import Imaging
import Render
import TestSupport
import Testing

@Suite struct CanvasTests {
    // Bresenham from (0, 0) to (4, 2), worked by hand: error starts at dx + dy = 4 - 2 = 2;
    // it steps diagonally where 2 * error <= dx, giving (0,0) (1,1) (2,1) (3,2) (4,2).
    @Test func lineSetsExactlyTheBresenhamPixels() {
        var canvas = Canvas(width: 6, height: 4, background: .white)
        canvas.line(from: 0, 0, to: 4, 2, .black)
        let expected: Set<[Int]> = [[0, 0], [1, 1], [2, 1], [3, 2], [4, 2]]
        for y in 0..<4 {
            for x in 0..<6 {
                #expect((canvas[x, y] == .black) == expected.contains([x, y]), "pixel (\(x), \(y))")
            }
        }
    }

    @Test func drawingClipsToTheCanvas() {
        var canvas = Canvas(width: 3, height: 3, background: .white)
        canvas.fill(x: -2, y: -2, width: 4, height: 4, .black)
        canvas.line(from: -5, 1, to: 10, 1, RGB(1, 2, 3))
        canvas.text("W", x: 2, y: -3, scale: 3)
        // Only the visible parts of each shape land, later shapes over earlier ones; the 'W',
        // whose left stroke starts at x = 2, shows only its rows below y = 0.
        #expect(canvas[0, 0] == .black && canvas[1, 0] == .black)
        #expect(canvas[0, 1] == RGB(1, 2, 3) && canvas[1, 1] == RGB(1, 2, 3))
        #expect(canvas[2, 0] == Palette.ink && canvas[2, 1] == Palette.ink)
        #expect(canvas[0, 2] == .white)
    }

    @Test func strokeDrawsOnlyTheBorder() {
        var canvas = Canvas(width: 5, height: 5, background: .white)
        canvas.stroke(x: 0, y: 0, width: 5, height: 5, .black)
        #expect(canvas[0, 2] == .black && canvas[4, 4] == .black && canvas[2, 0] == .black)
        #expect(canvas[2, 2] == .white && canvas[1, 1] == .white)
    }

    // 'T' in the 5x7 font: a full top row, then the middle column down to row 6.
    @Test func textDrawsTheGlyphPattern() {
        var canvas = Canvas(width: 7, height: 10, background: .white)
        canvas.text("T", x: 1, y: 1, scale: 1, color: .black)
        for y in 0..<10 {
            for x in 0..<7 {
                let ink = (y == 1 && (1...5).contains(x)) || (x == 3 && (1...7).contains(y))
                #expect((canvas[x, y] == .black) == ink, "pixel (\(x), \(y))")
            }
        }
        #expect(Canvas.textWidth("T", scale: 1) == 5)
        #expect(Canvas.textWidth("Tt", scale: 2) == 22)  // (2 * 6 - 1) * 2
    }

    // Turned a quarter turn anticlockwise, the top bar of 'T' becomes the left column
    // (x = 0), and its stem the row through the middle, reading upwards.
    @Test func verticalTextIsTurnedAnticlockwise() {
        var canvas = Canvas(width: 12, height: 9, background: .white)
        canvas.verticalText("T", x: 0, centerY: 4, scale: 1, color: .black)
        // Width 5 centred on row 4: the glyph's columns 0-4 land on rows 6 down to 2.
        for y in 0..<9 {
            #expect((canvas[0, y] == .black) == (2...6).contains(y), "bar at row \(y)")
        }
        for x in 0..<12 {
            #expect((canvas[x, 4] == .black) == (0...6).contains(x), "stem at column \(x)")
        }
    }

    @Test func pngRoundTripKeepsEveryPixel() throws {
        var canvas = Canvas(width: 7, height: 5, background: RGB(200, 10, 50))
        canvas.line(from: 0, 4, to: 6, 0, RGB(0, 90, 255), thickness: 2)
        let gray = try PNG.decodeSamples(canvas.pngData())
        #expect(gray.width == 7 && gray.height == 5)
        for y in 0..<5 {
            for x in 0..<7 { #expect(Int(gray.values[y * 7 + x]) == luma(canvas[x, y])) }
        }
    }

    @Test func pngBytesAreDeterministicAndWrittenToTheFile() throws {
        let figure = try Histogram(values: [1, 2, 2, 3, 3, 3], bins: 3, title: "same")
        let first = try figure.pngData()
        #expect(try figure.pngData() == first)
        #expect(try Histogram(values: [1, 2, 2, 3, 3, 3], bins: 3, title: "same").pngData() == first)
        let path = try TemporaryDirectory("render").path + "/h.png"
        try figure.writePNG(to: path)
        #expect(try FileIO.read(path: path) == first)
        #expect(try PNG.decodeSamples(first).width == FigureSize.chart.width)
    }

    @Test func viridisEndsAndMiddle() {
        #expect(Viridis.color(0) == RGB(0x44, 0x01, 0x54))
        #expect(Viridis.color(1) == RGB(0xFD, 0xE7, 0x25))
        #expect(Viridis.color(-3) == Viridis.color(0) && Viridis.color(.nan) == Viridis.color(0))
        #expect(Viridis.color(7) == Viridis.color(1))
        // 0.5 -> entry 128 of 255, 0.02 of the way from stop 5 (#21918C) to stop 6 (#22A884).
        #expect(Viridis.color(0.5) == RGB(0x21, 0x91, 0x8C))
    }

    @Test func figureSizesAreBounded() {
        #expect(throws: InputError.self) { try FigureSize(width: 10, height: 400) }
        #expect(throws: InputError.self) { try FigureSize(width: 800, height: 100_000) }
        #expect(throws: Never.self) { try FigureSize(width: 1200, height: 700) }
    }
}
