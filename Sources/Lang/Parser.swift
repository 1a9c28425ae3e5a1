/// A recursive-descent parser. Statements are separated by newlines or `;`; a statement
/// that fails to parse is reported and skipped, so the statements around it still run.
///
/// Precedence, lowest first: `|`, `or`, `and`, `not`, comparisons, `..`, `+ -`, `* / %`,
/// unary `-`, `^` (right-associative), then postfix call, member, index and slice.
public struct Parser {
    private let source: SourceText
    private let tokens: [Token]
    private var index = 0
    /// How deeply the expression being parsed nests; bounded so that hostile input such as
    /// ten thousand `(` is an error, not a stack overflow.
    private var depth = 0
    static let maximumDepth = 256

    public init(_ source: SourceText) {
        self.source = source
        self.tokens = Lexer.tokens(source)
    }

    /// Parses every statement; each is either a statement or the syntax error that stopped it.
    public static func parse(_ source: SourceText) -> [Result<Statement, LangError>] {
        var parser = Parser(source)
        return parser.program()
    }

    /// Whether `text` ends in the middle of a statement (an open bracket or string, a
    /// trailing operator or `|`), so the REPL should read a continuation line.
    public static func isIncomplete(_ text: String) -> Bool {
        guard case .failure(let error) = parse(SourceText(text)).last else { return false }
        return error.incomplete
    }

    private var token: Token { tokens[index] }
    private func peek(_ ahead: Int = 1) -> Token { tokens[min(index + ahead, tokens.count - 1)] }
    private mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    private var atStatementEnd: Bool {
        switch token.kind {
        case .newline, .end, .symbol(.semicolon): return true
        default: return false
        }
    }

    private mutating func program() -> [Result<Statement, LangError>] {
        var results: [Result<Statement, LangError>] = []
        while true {
            while token.kind == .newline || token.isSymbol(.semicolon) { _ = advance() }
            if token.kind == .end { return results }
            let start = token.range.start
            do throws(LangError) {
                var statement = try self.statement()
                guard atStatementEnd else {
                    throw unexpected("after the end of a statement; put `;` or a newline between statements")
                }
                statement.range = SourceRange(start, tokens[max(0, index - 1)].range.end)
                results.append(.success(statement))
            } catch var error {
                error.source = source
                results.append(.failure(error))
                while !atStatementEnd { _ = advance() }
            }
        }
    }

    // MARK: statements

    private mutating func statement() throws(LangError) -> Statement {
        let start = token.range
        if token.isKeyword(.fn) { return try function() }
        if let name = token.identifier, peek().isSymbol(.equal) {
            _ = advance(); _ = advance()
            skipNewlines()
            let value = try commandOrExpression()
            return Statement(kind: .assignment(name: name, nameRange: start, value: value),
                             range: start.union(value.range), source: source)
        }
        let value = try commandOrExpression()
        return Statement(kind: .expression(value), range: value.range, source: source)
    }

    private mutating func function() throws(LangError) -> Statement {
        let start = advance().range
        guard let name = token.identifier else { throw unexpected("where the function's name belongs") }
        let nameRange = advance().range
        try expect(.leftParen, "to open the parameter list of `\(name)`")
        var parameters: [FunctionParameter] = []
        while !token.isSymbol(.rightParen) {
            guard let pname = token.identifier else { throw unexpected("where a parameter name belongs") }
            let range = advance().range
            if parameters.contains(where: { $0.name == pname }) {
                throw LangError("the parameter `\(pname)` is listed twice", at: range)
            }
            var defaultValue: Expr?
            if token.isSymbol(.equal) { _ = advance(); defaultValue = try expression() }
            else if parameters.last?.defaultValue != nil {
                throw LangError("the parameter `\(pname)` needs a default, because the one before it has one", at: range)
            }
            parameters.append(FunctionParameter(name: pname, range: range, defaultValue: defaultValue))
            if !token.isSymbol(.comma) { break }
            _ = advance()
        }
        try expect(.rightParen, "to close the parameter list of `\(name)`")
        try expect(.equal, "before the body of `\(name)`: write `fn \(name)(...) = expression`")
        skipNewlines()
        let body = try expression()
        return Statement(kind: .function(name: name, nameRange: nameRange, parameters: parameters, body: body),
                         range: start.union(body.range), source: source)
    }

