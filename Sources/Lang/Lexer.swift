/// Turns source text into tokens. Never throws: a bad character or an unterminated string
/// becomes an `invalid` token, so the parser reports it with the same caret machinery as
/// any other syntax error. Newlines inside brackets and records are dropped, so a list,
/// call or record may span lines; inside a block's braces they separate statements.
struct Lexer {
    private let source: SourceText
    private var chars: [Character] { source.characters }
    private var index: Int
    /// Where lexing stops: the end of the text, or the `}` closing an interpolated expression.
    private let endIndex: Int
    private var line: Int
    private var column: Int
    /// The open brackets, innermost last: true for those whose newlines are dropped
    /// (`(`, `[`, a record's `{`), false for a block's `{`.
    private var brackets: [Bool] = []

    init(_ source: SourceText) {
        self.source = source
        self.index = 0
        self.endIndex = source.characters.count
        self.line = source.firstLine
        self.column = 1
    }

    /// A lexer over the part of `source` in `range` (the code inside a string's braces).
    init(_ source: SourceText, range: SourceRange) {
        self.source = source
        self.index = range.start.offset
        self.endIndex = range.end.offset
        self.line = range.start.line
        self.column = range.start.column
    }

    static func tokens(_ source: SourceText) -> [Token] {
        var lexer = Lexer(source)
        return lexer.all()
    }

    static func tokens(_ source: SourceText, in range: SourceRange) -> [Token] {
        var lexer = Lexer(source, range: range)
        return lexer.all()
    }

    private mutating func all() -> [Token] {
        var out: [Token] = []
        while true {
            let token = next()
            out.append(token)
            if token.kind == .end { return out }
        }
    }

    private var position: Position { Position(offset: index, line: line, column: column) }
    private var current: Character? { index < endIndex ? chars[index] : nil }
    private func peek(_ ahead: Int = 1) -> Character? {
        index + ahead < endIndex ? chars[index + ahead] : nil
    }

    private mutating func advance() {
        if chars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func next() -> Token {
        var spaced = false
        while let c = current {
            if c == " " || c == "\t" || c == "\r" || (c == "\n" && brackets.last == true) {
                advance(); spaced = true
            } else if c == "#" {
                while let d = current, d != "\n" { advance() }
            } else if c == "\\" && peek() == "\n" {
                advance(); advance(); spaced = true   // explicit line continuation
            } else {
                break
            }
        }
        let start = position
        guard let c = current else {
            return Token(kind: .end, range: SourceRange(start, start), text: "", spaceBefore: spaced)
        }
        let kind: Token.Kind
        if c == "\n" {
            advance(); kind = .newline
        } else if c.isNumber && c.isASCII {
            kind = number()
        } else if c.isLetter || c == "_" {
            var name = ""
            while let d = current, d.isLetter || d.isNumber || d == "_" { name.append(d); advance() }
            kind = Token.Keyword(rawValue: name).map { .keyword($0) } ?? .identifier(name)
        } else if c == "\"" || c == "'" {
            kind = string(quote: c)
        } else {
            kind = symbol()
        }
        return Token(kind: kind, range: SourceRange(start, position),
                     text: source.slice(SourceRange(start, position)), spaceBefore: spaced)
    }

    private mutating func number() -> Token.Kind {
        var text = ""
        func digits(_ lexer: inout Lexer) {
            while let d = lexer.current, (d.isASCII && d.isNumber) || d == "_" {
                if d != "_" { text.append(d) }
                lexer.advance()
            }
        }
        digits(&self)
        if current == ".", let d = peek(), d.isASCII && d.isNumber {
            text.append("."); advance(); digits(&self)
        }
        if current == "e" || current == "E" {
            let sign = peek()
            let signed = sign == "+" || sign == "-"
            if let d = peek(signed ? 2 : 1), d.isASCII && d.isNumber {
                text.append("e"); advance()
                if signed, let s = current { text.append(s); advance() }
                digits(&self)
            }
        }
        if let d = current, d.isLetter || d == "_" {
            return .invalid(reason: "a number cannot be followed directly by `\(d)`", incomplete: false)
        }
        guard let value = Double(text), value.isFinite else {
            return .invalid(reason: "`\(text)` is not a representable number", incomplete: false)
        }
        return .number(value)
    }

    private mutating func string(quote: Character) -> Token.Kind {
        advance()
        var value = ""
        var pieces: [Token.Piece] = []
        while let c = current {
            if c == quote {
                advance()
                guard !pieces.isEmpty else { return .string(value) }
                if !value.isEmpty { pieces.append(.text(value)) }
                return .interpolated(pieces)
            }
            if c == "{" && peek() == "{" || c == "}" && peek() == "}" {
                value.append(c); advance(); advance()
            } else if c == "{" {
                if !value.isEmpty { pieces.append(.text(value)) }
                value = ""
                switch interpolatedCode(quote: quote) {
                case .success(let piece): pieces.append(piece)
                case .failure(let error):
                    // Skip the rest of the string so its text is not read as code.
                    while let d = current, d != quote, d != "\n" { advance() }
                    if current == quote { advance() }
                    return error.kind
                }
            } else if c == "\\" {
                advance()
                guard let e = current else { break }
                advance()
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "0": value.append("\0")
                case "\\", "\"", "'": value.append(e)
                case "u":
                    guard let scalar = unicodeEscape() else {
                        return .invalid(reason: "a \\u escape needs the form \\u{1F600}", incomplete: false)
                    }
                    value.unicodeScalars.append(scalar)
                default:
                    return .invalid(reason: "unknown escape `\\\(e)` in a string", incomplete: false)
                }
            } else {
                value.append(c); advance()
            }
        }
        return .invalid(reason: "the string is not closed", incomplete: true)
    }

