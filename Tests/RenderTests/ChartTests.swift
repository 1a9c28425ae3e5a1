import Core
import Imaging
import Render
import Testing

@Suite struct HistogramTests {
    // Worked by hand over [0, 1] in 4 bins of 0.25: 0 and 0.1 -> bin 0; 0.25 -> bin 1;
    // 0.5 -> bin 2; 0.99 and the end 1.0 -> bin 3. NaN and 2.0 are not counted.
    @Test func binsValuesByTheirEdges() throws {
        let h = try Histogram(values: [0, 0.1, 0.25, 0.5, 0.99, 1.0, .nan, 2.0], bins: 4, range: 0...1)
        #expect(h.counts == [2, 1, 1, 2])
        #expect(h.edges == [0, 0.25, 0.5, 0.75, 1])
        #expect(h.ignored == 2)
    }

    @Test func badArgumentsAreErrors() {
        #expect(throws: InputError.self) { try Histogram(values: [1], bins: 0) }
        #expect(throws: InputError.self) { try Histogram(values: [1], bins: 5, range: 1...1) }
        #expect(throws: InputError.self) { try Histogram(values: [1], range: -Double.infinity...0) }
    }

    /// Counts 2, 6, 10, 4 in four bins over [0, 4].
    static func known() throws -> Histogram {
        let values = Array(repeating: 0.5, count: 2) + Array(repeating: 1.5, count: 6)
            + Array(repeating: 2.5, count: 10) + Array(repeating: 3.5, count: 4)
        return try Histogram(values: values, bins: 4, range: 0...4, title: "known", xLabel: "value")
    }

    // The PNG decoded back: find the axes (the longest ink run is the x axis; the y axis rises
    // from its left end), then each bar must fill exactly its share. The y axis runs 0 to 10
    // (the largest count, already a whole step of 2), so bar i spans columns
    // left + round(i * w / 4) + 1 ..< left + round((i + 1) * w / 4) (its left boundary stays
    // blank) and rows from bottom - round(count / 10 * h) down to the axis.
    @Test func axesAndBarsAreAtTheirComputedPositions() throws {
        let gray = try decodedPNG(try Self.known())
        let ink = luma(Palette.ink), bar = luma(Palette.bar)
        let axes = try #require(FoundAxes(gray, ink: ink))
        #expect(axes.left > 20 && axes.right < gray.width - 10 && axes.top > 20 && axes.bottom < gray.height - 20)
        func value(_ x: Int, _ y: Int) -> Int { Int(gray.values[y * gray.width + x]) }
        let w = Double(axes.right - axes.left), h = Double(axes.bottom - axes.top)
        for (i, count) in [2, 6, 10, 4].enumerated() {
            let c0 = axes.left + Int((Double(i) * w / 4).rounded()) + 1
            let c1 = axes.left + Int((Double(i + 1) * w / 4).rounded())
            let top = axes.bottom - Int((Double(count) / 10 * h).rounded())
            for x in c0..<c1 {
                #expect(value(x, top) == bar, "bar \(i) top at column \(x)")
                #expect(value(x, axes.bottom - 1) == bar, "bar \(i) foot at column \(x)")
                #expect(value(x, top - 1) != bar, "bar \(i) above its top at column \(x)")
            }
            #expect(value(c0 - 1, axes.bottom - 1) != bar, "gap before bar \(i)")
        }
        // The tallest bar reaches the top of the y axis.
        #expect(axes.top == axes.bottom - Int(h))
    }

    // Terminal bars: 10 plot rows with the x axis as zero, so a count c of the largest 10 is
    // c / 10 * 80 eighths: 2 -> 16 (two full cells), 6 -> 48, 10 -> 80, 4 -> 32.
    @Test func terminalBarsHaveTheirHeights() throws {
        let text = try Self.known().terminal(style: .plain, width: 44)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let axisRow = try #require(lines.firstIndex { $0.contains("\u{2514}") })
        let axisColumn = try #require(lines[axisRow].firstIndex(of: "\u{2514}"))
        var fullCells: [Int] = []
        for column in (axisColumn + 1)..<lines[axisRow].count {
            fullCells.append((0..<axisRow).filter { row in
                column < lines[row].count && lines[row][column] == "\u{2588}"
            }.count)
        }
        // Each bin has a quarter of the columns; collapse runs of equal heights.
        let heights = fullCells.reduce(into: [Int]()) { runs, h in if runs.last != h { runs.append(h) } }
        #expect(heights == [2, 6, 10, 4])
        #expect(text.contains("known") && text.contains("value") && text.contains("count"))
        #expect(lines[axisRow].starts(with: Array(" 0 \u{2514}".unicodeScalars)))
    }
}

