import Imaging
import Render
import Testing

@Suite struct TerminalTests {
    @Test func styleComesFromTheEnvironment() {
        #expect(TerminalStyle.detect(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"], outputIsTerminal: true) == .plain)
        #expect(TerminalStyle.detect(environment: ["COLORTERM": "truecolor"], outputIsTerminal: false) == .plain)
        #expect(TerminalStyle.detect(environment: ["COLORTERM": "truecolor"], outputIsTerminal: true) == .truecolor)
        #expect(TerminalStyle.detect(environment: ["COLORTERM": "24bit"], outputIsTerminal: true) == .truecolor)
        #expect(TerminalStyle.detect(environment: [:], outputIsTerminal: true) == .ansi256)
        // no-color.org: an empty NO_COLOR does not count.
        #expect(TerminalStyle.detect(environment: ["NO_COLOR": ""], outputIsTerminal: true) == .ansi256)
    }

    // Worked by hand: a 2x2 image, top row black and white, bottom row mid-gray (byte 128).
    // One cell row of two upper half blocks, each top pixel as foreground and bottom as background.
    @Test func truecolorHalfBlocks() throws {
        let image = Image(width: 2, height: 2, pixels: [0, 1, 0.5, 0.5])
        let text = try Overlay(image: image).terminal(style: .truecolor, width: 2)
        let esc = "\u{1B}["
        #expect(text == esc + "0;38;2;0;0;0;48;2;128;128;128m\u{2580}"
                     + esc + "0;38;2;255;255;255;48;2;128;128;128m\u{2580}" + esc + "0m")
    }

    @Test func ansi256UsesTheXtermPalette() throws {
        // Cube: index 16 + 36 r + 6 g + b over levels 0, 95, 135, 175, 215, 255; grays 232-255.
        #expect(TerminalEncoder.xterm256(RGB(255, 0, 0)) == 196)
        #expect(TerminalEncoder.xterm256(RGB(0, 0, 0)) == 16)
        #expect(TerminalEncoder.xterm256(RGB(255, 255, 255)) == 231)
        #expect(TerminalEncoder.xterm256(RGB(128, 128, 128)) == 244)   // gray 8 + 10 * 12 = 128
        #expect(TerminalEncoder.xterm256(RGB(95, 135, 175)) == 67)      // exactly cube (1, 2, 3)
        let image = Image(width: 1, height: 2, pixels: [1, 0])
        let text = try Overlay(image: image).terminal(style: .ansi256, width: 1)
        #expect(text == "\u{1B}[0;38;5;231;48;5;16m\u{2580}\u{1B}[0m")
    }

    @Test func colourIsSetOnlyWhenItChanges() {
        var grid = CellGrid(width: 3, height: 1)
        for x in 0..<3 { grid[x, 0] = Cell("#", foreground: RGB(1, 2, 3)) }
        #expect(TerminalEncoder.encode(grid, style: .truecolor) == "\u{1B}[0;38;2;1;2;3m###\u{1B}[0m")
        #expect(TerminalEncoder.encode(grid, style: .plain) == "###")
    }

    @Test func oddPixelRowLeavesTheLowerHalfToTheTerminal() {
        var canvas = Canvas(width: 1, height: 3, background: RGB(9, 9, 9))
        canvas[0, 2] = RGB(7, 7, 7)
        let grid = TerminalEncoder.halfBlocks(canvas)
        #expect(grid.height == 2)
        #expect(grid[0, 1] == Cell("\u{2580}", foreground: RGB(7, 7, 7), background: nil))
    }

    /// Every kind of view, for checks that must hold for all of them.
    static func everyView() throws -> [any Figure] {
        let image = Image(width: 24, height: 24, pixels: (0..<576).map { Float($0 % 24) / 23 })
        let mask = rectangleMask(width: 24, height: 24, x0: 4, x1: 12, y0: 6, y1: 14)
        let overlay = try Overlay(image: image, mask: mask, prediction: mask)
        return [
            overlay,
            try Grid([.init(overlay, caption: ["a", "b"]), .init(overlay, caption: ["c"])]),
            try Histogram(values: [0.1, 0.2, 0.2, 0.9], bins: 5, title: "t", xLabel: "x"),
            try BarChart(labels: ["F", "M"], values: [0.2, -0.1], title: "t"),
            try LinePlot([try .init("loss", y: [3, 2, 1]), try .init("dice", y: [0.1, 0.5, 0.7])], title: "t"),
            Sparkline([1, 3, 2, .nan, 5]),
            try Heatmap(image, title: "p"),
            try Table(columns: ["a", "b"], rows: [["x", "1"]]),
        ]
    }

    // NO_COLOR and pipes get the plain style, which must not contain a single escape byte;
    // colour styles must contain them (so the check is not vacuous).
    @Test func plainOutputHasNoEscapeBytes() throws {
        for view in try Self.everyView() {
            let plain = view.terminal(style: .plain, width: 40)
            #expect(!plain.utf8.contains(0x1B), "\(type(of: view))")
            #expect(!plain.isEmpty, "\(type(of: view))")
        }
        for view in try Self.everyView() where !(view is Table) {
            #expect(view.terminal(style: .truecolor, width: 40).utf8.contains(0x1B), "\(type(of: view))")
        }
    }

    @Test func terminalOutputFitsTheWidth() throws {
        for view in try Self.everyView() where !(view is Table) {
            for width in [20, 40, 80] {
                let lines = view.terminal(style: .plain, width: width).split(separator: "\n")
                let widest = lines.map { $0.unicodeScalars.count }.max() ?? 0
                #expect(widest <= width, "\(type(of: view)) at width \(width) is \(widest) wide")
            }
        }
    }
}
