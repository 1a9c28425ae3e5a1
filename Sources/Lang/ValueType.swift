/// The type a builtin's parameter accepts. Checked before the builtin runs, so a wrong
/// argument is reported with the parameter's name and the expected type.
public indirect enum ValueType: Sendable {
    case any
    case number
    case integer
    case string
    case bool
    case list
    case range
    case record
    case function
    /// An engine object of the given kind ("dataset", "tensor").
    case object(String)
    /// A name written bare, as in `help coverage`; a string is accepted too.
    case name
    case oneOf([ValueType])

    /// A number or a tensor: what the tensor primitives take.
    public static let numeric = ValueType.oneOf([.number, .object("tensor")])
    /// A list or a range.
    public static let sequence = ValueType.oneOf([.list, .range])

    /// The type as a noun phrase for messages: "an integer", "a number or a tensor".
    public var description: String {
        switch self {
        case .any: "any value"
        case .number: "a number"
        case .integer: "an integer"
        case .string, .name: "a string"
        case .bool: "a bool (true or false)"
        case .list: "a list"
        case .range: "a range"
        case .record: "a record"
        case .function: "a function"
        case .object(let kind): (kind.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + kind
        case .oneOf(let types): types.map(\.description).joined(separator: " or ")
        }
    }

    /// The short name used in signatures: `bins: integer`.
    public var shortName: String {
        switch self {
        case .any: "any"
        case .number: "number"
        case .integer: "integer"
        case .string: "string"
        case .name: "name"
        case .bool: "bool"
        case .list: "list"
        case .range: "range"
        case .record: "record"
        case .function: "function"
        case .object(let kind): kind
        case .oneOf(let types): types.map(\.shortName).joined(separator: "|")
        }
    }

    /// Whether `value` is acceptable.
    public func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _): true
        case (.number, .number), (.string, .string), (.name, .string), (.bool, .bool): true
        case (.list, .list), (.range, .range), (.record, .record), (.function, .function): true
        case (.integer, _): value.integer != nil
        case (.object(let kind), .object(let o)): o.kind == kind
        case (.oneOf(let types), _): types.contains { $0.accepts(value) }
        default: false
        }
    }
}
