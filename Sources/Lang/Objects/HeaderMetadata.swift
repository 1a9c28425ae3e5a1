import Data
import Imaging

/// The headers table (`headers "siim"`) as metadata by image id, for joining to labels: the
/// columns `id`, `sex`, `age` and `view`, as `headers` writes them (any table with those
/// columns will do, e.g. one read from a CSV).
struct HeaderMetadata {
    let byID: [String: Metadata]

    init(_ table: TableObject) throws {
        let ids = try table.column("id")
        let sex = try table.column("sex"), age = try table.column("age"), view = try table.column("view")
        var byID: [String: Metadata] = [:]
        for (i, id) in ids.enumerated() {
            guard case .string(let key) = id else {
                throw LangError("headers: row \(i) has an id that is a \(id.typeName), not a string")
            }
            func text(_ v: Value) -> String? { if case .string(let s) = v, !s.isEmpty { return s } else { return nil } }
            byID[key] = Metadata(sex: text(sex[i]), age: age[i].integer, view: text(view[i]))
        }
        self.byID = byID
    }

    /// The headers as a table: one row per file with id, sex, age (years), view, modality,
    /// rows, columns and path (below `folder`, as the user wrote it); none where a header
    /// lacks the attribute.
    static func table(_ headers: DICOMHeaders, folder: String) throws -> TableObject {
        let rows = headers.rows
        func text(_ s: String?) -> Value { s.map(Value.string) ?? .none }
        return try TableObject(
            names: ["id", "sex", "age", "view", "modality", "rows", "columns", "path"],
            columns: [rows.map { .string($0.id) },
                      rows.map { text(Metadata($0.metadata).sex) },
                      rows.map { Metadata($0.metadata).age.map { .number(Double($0)) } ?? .none },
                      rows.map { text(Metadata($0.metadata).view) },
                      rows.map { text($0.metadata.modality) },
                      rows.map { .number(Double($0.metadata.rows)) },
                      rows.map { .number(Double($0.metadata.columns)) },
                      rows.map { .string(folder + "/" + $0.relativePath) }])
    }
}
