/// The syntax tree. Every node keeps its source range for error carets.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        /// A number literal with its spelling, kept so saved scripts show `1e-3`, not `0.001`.
        case number(Double, spelling: String)
        case string(String)
        case bool(Bool)
        case none
        case name(String)
        case list([Expr])
        case record([(name: String, value: Expr)])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case range(Expr, Expr)
        case member(Expr, name: String)
        case index(Expr, Expr)
        case slice(Expr, lower: Expr?, upper: Expr?)
        /// A call; `command` marks the `verb a b k=v` form so it is saved the way it was typed.
        case call(Expr, [CallArgument], command: Bool)
    }

    public var kind: Kind
    public var range: SourceRange
}

/// One argument of a call, positional (`name == nil`) or named.
public struct CallArgument: Sendable {
    public var name: String?
    public var nameRange: SourceRange?
    public var value: Expr
}

public enum UnaryOperator: String, Sendable {
    case negate = "-", not = "not"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
    /// Composition, as in `hflip(p=0.5) | gamma(80, 120)`.
    case pipe = "|"
}

/// A parameter of a user-defined function, with its default expression if it has one.
public struct FunctionParameter: Sendable {
    public var name: String
    public var range: SourceRange
    public var defaultValue: Expr?
}

/// One statement: an expression, an assignment, or a function definition.
public struct Statement: Sendable {
    public enum Kind: Sendable {
        case expression(Expr)
        case assignment(name: String, nameRange: SourceRange, value: Expr)
        case function(name: String, nameRange: SourceRange, parameters: [FunctionParameter], body: Expr)
    }

    public var kind: Kind
    public var range: SourceRange
    /// The text it was parsed from, for error messages.
    public var source: SourceText
}
