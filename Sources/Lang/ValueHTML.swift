import Lang
import Render

/// A table as an HTML `<table>` for a front end's rich display; the text form stays
/// alongside as `text/plain`. Shows the same first rows the terminal shows.
enum TableHTML {
    static func render(_ table: TableObject, rows limit: Int = 20) -> String {
        var html = "<table>\n<thead><tr>" + table.names.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in 0..<min(limit, table.rowCount) {
            html += "<tr>" + table.columns.map { "<td>\(HTML.escape(cell($0[row])))</td>" }.joined() + "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if table.rowCount > limit { html += "<p>\(limit) of \(table.rowCount) rows</p>\n" }
        return html
    }

    private static func cell(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return value.display(color: false)
    }
}