    /// `verb a b k=v` when a name is followed by a spaced argument, else an expression.
    private mutating func commandOrExpression() throws(LangError) -> Expr {
        guard let verb = token.identifier, startsCommandArgument(peek(), next: peek(2), first: true) else {
            return try expression()
        }
        let callee = Expr(kind: .name(verb), range: advance().range)
        var arguments: [CallArgument] = []
        var end = callee.range
        while !atStatementEnd {
            guard startsCommandArgument(token, next: peek(), first: false) else {
                throw unexpected("in the arguments of `\(verb)`; inside a command, separate arguments by spaces, "
                                 + "or write the call form `\(verb)(...)` to use operators")
            }
            let argument = try commandArgument()
            end = argument.value.range
            arguments.append(argument)
        }
        return Expr(kind: .call(callee, arguments, command: true), range: callee.range.union(end))
    }

    /// Whether `t` (followed by `next`) begins a command argument. A spaced `-` glued to
    /// its operand (`rotate img -15`) is a negative argument, but never the first one, so
    /// that `x -1` stays a subtraction.
    private func startsCommandArgument(_ t: Token, next: Token, first: Bool) -> Bool {
        guard t.spaceBefore else { return false }
        switch t.kind {
        case .number, .string, .identifier, .keyword(.true), .keyword(.false), .keyword(.none): return true
        case .symbol(.leftBracket), .symbol(.leftParen), .symbol(.leftBrace): return true
        case .symbol(.minus): return !first && !next.spaceBefore
        default: return false
        }
    }

    /// One argument of a command: `name=value` or a value, each a postfix expression or a
    /// range of two (`sum 0..10`), or a negative one (`-15`).
    private mutating func commandArgument() throws(LangError) -> CallArgument {
        if let name = token.identifier, peek().isSymbol(.equal), !peek().spaceBefore {
            let nameRange = advance().range
            _ = advance()
            return CallArgument(name: name, nameRange: nameRange, value: try commandValue())
        }
        if token.isSymbol(.minus) {
            let minus = advance().range
            let operand = try postfix()
            return CallArgument(name: nil, nameRange: nil,
                            value: Expr(kind: .unary(.negate, operand), range: minus.union(operand.range)))
        }
        return CallArgument(name: nil, nameRange: nil, value: try commandValue())
    }

    private mutating func commandValue() throws(LangError) -> Expr {
        let lower = try postfix()
        guard token.isSymbol(.dotDot) && !token.spaceBefore else { return lower }
        _ = advance()
        let upper = try postfix()
        return Expr(kind: .range(lower, upper), range: lower.range.union(upper.range))
    }

    // MARK: expressions

    /// A full expression.
    mutating func expression() throws(LangError) -> Expr {
        try enter()
        defer { depth -= 1 }
        return try binary(level: 0)
    }

