import Foundation
import Lang
import Segmentation

/// A variable's value as the cache stores it: plain values as JSON, histories as their
/// records, tables and evaluations as their cells, models as a state file beside the entry.
/// Anything else (datasets, transforms, losses, functions) cannot be stored, and a block
/// that assigns one is not cached.
indirect enum StoredValue: Codable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case none
    case list([StoredValue])
    case range(Int, Int)
    case record([Field])
    case history(History)
    /// A table's column names and its cells, column by column.
    case table(names: [String], columns: [[StoredValue]])
    /// An evaluation: its scores, its printed report and its per-image table (a `.table`).
    case evaluation(scores: [Field], report: String, images: StoredValue)
    /// A model whose state is in `file` (inside the entry's folder).
    case model(file: String, info: ModelObject.StateInfo)

    struct Field: Codable, Equatable {
        var name: String
        var value: StoredValue
    }
}

/// Turns values into stored values, writing model states into one folder; the same model
/// object reached twice is written once.
struct ValueWriter {
    let directory: String
    private var models: [ObjectIdentifier: StoredValue] = [:]

    init(directory: String) { self.directory = directory }

    /// The stored form of `value`, or nil if it holds something that cannot be stored.
    mutating func store(_ value: Value) throws -> StoredValue? {
        switch value {
        case .number(let x): return x.isFinite ? .number(x) : nil
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return StoredValue.none
        case .range(let a, let b): return .range(a, b)
        case .list(let items):
            var stored: [StoredValue] = []
            for item in items {
                guard let s = try store(item) else { return nil }
                stored.append(s)
            }
            return .list(stored)
        case .record(let record):
            var fields: [StoredValue.Field] = []
            for field in record.fields {
                guard let s = try store(field.value) else { return nil }
                fields.append(.init(name: field.name, value: s))
            }
            return .record(fields)
        case .object(let history as HistoryObject): return .history(history.history)
        case .object(let table as TableObject):
            guard let columns = try store(columns: table) else { return nil }
            return .table(names: table.names, columns: columns)
        case .object(let evaluation as EvaluationObject):
            guard case .record(let scores)? = try store(.record(evaluation.scores)),
                  let columns = try store(columns: evaluation.images) else { return nil }
            return .evaluation(scores: scores, report: evaluation.report,
                               images: .table(names: evaluation.images.names, columns: columns))
        case .object(let model as ModelObject):
            if let known = models[ObjectIdentifier(model)] { return known }
            let file = "model-\(models.count + 1).safetensors"
            let stored = StoredValue.model(file: file, info: try model.writeState(to: directory + "/" + file))
            models[ObjectIdentifier(model)] = stored
            return stored
        case .function, .object: return nil
        }
    }

    /// A table's cells column by column, or nil if one cannot be stored (a NaN).
    private mutating func store(columns table: TableObject) throws -> [[StoredValue]]? {
        var stored: [[StoredValue]] = []
        for column in table.columns {
            guard case .list(let cells)? = try store(.list(column)) else { return nil }
            stored.append(cells)
        }
        return stored
    }
}

/// Turns stored values back into values. A model goes back into `existing` when that is a
/// model of the same architecture (other references to it then see the trained state);
/// otherwise a new model object is made. One file gives one object.
struct ValueReader {
    let directory: String
    private var models: [String: ModelObject] = [:]

    init(directory: String) { self.directory = directory }

    mutating func value(_ stored: StoredValue, existing: Value? = nil) throws -> Value {
        switch stored {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .range(let a, let b): return .range(a, b)
        case .list(let items): return .list(try items.map { try value($0) })
        case .record(let fields): return .record(Record(try fields.map { ($0.name, try value($0.value)) }))
        case .history(let history): return .object(HistoryObject(history))
        case .table(let names, let columns):
            return .object(try TableObject(names: names, columns: try columns.map { try $0.map { try value($0) } }))
        case .evaluation(let scores, let report, let images):
            guard case .record(let record) = try value(.record(scores)),
                  case .object(let table as TableObject) = try value(images) else {
                throw LangError("a stored evaluation has no per-image table")
            }
            return .object(EvaluationObject(scores: record, report: report, images: table))
        case .model(let file, let info):
            if let known = models[file] { return .object(known) }
            let path = directory + "/" + file
            let model: ModelObject
            if case .object(let current as ModelObject)? = existing, current.model.config == info.config {
                try current.readState(from: path, info: info)
                model = current
            } else {
                model = try ModelObject.readState(from: path, info: info)
            }
            models[file] = model
            return .object(model)
        }
    }
}
