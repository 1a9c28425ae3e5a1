import Render

extension Value {
    /// The value as HTML for a rich display, beside its text: a table as a `<table>` (the
    /// same first rows the terminal shows); nil for every other value, which only has text.
    /// The Jupyter kernel sends it as `text/html` and the notebook runner records it, so an
    /// exported `.ipynb` carries the same mime bundle the kernel produces. Lines are joined by
    /// newlines, with none at the end.
    public var html: String? {
        guard case .object(let table as TableObject) = self else { return nil }
        return Self.html(table)
    }

    private static func html(_ table: TableObject, rows limit: Int = 20) -> String {
        var lines = ["<table>", "<thead><tr>" + table.names.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>", "<tbody>"]
        for row in 0..<min(limit, table.rowCount) {
            lines.append("<tr>" + table.columns.map { "<td>\(HTML.escape(cell($0[row])))</td>" }.joined() + "</tr>")
        }
        lines += ["</tbody>", "</table>"]
        if table.rowCount > limit { lines.append("<p>\(limit) of \(table.rowCount) rows</p>") }
        return lines.joined(separator: "\n")
    }

    private static func cell(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return value.display(color: false)
    }
}