@Suite struct BarChartTests {
    // Worked by hand at width 20: names 1 wide, numbers 1 wide, so 20 - 1 - 1 - 4 = 14 bar
    // columns for the span 0...3. F: 1/3 * 112 = 37.3 -> 37 eighths = four full cells and a
    // five-eighths block; M: 3 -> 112 eighths = 14 full cells.
    @Test func terminalBarsWithEighths() throws {
        let chart = try BarChart(labels: ["F", "M"], values: [1, 3])
        let full = "\u{2588}"
        #expect(chart.terminal(style: .plain, width: 20) == """
            F \u{2502}\(String(repeating: full, count: 4))\u{258B} 1
            M \u{2502}\(String(repeating: full, count: 14)) 3
            """)
    }

    @Test func negativeValuesGrowLeftOfZero() throws {
        let chart = try BarChart(labels: ["up", "down"], values: [2, -2])
        let lines = chart.terminal(style: .plain, width: 30).split(separator: "\n").map { Array($0.unicodeScalars) }
        let up = try #require(lines[0].firstIndex(of: "\u{2588}"))
        let down = try #require(lines[1].lastIndex(of: "\u{2588}"))
        #expect(down == up - 1)
    }

    @Test func mismatchedInputIsAnError() {
        #expect(throws: InputError.self) { try BarChart(labels: ["a"], values: [1, 2]) }
        #expect(throws: InputError.self) { try BarChart(labels: ["a"], values: [.nan]) }
        #expect(throws: InputError.self) { try BarChart(labels: [], values: []) }
    }

    // Each bar's PNG column holds the bar colour from its value's height down to zero.
    @Test func pngBarsStandOnTheAxis() throws {
        let gray = try decodedPNG(try BarChart(labels: ["a", "b"], values: [5, 10]))
        let axes = try #require(FoundAxes(gray, ink: luma(Palette.ink)))
        let w = axes.right - axes.left, h = Double(axes.bottom - axes.top)
        func value(_ x: Int, _ y: Int) -> Int { Int(gray.values[y * gray.width + x]) }
        for (i, v) in [5.0, 10.0].enumerated() {
            let middle = axes.left + 1 + (2 * i + 1) * w / 4
            let top = axes.bottom - Int((v / 10 * h).rounded())
            #expect(value(middle, top) == luma(Palette.bar))
            #expect(value(middle, axes.bottom - 1) == luma(Palette.bar))
            #expect(value(middle, top - 1) != luma(Palette.bar))
        }
    }
}

@Suite struct LinePlotTests {
    // y = x from (0, 0) to (10, 10): the axes run exactly 0 to 10, so the line passes through
    // the middle of the plot, drawn in the first series colour.
    @Test func pngLineCrossesThePlotDiagonal() throws {
        let plot = try LinePlot([try .init("y", x: [0, 10], y: [0, 10])])
        let canvas = plot.canvas()
        let gray = try decodedPNG(plot)
        let axes = try #require(FoundAxes(gray, ink: luma(Palette.ink)))
        let midX = (axes.left + axes.right) / 2, midY = (axes.top + axes.bottom) / 2
        let near = (-2...2).flatMap { dy in (-2...2).map { dx in canvas[midX + dx, midY + dy] } }
        #expect(near.contains(Palette.seriesColor(0)))
        #expect(canvas[axes.left + 5, axes.top + 5] != Palette.seriesColor(0))
    }

    @Test func terminalPlotMarksEachSeriesAndNamesItInTheLegend() throws {
        let plot = try LinePlot([try .init("train", y: [1, 0.5, 0.25]), try .init("val", y: [1.2, 0.8, 0.7])],
                                xLabel: "epoch", yLabel: "loss")
        let text = plot.terminal(style: .plain, width: 40)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.last == "     * train  o val")
        #expect(text.contains("*") && text.contains("o") && text.contains("epoch") && text.contains("loss"))
    }

    @Test func exponentLabelsForSmallValues() throws {
        let plot = try LinePlot([try .init("lr", y: [1e-3, 5e-4, 0])])
        let text = plot.terminal(style: .plain, width: 40)
        #expect(text.contains("1e-3") && text.contains("2e-4"))
    }

    @Test func mismatchedSeriesIsAnError() {
        #expect(throws: InputError.self) { try LinePlot.Series("a", x: [1, 2], y: [1]) }
        #expect(throws: InputError.self) { try LinePlot([]) }
    }
}

@Suite struct SparklineTests {
    @Test func eightLevelsFromLowToHigh() {
        #expect(Sparkline.text([1, 2, 3, 4, 5, 6, 7, 8]) == "\u{2581}\u{2582}\u{2583}\u{2584}\u{2585}\u{2586}\u{2587}\u{2588}")
        #expect(Sparkline.text([2, 2, 2]) == "\u{2584}\u{2584}\u{2584}")
        #expect(Sparkline.text([0, .nan, 1]) == "\u{2581} \u{2588}")
        #expect(Sparkline.text([]) == "")
    }

    // Sixteen values in eight characters: each shows the mean of a pair (0.5, 2.5, ... 14.5),
    // evenly spaced, so all eight levels appear once.
    @Test func longSeriesAreAveragedToTheWidth() {
        #expect(Sparkline.text((0..<16).map(Double.init), width: 8)
            == "\u{2581}\u{2582}\u{2583}\u{2584}\u{2585}\u{2586}\u{2587}\u{2588}")
    }
}

@Suite struct HeatmapTests {
    // A 2x1 map [0, 1] grows by 128 to 256 x 128: its left half is viridis(0), its right
    // half viridis(1); the colour bar beside it runs through the whole map.
    @Test func pngMapAndColourBar() throws {
        let canvas = try Heatmap(Image(width: 2, height: 1, pixels: [0, 1])).canvas()
        var low = 0, high = 0
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                if canvas[x, y] == Viridis.color(0) { low += 1 }
                if canvas[x, y] == Viridis.color(1) { high += 1 }
            }
        }
        #expect(low >= 128 * 128 && high >= 128 * 128)
        let barColumn = (0..<canvas.width).first { x in
            Set((0..<canvas.height).map { canvas[x, $0] }).count > 100
        }
        #expect(barColumn != nil && barColumn! > 256)
    }

    @Test func plainHeatmapUsesTheRampAndShowsTheRange() throws {
        let map = Image(width: 4, height: 2, pixels: [0, 0.3, 0.6, 1, 1, 0.6, 0.3, 0])
        let text = try Heatmap(map, range: 0...1).terminal(style: .plain, width: 4)
        // Each character averages a column's two pixels: 0.5 everywhere -> ramp index 4 '-'.
        #expect(text == "----\n0 [ .,:-=+*%] 1")
    }

    @Test func badInputIsAnError() {
        #expect(throws: InputError.self) { try Heatmap(Image(width: 0, height: 0)) }
        #expect(throws: InputError.self) { try Heatmap(Image(width: 2, height: 2), range: 1...1) }
    }
}

@Suite struct TableTests {
    // Worked by hand: widths 4 and 2; the numeric column aligns right.
    @Test func alignsTextLeftAndNumbersRight() throws {
        let table = try Table(columns: ["name", "n"], rows: [["a", "1"], ["bb", "10"]])
        #expect(table.terminal(style: .plain, width: 80) == """
            name   n
            ----  --
            a      1
            bb    10
            """)
    }

    @Test func percentagesCountAsNumbersAndShortRowsArePadded() throws {
        let table = try Table(columns: ["id", "cov"], rows: [["x", "2.5%"], ["y"]], title: "t")
        #expect(table.lines == ["t", "id   cov", "--  ----", "x   2.5%", "y"])
    }

    @Test func tooManyCellsIsAnError() {
        #expect(throws: InputError("table", at: "row 2", "has 3 cells for 2 columns")) {
            try Table(columns: ["a", "b"], rows: [["1", "2"], ["1", "2", "3"]])
        }
    }
}

@Suite struct ExtremeValueTests {
    // Spans near the largest Double overflow to infinity inside the scales; every view must
    // still draw (no trap on NaN positions) in every form.
    @Test func hugeSpansStillDraw() throws {
        let big = Double.greatestFiniteMagnitude
        let views: [any Figure] = [
            try Histogram(values: [-big, 0, big], bins: 3),
            try LinePlot([try .init("s", y: [-big, big, 0])]),
            try BarChart(labels: ["a", "b"], values: [big, -big]),
            Sparkline([-big, big, 0, .infinity]),
            try Heatmap(Image(width: 2, height: 1, pixels: [-Float.greatestFiniteMagnitude, .greatestFiniteMagnitude])),
        ]
        for view in views {
            #expect(!view.terminal(style: .plain, width: 30).isEmpty)
            #expect(!view.terminal(style: .ansi256, width: 30).isEmpty)
            #expect(view.canvas().width > 0)
        }
        let h = try Histogram(values: [-big, 0, big], bins: 3)
        #expect(h.counts.reduce(0, +) + h.ignored == 3)
    }
}
