import Foundation
import Core

extension Registry {
    /// Tables for error analysis and EDA: `table`, `where`, `sort`, `head`, `select`,
    /// `group`, `write` and `read_csv`.
    func addTables() {
        add(Builtin("table", .table, [Parameter("x", .any)],
                    help: "A table: named columns of equal length. From a dataset (one row per image: id, positive, area, "
                        + "coverage, regions, sex, age, view), a labels file (id, positive, regions, area, coverage), an "
                        + "evaluation (its per-image results), a list of records (one row each) or a record of "
                        + "equal-length lists (one column each). `t.dice` is a column as a list, `t[3]` a row as a "
                        + "record, `t[0:10]` the first ten rows, `len t` the number of rows.",
                    example: "t = table({id: [\"a\", \"b\", \"c\"], dice: [0.5, 0.9, 0.1]})\nt\nt[1]\n"
                        + "table(synth_dataset(count=6, size=32, seed=1))") { args in
            .object(try Self.table(args, "x"))
        })
        add(Builtin("where", .table, [Parameter("t", .any), Parameter("cond", .oneOf([.function, .list, .record]))],
                    help: "The rows of a table that pass a condition. `cond` is a function of the row (a record) giving true "
                        + "or false, a list of bools with one per row, or a record of column values to match, "
                        + "`{outcome: \"fp\"}` (a list matches any of its items: `{outcome: [\"fp\", \"fn\"]}`).",
                    example: "t = table({id: [\"a\", \"b\", \"c\"], dice: [0.5, 0.9, 0.1], sex: [\"F\", \"M\", \"F\"]})\n"
                        + "fn poor(r) = r.dice < 0.6\nwhere(t, poor)\nwhere(t, {sex: \"F\"})") { args in
            let t = try Self.table(args, "t")
            return .object(t.rows(try Self.passing(t, args)))
        })
        add(Builtin("sort", .table, [Parameter("x", .any), Parameter("by", .any, default: Value.none),
                                     Parameter("desc", .bool, default: false)],
                    help: "Sorts a table, a list or a tensor. A table sorts by the column `by` (or by a function of the row), a list by "
                        + "its items' natural order (numbers, strings), by a field of its records (`by=\"dice\"`) or by a function "
                        + "of the item. Stable: equal keys keep their order. `desc=true` puts the largest first; "
                        + "missing values (none, nan) always come last. A tensor's values come out flattened, as a "
                        + "differentiable 1-D tensor.",
                    example: "sort [3, 1, 2]\nt = table({id: [\"a\", \"b\", \"c\"], dice: [0.5, 0.9, 0.1]})\n"
                        + "sort(t, by=\"dice\", desc=true)") { args in
            let descending = try args.bool("desc")
            switch args["x"] {
            case .list(let items):
                let keys = try Self.sortKeys(items, args)
                return .list(ValueOrder.sortedIndices(keys, descending: descending).map { items[$0] })
            case .object(is TableObject), .object(is EvaluationObject):
                let t = try Self.table(args, "x")
                guard args.has("by") else {
                    throw args.error("by", "sorting a table needs `by=`, a column name (one of "
                                     + t.names.map { "`\($0)`" }.joined(separator: ", ") + ") or a function of the row")
                }
                let keys = try Self.rowKeys(t, args, "by")
                return .object(t.rows(ValueOrder.sortedIndices(keys, descending: descending)))
            case .object(let t as TensorObject):
                // A tensor's values, flattened and sorted; differentiable, like `take(x, argsort(x))`.
                return .object(TensorObject(try t.tensor.sorted(descending: descending)))
            default:
                throw args.error("x", "`sort` sorts a table, a list or a tensor, not a \(args["x"].typeName)")
            }
        })
        add(Builtin("head", .table, [Parameter("x", .any), Parameter("n", .integer, default: 5)],
                    help: "The first `n` rows of a table, items of a list, or samples of a dataset.",
                    example: "head [5, 4, 3, 2, 1, 0] n=3\nhead(table({x: 0..100}), n=2)") { args in
            let n = try args.int("n")
            guard n >= 0 else { throw args.error("n", "`n` must not be negative") }
            switch args["x"] {
            case .list(let items): return .list(Array(items.prefix(n)))
            case .object(let o):
                if let count = o.count { return try o.slice(0..<min(n, count)) }
            default: break
            }
            throw args.error("x", "`head` takes a table, a list or a dataset, not a \(args["x"].typeName)")
        })
        add(Builtin("select", .table, [Parameter("t", .any), Parameter("columns", .oneOf([.string, .list]))],
                    help: "The table with only the named columns, in the order named. `columns` is a name or a list of names.",
                    example: "t = table({id: [\"a\", \"b\"], dice: [0.5, 0.9], age: [40, 61]})\n"
                        + "select(t, [\"dice\", \"id\"])") { args in
            let t = try Self.table(args, "t")
            let names: [String]
            if case .string(let one) = args["columns"] {
                names = [one]
            } else {
                names = try args.list("columns").enumerated().map { i, item in
                    guard case .string(let name) = item else {
                        throw args.error("columns", "item \(i) is a \(item.typeName), not a column name")
                    }
                    return name
                }
            }
            guard !names.isEmpty else { throw args.error("columns", "name at least one column to keep") }
            do throws(LangError) { return .object(try t.selecting(names)) } catch {
                var located = args.error("columns", error.message)
                located.suggestion = error.suggestion
                throw located
            }
        })
        add(Builtin("group", .table, [Parameter("t", .any), Parameter("by", .oneOf([.string, .function]))],
                    help: "Counts and means by group. One row per distinct value of the column `by` (or of a function of the row), in natural "
                        + "order with none last: the value, `count` (rows in the group) and `mean_NAME` for every "
                        + "column of numbers or bools (a bool column's mean is the share of true, such as a positive "
                        + "rate), leaving missing cells out.",
                    example: "t = table({sex: [\"F\", \"M\", \"F\"], dice: [0.5, 0.9, 0.1], positive: [true, false, true]})\n"
                        + "group(t, by=\"sex\")") { args in
            let t = try Self.table(args, "t")
            return .object(try Self.grouped(t, args))
        })
        add(Builtin("write", .table, [Parameter("t", .any), Parameter("path", .string)],
                    help: "Writes a table (or anything `table` takes) as a CSV file. RFC 4180: a header row of "
                        + "column names, fields quoted where needed, strings that would read back as numbers or bools "
                        + "quoted too, none as an empty field. Written to a temporary file and renamed into place.",
                    example: "t = table({id: [\"a,1\", \"b\"], dice: [0.5, 0.9]})\nwrite t \"scores.csv\"\n"
                        + "read_csv \"scores.csv\"") { args in
            let t = try Self.table(args, "t")
            let path = try args.writablePath("path")
            try FileIO.writeAtomically(Array(TableCSV.encode(t).utf8), to: path)
            args.session.print("wrote \(try args.string("path")): \(t.rowCount) rows x \(t.names.count) columns")
            return .none
        })
        add(Builtin("read_csv", .table, [Parameter("path", .string)],
                    help: "Reads a CSV file with a header row as a table. Unquoted fields that read as numbers become "
                        + "numbers, `true`/`false` bools, empty fields none, everything else (and every quoted field) "
                        + "a string. Column names are trimmed of spaces. At most 256 MiB and 10,000,000 cells.",
                    example: "write table({id: [\"a\", \"b\"], n: [1, 2]}) \"small.csv\"\nread_csv \"small.csv\"") { args in
            let path = try args.readablePath("path")
            // The size of what the path leads to, so a link cannot hide a huge file.
            let target = (path as NSString).resolvingSymlinksInPath
            let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
            guard size <= TableCSV.maximumBytes else {
                throw args.error("path", "the file has \(size) bytes; read_csv reads files of at most \(TableCSV.maximumBytes)")
            }
            let bytes = try FileIO.read(path: path)
            return .object(try TableCSV.decode(bytes, source: try args.string("path")))
        })
    }

