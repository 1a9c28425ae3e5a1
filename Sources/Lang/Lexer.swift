/// Turns source text into tokens. Never throws: a bad character or an unterminated string
/// becomes an `invalid` token, so the parser reports it with the same caret machinery as
/// any other syntax error. Newlines inside brackets are dropped, so a list or call may
/// span lines.
struct Lexer {
    private let source: SourceText
    private var chars: [Character] { source.characters }
    private var index = 0
    private var line: Int
    private var column = 1
    private var depth = 0

    init(_ source: SourceText) {
        self.source = source
        self.line = source.firstLine
    }

    static func tokens(_ source: SourceText) -> [Token] {
        var lexer = Lexer(source)
        var out: [Token] = []
        while true {
            let token = lexer.next()
            out.append(token)
            if token.kind == .end { return out }
        }
    }

    private var position: Position { Position(offset: index, line: line, column: column) }
    private var current: Character? { index < chars.count ? chars[index] : nil }
    private func peek(_ ahead: Int = 1) -> Character? {
        index + ahead < chars.count ? chars[index + ahead] : nil
    }

    private mutating func advance() {
        if chars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func next() -> Token {
        var spaced = false
        while let c = current {
            if c == " " || c == "\t" || c == "\r" || (c == "\n" && depth > 0) {
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
        while let c = current {
            if c == quote { advance(); return .string(value) }
            if c == "\\" {
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
        case .leftParen, .leftBracket, .leftBrace: depth += 1
        case .rightParen, .rightBracket, .rightBrace: depth = max(0, depth - 1)
        default: break
        }
        return .symbol(s)
    }
}
