/// One lexical token. `spaceBefore` lets the parser tell `xs[0]` (indexing) from
/// `show [a, b]` (a command whose argument is a list).
struct Token: Sendable {
    enum Kind: Sendable, Hashable {
        case number(Double)
        case string(String)
        /// A string with `{...}` parts, as literal text and the ranges of the code inside.
        case interpolated([Piece])
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case newline
        case end
        /// A lexical error; `incomplete` marks one that more input could fix (an open string).
        case invalid(reason: String, incomplete: Bool)
    }

    enum Keyword: String, Sendable, CaseIterable {
        case fn, `true`, `false`, none, and, or, not
        case `for`, `in`, `if`, then, `else`, `break`, `continue`, `return`
    }

    /// A part of an interpolated string: text, or the range of an expression's code and the
    /// format after its colon.
    enum Piece: Sendable, Hashable {
        case text(String)
        case code(SourceRange, format: String?, formatRange: SourceRange?)
    }

    enum Symbol: String, Sendable, CaseIterable {
        case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", caret = "^"
        case equal = "=", equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<="
        case greater = ">", greaterEqual = ">=", pipe = "|", dotDot = "..", dot = "."
        case comma = ",", colon = ":", semicolon = ";"
        case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
        case leftBrace = "{", rightBrace = "}"
    }

    var kind: Kind
    var range: SourceRange
    /// The token exactly as written (number literals keep their spelling in saved scripts).
    var text: String
    var spaceBefore: Bool

    func isSymbol(_ s: Symbol) -> Bool { kind == .symbol(s) }
    func isKeyword(_ k: Keyword) -> Bool { kind == .keyword(k) }

    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }
}
