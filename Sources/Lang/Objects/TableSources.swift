import Data
import Imaging
import Tensor

/// The values `table(x)` turns into tables: datasets and labels (one row per image, for
/// EDA), lists of records (one row each) and records of equal-length lists (one column each).
extension TableObject {
    /// One row per sample: id, positive, area (mask pixels at the dataset's size), coverage
    /// (area over all pixels), regions (8-connected), sex, age and view; the mask columns
    /// are none for unlabelled samples, the metadata columns where the header lacks them.
    static func of(_ dataset: Dataset) throws -> TableObject {
        let n = dataset.count, side = dataset.size
        var regions = [Int](repeating: 0, count: n)
        regions.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(n) { i in
                guard let runs = dataset.masks[i], !runs.isEmpty else { return }
                out[i] = Components(RLE.mask(runs, width: side, height: side)).count
            }
        }
        let areas = dataset.areas, pixels = Double(max(1, side * side))
        func labelled(_ i: Int, _ value: Value) -> Value { dataset.masks[i] == nil ? .none : value }
        let m = dataset.metadata
        return try TableObject(
            names: ["id", "positive", "area", "coverage", "regions", "sex", "age", "view"],
            columns: [dataset.ids.map { .string($0) },
                      (0..<n).map { labelled($0, .bool(areas[$0] > 0)) },
                      (0..<n).map { labelled($0, .number(Double(areas[$0]))) },
                      (0..<n).map { labelled($0, .number(Double(areas[$0]) / pixels)) },
                      (0..<n).map { labelled($0, .number(Double(regions[$0]))) },
                      m.map { $0.sex.map(Value.string) ?? .none },
                      m.map { $0.age.map { .number(Double($0)) } ?? .none },
                      m.map { $0.view.map(Value.string) ?? .none }])
    }

    /// One row per image of a labels file: id, positive, regions (label rows with pixels),
    /// area and coverage at the labels' resolution.
    static func of(_ labels: Labels) throws -> TableObject {
        let images = labels.images, pixels = Double(max(1, labels.width * labels.height))
        return try TableObject(
            names: ["id", "positive", "regions", "area", "coverage"],
            columns: [images.map { .string($0.id) }, images.map { .bool($0.isPositive) },
                      images.map { .number(Double($0.regionCount)) }, images.map { .number(Double($0.area)) },
                      images.map { .number(Double($0.area) / pixels) }])
    }

    /// One row per record; the columns are every field name in the order first seen, none
    /// where a record lacks the field.
    static func of(records items: [Value]) throws(LangError) -> TableObject {
        var records: [Record] = []
        for (i, item) in items.enumerated() {
            guard case .record(let r) = item else {
                throw LangError("item \(i) is a \(item.typeName); a table is made from a list of records")
            }
            records.append(r)
        }
        var names: [String] = []
        for r in records { for f in r.fields where !names.contains(f.name) { names.append(f.name) } }
        guard !names.isEmpty else { throw LangError("the records have no fields, so the table would have no columns") }
        return try TableObject(names: names, columns: names.map { name in records.map { $0[name] ?? .none } })
    }

    /// The longest column a range may become, as `list` bounds a range.
    static let maximumRangeColumn = 1_000_000

    /// One column per field, each a list (or range) of the same length.
    static func of(columns record: Record) throws(LangError) -> TableObject {
        guard !record.fields.isEmpty else { throw LangError("the record has no fields, so the table would have no columns") }
        let columns = try record.fields.map { (field) throws(LangError) -> [Value] in
            switch field.value {
            case .list(let items): return items
            case let .range(lo, hi):
                guard hi - lo <= Self.maximumRangeColumn else {
                    throw LangError("the field `\(field.name)` is a range of \(hi - lo) numbers; a column made from a "
                                    + "range holds at most \(Self.maximumRangeColumn)")
                }
                return (lo..<max(lo, hi)).map { .number(Double($0)) }
            default:
                throw LangError("the field `\(field.name)` is a \(field.value.typeName); each field of the record "
                                + "must be a list, one column")
            }
        }
        return try TableObject(names: record.fields.map(\.name), columns: columns)
    }
}