    private mutating func enter() throws(LangError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw LangError("the expression nests more than \(Self.maximumDepth) levels deep", at: token.range)
        }
    }

    private static let levels: [[Token.Kind: BinaryOperator]] = [
        [.symbol(.pipe): .pipe],
        [.keyword(.or): .or],
        [.keyword(.and): .and],
    ]

    private static let comparisons: [Token.Kind: BinaryOperator] = [
        .symbol(.equalEqual): .equal, .symbol(.bangEqual): .notEqual, .symbol(.less): .less,
        .symbol(.lessEqual): .lessEqual, .symbol(.greater): .greater, .symbol(.greaterEqual): .greaterEqual,
    ]
    private static let additive: [Token.Kind: BinaryOperator] = [.symbol(.plus): .add, .symbol(.minus): .subtract]
    private static let multiplicative: [Token.Kind: BinaryOperator] = [
        .symbol(.star): .multiply, .symbol(.slash): .divide, .symbol(.percent): .remainder,
    ]

    private mutating func binary(level: Int) throws(LangError) -> Expr {
        guard level < Self.levels.count else { return try negation() }
        var left = try binary(level: level + 1)
        while let op = Self.levels[level][token.kind] {
            _ = advance()
            skipNewlines()
            let right = try binary(level: level + 1)
            left = Expr(kind: .binary(op, left, right), range: left.range.union(right.range))
        }
        return left
    }

    private mutating func negation() throws(LangError) -> Expr {
        guard token.isKeyword(.not) else { return try comparison() }
        try enter()
        defer { depth -= 1 }
        let start = advance().range
        let operand = try negation()
        return Expr(kind: .unary(.not, operand), range: start.union(operand.range))
    }

    private mutating func comparison() throws(LangError) -> Expr {
        let left = try range()
        guard let op = Self.comparisons[token.kind] else { return left }
        _ = advance()
        skipNewlines()
        let right = try range()
        if Self.comparisons[token.kind] != nil {
            throw LangError("comparisons do not chain; combine them with `and`", at: token.range)
        }
        return Expr(kind: .binary(op, left, right), range: left.range.union(right.range))
    }

    private mutating func range() throws(LangError) -> Expr {
        let lower = try additive()
        guard token.isSymbol(.dotDot) else { return lower }
        _ = advance()
        skipNewlines()
        let upper = try additive()
        return Expr(kind: .range(lower, upper), range: lower.range.union(upper.range))
    }

    private mutating func additive() throws(LangError) -> Expr {
        var left = try multiplicative()
        while let op = Self.additive[token.kind] {
            _ = advance()
            skipNewlines()
            let right = try multiplicative()
            left = Expr(kind: .binary(op, left, right), range: left.range.union(right.range))
        }
        return left
    }

    private mutating func multiplicative() throws(LangError) -> Expr {
        var left = try unary()
        while let op = Self.multiplicative[token.kind] {
            _ = advance()
            skipNewlines()
            let right = try unary()
            left = Expr(kind: .binary(op, left, right), range: left.range.union(right.range))
        }
        return left
    }

    private mutating func unary() throws(LangError) -> Expr {
        try enter()
        defer { depth -= 1 }
        guard token.isSymbol(.minus) else { return try power() }
        let start = advance().range
        let operand = try unary()
        return Expr(kind: .unary(.negate, operand), range: start.union(operand.range))
    }

    private mutating func power() throws(LangError) -> Expr {
        let base = try postfix()
        guard token.isSymbol(.caret) else { return base }
        _ = advance()
        skipNewlines()
        let exponent = try unary()   // right-associative; `2^-1` is allowed
        return Expr(kind: .binary(.power, base, exponent), range: base.range.union(exponent.range))
    }

    private mutating func postfix() throws(LangError) -> Expr {
        var value = try primary()
        while !token.spaceBefore || token.isSymbol(.dot) {
            if token.isSymbol(.leftParen) {
                _ = advance()
                let arguments = try callArguments()
                let end = advance().range
                value = Expr(kind: .call(value, arguments, command: false), range: value.range.union(end))
            } else if token.isSymbol(.dot) {
                _ = advance()
                guard let name = token.identifier else { throw unexpected("after `.`; a member name belongs here") }
                let end = advance().range
                value = Expr(kind: .member(value, name: name), range: value.range.union(end))
            } else if token.isSymbol(.leftBracket) {
                _ = advance()
                value = try subscriptOrSlice(of: value)
            } else {
                break
            }
        }
        return value
    }

    private mutating func callArguments() throws(LangError) -> [CallArgument] {
        var arguments: [CallArgument] = []
        while !token.isSymbol(.rightParen) {
            if let name = token.identifier, peek().isSymbol(.equal) {
                let nameRange = advance().range
                _ = advance()
                arguments.append(CallArgument(name: name, nameRange: nameRange, value: try expression()))
            } else {
                if arguments.last?.name != nil {
                    throw LangError("a positional argument cannot follow a named one", at: token.range)
                }
                arguments.append(CallArgument(name: nil, nameRange: nil, value: try expression()))
            }
            if !token.isSymbol(.comma) { break }
            _ = advance()
        }
        guard token.isSymbol(.rightParen) else { throw unexpected("in a call; expected `,` or `)`") }
        return arguments
    }

    private mutating func subscriptOrSlice(of base: Expr) throws(LangError) -> Expr {
        var lower: Expr?
        if !token.isSymbol(.colon) { lower = try expression() }
        if token.isSymbol(.colon) {
            _ = advance()
            let upper: Expr? = token.isSymbol(.rightBracket) ? nil : try expression()
            guard token.isSymbol(.rightBracket) else { throw unexpected("in a slice; expected `]`") }
            let end = advance().range
            return Expr(kind: .slice(base, lower: lower, upper: upper), range: base.range.union(end))
        }
        guard let index = lower, token.isSymbol(.rightBracket) else { throw unexpected("in an index; expected `]`") }
        let end = advance().range
        return Expr(kind: .index(base, index), range: base.range.union(end))
    }

    private mutating func primary() throws(LangError) -> Expr {
        let t = token
        switch t.kind {
        case .number(let value):
            _ = advance()
            return Expr(kind: .number(value, spelling: t.text), range: t.range)
        case .string(let value):
            _ = advance()
            return Expr(kind: .string(value), range: t.range)
        case .identifier(let name):
            _ = advance()
            return Expr(kind: .name(name), range: t.range)
        case .keyword(.true), .keyword(.false):
            _ = advance()
            return Expr(kind: .bool(t.isKeyword(.true)), range: t.range)
        case .keyword(.none):
            _ = advance()
            return Expr(kind: .none, range: t.range)
        case .symbol(.leftParen):
            _ = advance()
            let inner = try expression()
            try expect(.rightParen, "to close `(`")
            return inner
        case .symbol(.leftBracket):
            _ = advance()
            var items: [Expr] = []
            while !token.isSymbol(.rightBracket) {
                items.append(try expression())
                if !token.isSymbol(.comma) { break }
                _ = advance()
            }
            guard token.isSymbol(.rightBracket) else { throw unexpected("in a list; expected `,` or `]`") }
            return Expr(kind: .list(items), range: t.range.union(advance().range))
        case .symbol(.leftBrace):
            _ = advance()
            return try record(start: t.range)
        default:
            throw unexpected("where a value belongs")
        }
    }

    private mutating func record(start: SourceRange) throws(LangError) -> Expr {
        var fields: [(name: String, value: Expr)] = []
        while !token.isSymbol(.rightBrace) {
            guard let name = token.identifier else { throw unexpected("in a record; a field name belongs here") }
            let nameRange = advance().range
            if fields.contains(where: { $0.name == name }) {
                throw LangError("the field `\(name)` appears twice in this record", at: nameRange)
            }
            try expect(.colon, "after the field name `\(name)`")
            fields.append((name, try expression()))
            if !token.isSymbol(.comma) { break }
            _ = advance()
        }
        guard token.isSymbol(.rightBrace) else { throw unexpected("in a record; expected `,` or `}`") }
        return Expr(kind: .record(fields), range: start.union(advance().range))
    }

    // MARK: helpers

    private mutating func skipNewlines() {
        while token.kind == .newline { _ = advance() }
    }

    private mutating func expect(_ symbol: Token.Symbol, _ purpose: String) throws(LangError) {
        guard token.isSymbol(symbol) else { throw unexpected("; expected `\(symbol.rawValue)` \(purpose)") }
        _ = advance()
    }

    /// An error at the current token. At the end of input it is marked incomplete, so the
    /// REPL asks for a continuation line instead of reporting it.
    private func unexpected(_ context: String) -> LangError {
        let t = token
        let separator = context.hasPrefix(";") ? "" : " "
        switch t.kind {
        case .end:
            return LangError("the input ended too early\(context.hasPrefix(";") ? context : "")", at: t.range, incomplete: true)
        case .invalid(let reason, let incomplete):
            return LangError(reason, at: t.range, incomplete: incomplete)
        case .newline:
            return LangError("unexpected end of line\(separator)\(context)", at: t.range)
        default:
            return LangError("unexpected `\(t.text)`\(separator)\(context)", at: t.range)
        }
    }
}
