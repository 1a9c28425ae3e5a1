/// The syntax tree. Every node keeps its source range for error carets.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        /// A number literal with its spelling, kept so saved scripts show `1e-3`, not `0.001`.
        case number(Double, spelling: String)
        case string(String)
        /// A string with `{expression}` or `{expression:format}` parts.
        case interpolated([InterpolationPart])
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
        /// `if condition then value else alternative`.
        case conditional(Expr, then: Expr, else: Expr)
        /// `[element for names in sequence if condition]`.
        case comprehension(element: Expr, names: [String], sequence: Expr, condition: Expr?)
    }

    public var kind: Kind
    public var range: SourceRange
}

/// A piece of an interpolated string: literal text, or an expression with an optional
/// format specification (`{dice:.4f}`).
public enum InterpolationPart: Sendable {
    case text(String)
    case value(Expr, format: FormatSpec?)
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

/// Statements between `{` and `}`: a loop's, a branch's or a function's body.
public struct Block: Sendable {
    public var statements: [Statement]
    public var range: SourceRange
}

/// What a function computes: one expression (`fn f(x) = x + 1`) or a block whose `return`,
/// or else whose last expression statement, gives the result.
public enum FunctionBody: Sendable {
    case expression(Expr)
    case block(Block)
}

/// One statement: an expression, an assignment, a function definition, or control flow.
public struct Statement: Sendable {
    public enum Kind: Sendable {
        case expression(Expr)
        case assignment(name: String, nameRange: SourceRange, value: Expr)
        case function(name: String, nameRange: SourceRange, parameters: [FunctionParameter], body: FunctionBody)
        /// `for name in sequence { ... }`; two or more names unpack each item (`for i, x in enumerate(xs)`).
        case loop(names: [String], namesRange: SourceRange, sequence: Expr, body: Block)
        /// `if c { ... } else if d { ... } else { ... }`.
        case branch(conditions: [(condition: Expr, body: Block)], otherwise: Block?)
        case breakLoop
        case continueLoop
        case returnValue(Expr?)
    }

    public var kind: Kind
    public var range: SourceRange
    /// The text it was parsed from, for error messages.
    public var source: SourceText
}
