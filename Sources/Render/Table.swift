import Foundation
import Core

/// An aligned text table for summaries and per-image results: numeric columns are aligned
/// right, text columns left.
public struct Table: Figure {
    public let columns: [String]
    /// Rows of cells; rows shorter than `columns` are padded with empty cells.
    public let rows: [[String]]
    public var title: String

    /// Throws when a row has more cells than there are columns.
    public init(columns: [String], rows: [[String]], title: String = "") throws {
        for (i, row) in rows.enumerated() where row.count > columns.count {
            throw InputError("table", at: "row \(i + 1)", "has \(row.count) cells for \(columns.count) columns")
        }
        self.columns = columns
        self.rows = rows.map { $0 + Array(repeating: "", count: columns.count - $0.count) }
        self.title = title
    }

    static let gap = "  "

    /// Whether column `index` holds only numbers (or percentages), and so aligns right.
    func isNumeric(_ index: Int) -> Bool {
        let cells = rows.map { $0[index].trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return !cells.isEmpty && cells.allSatisfy { cell in
            Double(cell.hasSuffix("%") ? String(cell.dropLast()) : cell) != nil
        }
    }

    /// The header, a rule, and one line per row, with columns padded to a common width.
    public var lines: [String] {
        let widths = columns.indices.map { c in
            ([columns[c]] + rows.map { $0[c] }).map { $0.unicodeScalars.count }.max() ?? 0
        }
        let right = columns.indices.map(isNumeric)
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { c, text in
                let fill = String(repeating: " ", count: widths[c] - text.unicodeScalars.count)
                return right[c] ? fill + text : text + fill
            }
            return padded.joined(separator: Self.gap).droppingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: Self.gap)
        return (title.isEmpty ? [] : [title]) + [line(columns), rule] + rows.map(line)
    }

    /// The whole table, however wide: cutting columns would lose results.
    public func cells(style: TerminalStyle, width: Int) -> CellGrid {
        CellGrid(lines: lines)
    }

    public func canvas() -> Canvas {
        let s = ChartFrame.textScale, pad = 16, lineHeight = BitmapFont.lineHeight * s
        let text = lines
        let width = 2 * pad + (text.map { Canvas.textWidth($0, scale: s) }.max() ?? 0)
        var canvas = Canvas(width: width, height: 2 * pad + text.count * lineHeight)
        let firstRow = title.isEmpty ? 2 : 3
        for (i, line) in text.enumerated() {
            let y = pad + i * lineHeight
            if i >= firstRow, (i - firstRow) % 2 == 1 {
                // Every other row shaded, so the eye can follow long rows.
                canvas.fill(x: pad / 2, y: y - s * 2, width: width - pad, height: lineHeight, RGB(242, 242, 242))
            }
            if i == firstRow - 1 {
                canvas.fill(x: pad / 2, y: y + Canvas.capHeight(scale: s) / 2, width: width - pad, height: 2, Palette.ink)
            } else {
                canvas.text(line, x: pad, y: y, scale: s)
            }
        }
        return canvas
    }
}

extension String {
    func droppingTrailingSpaces() -> String {
        var scalars = Array(unicodeScalars)
        while scalars.last == " " { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