    /// The argument `name` as a table: a table as it is, or what `table` makes of it.
    static func table(_ args: Arguments, _ name: String) throws -> TableObject {
        do throws(LangError) {
            switch args[name] {
            case .object(let t as TableObject): return t
            case .object(let e as EvaluationObject): return e.images
            case .object(let d as DatasetObject): return try Operators.guarded(args.callRange) { try TableObject.of(d.dataset) }
            case .object(let l as LabelsObject): return try Operators.guarded(args.callRange) { try TableObject.of(l.labels) }
            case .list(let items): return try TableObject.of(records: items)
            case .record(let r): return try TableObject.of(columns: r)
            default:
                throw LangError("a table is made from a dataset, labels, an evaluation, a list of records or a "
                                + "record of lists, not a \(args[name].typeName)")
            }
        } catch {
            throw args.error(name, error.message)
        }
    }

    /// The rows of `t` that pass the call's `cond`.
    private static func passing(_ t: TableObject, _ args: Arguments) throws -> [Int] {
        switch args["cond"] {
        case .function(let f):
            return try (0..<t.rowCount).filter { i in
                let verdict = try args.session.call(f, [.record(t.row(i))])
                guard case .bool(let keep) = verdict else {
                    throw args.error("cond", "`\(f.name)` gave \(verdict.summary) for row \(i); it must give true or false")
                }
                return keep
            }
        case .list(let flags):
            guard flags.count == t.rowCount else {
                throw args.error("cond", "the list has \(flags.count) items but the table has \(t.rowCount) rows")
            }
            return try flags.indices.filter { i in
                guard case .bool(let keep) = flags[i] else {
                    throw args.error("cond", "item \(i) is a \(flags[i].typeName); the list must hold one bool per row")
                }
                return keep
            }
        case .record(let wanted):
            let tests = try wanted.fields.map { field -> (column: [Value], accepts: [Value]) in
                do throws(LangError) {
                    let accepted: [Value]
                    if case .list(let options) = field.value { accepted = options } else { accepted = [field.value] }
                    return (try t.column(field.name), accepted)
                } catch {
                    var located = args.error("cond", error.message)
                    located.suggestion = error.suggestion
                    throw located
                }
            }
            return (0..<t.rowCount).filter { i in
                tests.allSatisfy { test in test.accepts.contains { $0.isEqual(to: test.column[i]) } }
            }
        default:
            throw args.error("cond", "`cond` must be a function of the row, a list of bools or a record of values")
        }
    }

