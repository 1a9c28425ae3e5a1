import Render

/// Named columns of equal length: per-image results, a dataset's labels and metadata, a
/// CSV read back. Indexing gives a row as a record, slicing a smaller table, and `t.dice`
/// the column as a list, so error analysis needs no new syntax.
public final class TableObject: EngineObject {
    /// Column names, unique and non-empty, in order.
    public let names: [String]
    /// One array of cells per column, all `rowCount` long. A cell is a number, a string, a
    /// bool or none, so every table can be written as CSV.
    public let columns: [[Value]]
    public let rowCount: Int

    /// Checks the names and that every column has the same length and only plain cells.
    public init(names: [String], columns: [[Value]]) throws(LangError) {
        guard names.count == columns.count else {
            throw LangError("a table needs one name per column: \(names.count) names for \(columns.count) columns")
        }
        var seen = Set<String>()
        for name in names {
            guard !name.isEmpty else { throw LangError("a table's column names must not be empty") }
            guard seen.insert(name).inserted else { throw LangError("the column name `\(name)` appears twice") }
        }
        let length = columns.first?.count ?? 0
        for (name, column) in zip(names, columns) {
            guard column.count == length else {
                throw LangError("the column `\(name)` has \(column.count) values but `\(names[0])` has \(length); "
                                + "a table's columns must have equal lengths")
            }
            if let row = column.firstIndex(where: { !Self.isCell($0) }) {
                throw LangError("the column `\(name)` holds a \(column[row].typeName) in row \(row); "
                                + "table cells are numbers, strings, bools or none")
            }
        }
        self.names = names
        self.columns = columns
        self.rowCount = length
    }

    /// Rows already known to fit the columns (a selection of an existing table's rows).
    private init(checked names: [String], _ columns: [[Value]], rows: Int) {
        self.names = names
        self.columns = columns
        self.rowCount = rows
    }

    /// Whether a value can be a cell.
    static func isCell(_ value: Value) -> Bool {
        switch value {
        case .number, .string, .bool, .none: true
        default: false
        }
    }

    public var kind: String { "table" }

    // MARK: columns and rows

    /// The position of the column `name`, if there is one.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The cells of column `name`; an unknown name is an error listing the columns.
    public func column(_ name: String) throws(LangError) -> [Value] {
        guard let c = index(of: name) else { throw unknownColumn(name) }
        return columns[c]
    }

    /// The error for a column name the table lacks, with the nearest one it has.
    public func unknownColumn(_ name: String) -> LangError {
        LangError("the table has no column `\(name)`; its columns are "
                  + names.map { "`\($0)`" }.joined(separator: ", "),
                  suggestion: Suggestions.nearest(to: name, in: names))
    }

    /// Row `i` as a record of its cells.
    public func row(_ i: Int) -> Record {
        Record(names.indices.map { (names[$0], columns[$0][i]) })
    }

    /// The rows at `indices`, in that order (each in `0..<rowCount`).
    public func rows(_ indices: [Int]) -> TableObject {
        TableObject(checked: names, columns.map { column in indices.map { column[$0] } }, rows: indices.count)
    }

    /// The columns named, in the order named.
    public func selecting(_ selected: [String]) throws(LangError) -> TableObject {
        let cells = try selected.map { (name) throws(LangError) in try column(name) }
        return try TableObject(names: selected, columns: cells)
    }

    /// The table ordered by one column, stable, with none (and NaN) last either way.
    public func sorted(by column: String, descending: Bool) throws(LangError) -> TableObject {
        rows(ValueOrder.sortedIndices(try self.column(column), descending: descending))
    }

    // MARK: EngineObject

    public var summary: String {
        let shape = "table: \(rowCount) row\(rowCount == 1 ? "" : "s") x \(names.count) column\(names.count == 1 ? "" : "s")"
        // As many names as fit a line of 80 columns.
        var listed: [String] = []
        for name in names {
            let candidate = (listed + [name]).joined(separator: ", ")
            let more = listed.count + 1 < names.count ? ", ...)" : ")"
            if shape.count + 2 + candidate.count + more.count > 80 { break }
            listed.append(name)
        }
        if listed.isEmpty { return shape }
        return shape + " (" + listed.joined(separator: ", ") + (listed.count < names.count ? ", ...)" : ")")
    }

    /// Rows a statement's value shows; `describe` shows up to `detailRows`.
    static let displayRows = 20
    static let detailRows = 500

    /// The table as aligned text no wider than `width`, showing at most `rows` rows.
    public func text(width: Int, rows: Int) -> String { TableText(self).render(width: width, rows: rows) }

    public func display(color: Bool) -> String { text(width: TerminalSize.current.columns, rows: Self.displayRows) }

    public var details: String { summary + "\n" + text(width: TerminalSize.current.columns, rows: Self.detailRows) }

    /// The columns, and `columns` (their names) unless a column is called that.
    public var memberNames: [String] { names + (index(of: "columns") == nil ? ["columns"] : []) }

    public func member(_ name: String) throws -> Value? {
        if let c = index(of: name) { return .list(columns[c]) }
        if name == "columns" { return .list(names.map { .string($0) }) }
        return nil
    }

    public var count: Int? { rowCount }
    public func element(at index: Int) throws -> Value { .record(row(index)) }
    public func slice(_ range: Range<Int>) throws -> Value { .object(rows(Array(range))) }
}
