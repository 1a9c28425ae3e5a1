/// A value in the language. Engine objects (datasets, tensors, transforms, models...) are
/// carried behind the `EngineObject` protocol, so new kinds need no change here.
public enum Value {
    case number(Double)
    case string(String)
    case bool(Bool)
    case none
    case list([Value])
    /// The integers `lower ..< upper`, written `lower..upper`.
    case range(Int, Int)
    case record(Record)
    case function(Function)
    case object(any EngineObject)

    /// The name of the value's type as users see it in messages and `type x`.
    public var typeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        case .none: "none"
        case .list: "list"
        case .range: "range"
        case .record: "record"
        case .function: "function"
        case .object(let object): object.kind
        }
    }

    /// The value as an integer, if it is a number with no fractional part.
    public var integer: Int? {
        guard case .number(let x) = self, x.rounded() == x, abs(x) < 9e15 else { return nil }
        return Int(x)
    }

    /// Structural equality for plain values; engine objects compare by identity.
    public func isEqual(to other: Value) -> Bool {
        switch (self, other) {
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.none, .none): true
        case let (.list(a), .list(b)): a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        case let (.range(a0, a1), .range(b0, b1)): a0 == b0 && a1 == b1
        case let (.record(a), .record(b)):
            a.fields.count == b.fields.count
                && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value.isEqual(to: $1.value) }
        case let (.function(a), .function(b)): a.name == b.name
        case let (.object(a), .object(b)): a === b
        default: false
        }
    }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// Named fields in the order they were given; builtins return records for grouped results
/// (`split` gives `{train: ..., val: ...}`).
public struct Record {
    public var fields: [(name: String, value: Value)]

    public init(_ fields: [(name: String, value: Value)]) { self.fields = fields }

    public subscript(name: String) -> Value? {
        fields.first { $0.name == name }?.value
    }
}

/// A callable value: a builtin or a user-defined `fn`.
public enum Function {
    case builtin(Builtin)
    case user(UserFunction)

    public var name: String {
        switch self {
        case .builtin(let b): b.name
        case .user(let f): f.name
        }
    }
}

/// A function defined with `fn name(a, b, k=default) = expr` or `fn name(a, b) { ... }`.
/// Defaults are evaluated once, when the definition runs.
public final class UserFunction {
    public let name: String
    public let parameters: [(name: String, defaultValue: Value?)]
    public let body: FunctionBody
    /// The definition in canonical form, for `help name` and for the saved script.
    public let definition: String
    /// The text the definition was parsed from, so an error in the body points into it.
    let source: SourceText

    init(name: String, parameters: [(name: String, defaultValue: Value?)], body: FunctionBody, definition: String,
         source: SourceText) {
        self.name = name
        self.source = source
        self.parameters = parameters
        self.body = body
        self.definition = definition
    }

    /// The definition on one line: itself for a one-expression function, the head and
    /// `{ ... }` for a block body.
    public var signature: String {
        guard case .block = body, let head = definition.split(separator: "\n").first else { return definition }
        return head + " ... }"
    }

    /// Where the body is, for errors about the call as a whole (recursion too deep).
    var bodyRange: SourceRange {
        switch body {
        case .expression(let e): e.range
        case .block(let b): b.range
        }
    }
}
