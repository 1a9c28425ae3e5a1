import Foundation

/// Tables as RFC 4180 CSV: a header row of column names, then one line per row, fields
/// separated by commas and lines by CRLF, a field in double quotes when it holds a comma,
/// a quote or a line break (a quote inside doubled).
///
/// Types survive the round trip: an unquoted field that reads as a number (or `nan`,
/// `inf`, `-inf`) is a number, `true`/`false` a bool, an empty field none, anything else a
/// string; so the writer quotes every string that would otherwise read back as one of those.
enum TableCSV {
    /// Cells a read may hold: about 400 MB of values, whatever the file's shape.
    static let maximumCells = 10_000_000
    /// The largest file a read takes.
    static let maximumBytes = 256 << 20

    // MARK: writing

    static func encode(_ table: TableObject) -> String {
        var text = table.names.map(quotedIfNeeded).joined(separator: ",") + "\r\n"
        for r in 0..<table.rowCount {
            text += table.columns.map { field($0[r]) }.joined(separator: ",") + "\r\n"
        }
        return text
    }

    static func field(_ value: Value) -> String {
        switch value {
        case .none: ""
        case .string(let s): typed(Substring(s)) == nil ? quotedIfNeeded(s) : quoted(s)
        // Every digit a number needs to read back exactly, not the 15 shown on screen.
        case .number(let x): Value.exact(x)
        default: value.summary
        }
    }

    private static func quotedIfNeeded(_ s: String) -> String {
        let special = s.contains { $0 == "," || $0 == "\"" || $0.isNewline }
            || s.first?.isWhitespace == true || s.last?.isWhitespace == true
        return special ? quoted(s) : s
    }

    private static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// What an unquoted field means when it is not a string: a number, a bool or none.
    static func typed(_ field: Substring) -> Value? {
        switch field {
        case "": return Value.none
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "nan": return .number(.nan)
        case "inf": return .number(.infinity)
        case "-inf": return .number(-.infinity)
        default:
            // Only decimal notation: Swift's Double would also take hex, "infinity" and "NaN".
            guard field.allSatisfy({ "0123456789+-.eE".contains($0) }), let x = Double(field) else { return nil }
            return .number(x)
        }
    }

    // MARK: reading

    /// One parsed field: its text and whether it was quoted.
    private struct Field {
        var bytes: [UInt8] = []
        var quoted = false
    }

    /// Parses CSV bytes (UTF-8, an optional byte-order mark, CRLF or LF line ends; blank
    /// lines skipped). Errors name `source` and the line.
    static func decode(_ bytes: [UInt8], source: String) throws(LangError) -> TableObject {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var rows: [(line: Int, fields: [Field])] = []
        var row: [Field] = [], field = Field()
        var line = 1, rowLine = 1, quoteLine = 1
        var inQuotes = false, closed = false, cells = 0
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        func endRow() throws(LangError) {
            row.append(field)
            let blank = row.count == 1 && row[0].bytes.isEmpty && !row[0].quoted
            if !blank {
                cells += row.count
                guard cells <= maximumCells else {
                    throw LangError("\(source) has more than \(maximumCells) cells by line \(rowLine); "
                                    + "read_csv reads at most that many")
                }
                rows.append((rowLine, row))
            }
            row = []
            field = Field()
            closed = false
        }

        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if inQuotes {
                if b == quote {
                    if i < bytes.count && bytes[i] == quote {
                        field.bytes.append(quote)
                        i += 1
                    } else {
                        inQuotes = false
                        closed = true
                    }
                } else {
                    if b == lf { line += 1 }
                    field.bytes.append(b)
                }
                continue
            }
            switch b {
            case comma:
                row.append(field)
                field = Field()
                closed = false
            case cr, lf:
                if b == cr && i < bytes.count && bytes[i] == lf { i += 1 }
                try endRow()
                line += 1
                rowLine = line
            case quote:
                guard field.bytes.isEmpty && !field.quoted else {
                    throw LangError("\(source), line \(line): a quote inside a field that does not start with one; "
                                    + "quote the whole field and double the quotes inside it")
                }
                field.quoted = true
                inQuotes = true
                quoteLine = line
            default:
                if closed {
                    throw LangError("\(source), line \(line): text after a closing quote; a quoted field "
                                    + "must end at a comma or the end of the line")
                }
                field.bytes.append(b)
            }
        }
        if inQuotes {
            throw LangError("\(source), line \(quoteLine): a quoted field opened here never closes")
        }
        if !row.isEmpty || !field.bytes.isEmpty || field.quoted { try endRow() }
        return try table(rows, source: source)
    }

    /// The header row's names and the typed cells of the other rows.
    private static func table(_ rows: [(line: Int, fields: [Field])], source: String) throws(LangError) -> TableObject {
        guard let header = rows.first else { throw LangError("\(source) is empty; a CSV needs a header row") }
        // Names are trimmed: the SIIM labels file's header is `ImageId, EncodedPixels`.
        let names = header.fields.map { String(decoding: $0.bytes, as: UTF8.self).trimmingSpaces() }
        var columns = [[Value]](repeating: [], count: names.count)
        for (line, fields) in rows.dropFirst() {
            guard fields.count == names.count else {
                throw LangError("\(source), line \(line): \(fields.count) field\(fields.count == 1 ? "" : "s") "
                                + "but the header has \(names.count)")
            }
            for (c, f) in fields.enumerated() {
                let text = String(decoding: f.bytes, as: UTF8.self)
                columns[c].append(f.quoted ? .string(text) : (typed(Substring(text)) ?? .string(text)))
            }
        }
        do throws(LangError) {
            return try TableObject(names: names, columns: columns)
        } catch {
            throw LangError("\(source), line \(header.line): \(error.message)")
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