    /// The code between a string's `{` and its matching `}`, and the format after a colon
    /// outside any brackets (`{dice:.4f}`). Quotes inside the code open nested strings.
    private mutating func interpolatedCode(quote: Character) -> Result<Token.Piece, InterpolationError> {
        let open = position
        advance()
        let start = position
        var nesting = 0
        var colon: Position?
        while let c = current {
            switch c {
            case "\n":
                return .failure(InterpolationError(kind: .invalid(
                    reason: "the `{` at column \(open.column) is not closed on its line; write `{{` for a brace", incomplete: false)))
            case "\"", "'":
                guard c != quote else {
                    return .failure(InterpolationError(kind: .invalid(
                        reason: "the `{` at column \(open.column) is not closed before the string ends; write `{{` for a brace",
                        incomplete: false)))
                }
                advance()
                while let d = current, d != c, d != "\n" {
                    if d == "\\" { advance() }
                    if current != nil { advance() }
                }
                if current == c { advance() }
            case "(", "[", "{":
                nesting += 1; advance()
            case ")", "]":
                nesting -= 1; advance()
            case "}" where nesting == 0:
                let end = position
                advance()
                let code = SourceRange(start, colon ?? end)
                guard let colon else { return .success(.code(code, format: nil, formatRange: nil)) }
                var formatStart = colon
                formatStart.offset += 1
                formatStart.column += 1
                let formatRange = SourceRange(formatStart, end)
                return .success(.code(code, format: source.slice(formatRange), formatRange: formatRange))
            case "}":
                nesting -= 1; advance()
            case ":" where nesting == 0 && colon == nil:
                colon = position; advance()
            default:
                advance()
            }
        }
        return .failure(InterpolationError(kind: .invalid(reason: "the string is not closed", incomplete: true)))
    }

    /// A malformed interpolation, carried as the invalid token it becomes.
    struct InterpolationError: Error {
        let kind: Token.Kind
    }

    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard current == "{" else { return nil }
        advance()
        var hex = ""
        while let c = current, c.isHexDigit, hex.count < 8 { hex.append(c); advance() }
        guard current == "}", let code = UInt32(hex, radix: 16) else { return nil }
        advance()
        return Unicode.Scalar(code)
    }

    private mutating func symbol() -> Token.Kind {
        let two = peek().map { String([chars[index], $0]) } ?? ""
        if let s = Token.Symbol(rawValue: two), two.count == 2 {
            advance(); advance()
            return .symbol(s)
        }
        let c = chars[index]
        advance()
        guard let s = Token.Symbol(rawValue: String(c)) else {
            if c == "!" { return .invalid(reason: "use `not` for negation; `!` only appears in `!=`", incomplete: false) }
            return .invalid(reason: "the character `\(c)` has no meaning here", incomplete: false)
        }
        switch s {
        case .leftParen, .leftBracket: brackets.append(true)
        case .leftBrace: brackets.append(opensRecord)
        case .rightParen, .rightBracket, .rightBrace: _ = brackets.popLast()
        default: break
        }
        return .symbol(s)
    }

    /// Whether the `{` just read opens a record (`{name: value}`, or `{}`) rather than a block:
    /// the next thing past spaces, newlines and comments is `}` or a name and a colon.
    private var opensRecord: Bool {
        var i = index
        while i < endIndex {
            let c = chars[i]
            if c == "#" {
                while i < endIndex && chars[i] != "\n" { i += 1 }
            } else if c.isWhitespace {
                i += 1
            } else {
                break
            }
        }
        guard i < endIndex else { return false }
        if chars[i] == "}" { return true }
        guard chars[i].isLetter || chars[i] == "_" else { return false }
        while i < endIndex && (chars[i].isLetter || chars[i].isNumber || chars[i] == "_") { i += 1 }
        while i < endIndex && (chars[i] == " " || chars[i] == "\t") { i += 1 }
        return i < endIndex && chars[i] == ":"
    }
}