    /// One key per row: the column named by the argument `name`, or a function of the row.
    private static func rowKeys(_ t: TableObject, _ args: Arguments, _ name: String) throws -> [Value] {
        switch args[name] {
        case .string(let column):
            do throws(LangError) { return try t.column(column) } catch {
                var located = args.error(name, error.message)
                located.suggestion = error.suggestion
                throw located
            }
        case .function(let f):
            return try (0..<t.rowCount).map { try args.session.call(f, [.record(t.row($0))]) }
        default:
            throw args.error(name, "`\(name)` must be a column name or a function of the row, not a \(args[name].typeName)")
        }
    }

    /// The keys a list sorts by: the items, a field of each record, or a function of each item.
    private static func sortKeys(_ items: [Value], _ args: Arguments) throws -> [Value] {
        switch args["by"] {
        case .none: return items
        case .function(let f): return try items.map { try args.session.call(f, [$0]) }
        case .string(let field):
            return try items.enumerated().map { i, item in
                guard case .record(let r) = item, let key = r[field] else {
                    throw args.error("by", "item \(i) is \(item.typeName == "record" ? "a record without" : "not a record with") "
                                     + "the field `\(field)`")
                }
                return key
            }
        default:
            throw args.error("by", "`by` must be a field name or a function of the item, not a \(args["by"].typeName)")
        }
    }

    /// The table of groups for `group`.
    private static func grouped(_ t: TableObject, _ args: Arguments) throws -> TableObject {
        let keys = try rowKeys(t, args, "by")
        var keyName = "key"
        switch args["by"] {
        case .string(let column): keyName = column
        case .function(let f): keyName = f.name
        default: break
        }
        // Distinct keys in natural order, each with its rows.
        var distinct: [Value] = [], members: [[Int]] = []
        for i in ValueOrder.sortedIndices(keys, descending: false) {
            if let last = distinct.last, last.isEqual(to: keys[i]) || (ValueOrder.isMissing(last) && ValueOrder.isMissing(keys[i])) {
                members[members.count - 1].append(i)
            } else {
                distinct.append(ValueOrder.isMissing(keys[i]) ? .none : keys[i])
                members.append([i])
            }
        }
        var names = [keyName, "count"], columns: [[Value]] = [distinct, members.map { .number(Double($0.count)) }]
        for (name, column) in zip(t.names, t.columns) where name != keyName && Self.isMeasure(column) {
            names.append("mean_" + name)
            columns.append(members.map { rows in
                let numbers = rows.compactMap { Self.measure(column[$0]) }
                return numbers.isEmpty ? .none : .number(numbers.reduce(0, +) / Double(numbers.count))
            })
        }
        do throws(LangError) { return try TableObject(names: names, columns: columns) } catch {
            throw args.error("by", error.message)
        }
    }

    /// A cell as a number to average: a number (not NaN), or a bool as 1 or 0.
    private static func measure(_ value: Value) -> Double? {
        switch value {
        case .number(let x) where !x.isNaN: x
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    /// Whether a column holds numbers or bools (and missing cells), at least one present.
    private static func isMeasure(_ column: [Value]) -> Bool {
        column.contains { measure($0) != nil } && column.allSatisfy { measure($0) != nil || ValueOrder.isMissing($0) }
    }
}
