/// A table as aligned text that never wraps: a row-number column, then as many columns as
/// fit `width` (the rest are named underneath), cells longer than `maximumCell` cut in the
/// middle with "…", and only the first rows, with a line saying how many more there are. Columns of
/// numbers align right, others left.
struct TableText {
    let table: TableObject

    init(_ table: TableObject) { self.table = table }

    /// The widest a cell is shown, in characters.
    static let maximumCell = 24
    static let gap = "  "

    /// One column as shown: its header, its cells, and whether it aligns right.
    private struct Block {
        var header: String
        var cells: [String]
        var right: Bool
    }

    /// How a cell reads in the table: numbers to four decimals, strings without quotes.
    static func cell(_ value: Value) -> String {
        switch value {
        case .number(let x): Formatting.fixed(x)
        case .string(let s): String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        default: value.summary
        }
    }

    /// `text` cut to `width` characters in the middle, keeping a third of the room for its
    /// start and the rest for its end: SIIM ImageIds share their start and differ at the end.
    static func fitted(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        let head = (width - 1) / 3
        return String(text.prefix(head)) + "…" + String(text.suffix(width - 1 - head))
    }

    func render(width: Int, rows limit: Int) -> String {
        let width = max(20, width)
        let shown = min(max(0, limit), table.rowCount)
        let numbers = (0..<shown).map(String.init)
        let numberWidth = numbers.last?.count ?? 1
        // Each column's header and cells, cut to the widest a cell may be.
        var blocks: [Block] = []
        var used = numberWidth
        for (name, column) in zip(table.names, table.columns) {
            let cells = column.prefix(shown).map { Self.fitted(Self.cell($0), Self.maximumCell) }
            let header = Self.fitted(name, Self.maximumCell)
            let columnWidth = ([header] + cells).map(\.count).max() ?? 0
            let room = width - used - Self.gap.count
            if columnWidth > room {
                // The first column is shown however narrow it must be; later ones are left out.
                guard blocks.isEmpty, room >= 1 else { break }
                blocks.append(Block(header: Self.fitted(header, room), cells: cells.map { Self.fitted($0, room) },
                                    right: Self.isNumeric(column)))
                used = width
                break
            }
            blocks.append(Block(header: header, cells: cells, right: Self.isNumeric(column)))
            used += Self.gap.count + columnWidth
        }
        var lines = Self.aligned([Block(header: "", cells: numbers, right: true)] + blocks)
        if table.rowCount == 0 { lines.append("(no rows)") }
        if shown < table.rowCount {
            lines.append("... \(table.rowCount - shown) more rows (\(table.rowCount) in all)")
        }
        let hidden = table.names.dropFirst(blocks.count)
        if !hidden.isEmpty {
            let note = "... \(hidden.count) more column\(hidden.count == 1 ? "" : "s"): " + hidden.joined(separator: ", ")
            lines.append(Builtin.wrap(note, width: width, indent: ""))
        }
        return lines.joined(separator: "\n")
    }

    /// Whether every present cell of a column is a number.
    private static func isNumeric(_ column: [Value]) -> Bool {
        column.allSatisfy { if case .number = $0 { true } else { ValueOrder.isMissing($0) } }
    }

    /// The header, a rule under it and the rows, each column padded to its widest cell.
    private static func aligned(_ blocks: [Block]) -> [String] {
        let widths = blocks.map { ([$0.header] + $0.cells).map(\.count).max() ?? 0 }
        func line(_ cell: (Int) -> String) -> String {
            var text = blocks.indices.map { c in
                let content = cell(c)
                let fill = String(repeating: " ", count: widths[c] - content.count)
                return blocks[c].right ? fill + content : content + fill
            }.joined(separator: gap)
            while text.last == " " { text.removeLast() }
            return text
        }
        let rows = blocks.first?.cells.count ?? 0
        return [line { blocks[$0].header }, line { String(repeating: "-", count: widths[$0]) }]
            + (0..<rows).map { r in line { blocks[$0].cells[r] } }
    }
}
