/// One lexical token. `spaceBefore` lets the parser tell `xs[0]` (indexing) from
/// `show [a, b]` (a command whose argument is a list).
struct Token: Sendable {
    enum Kind: Sendable, Hashable {
        case number(Double)
        case string(String)
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
