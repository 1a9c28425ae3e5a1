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

    /// How many loops and function bodies enclose the statement being parsed, so `break`,
    /// `continue` and `return` outside them are syntax errors.
    private var loops = 0
    private var functions = 0

    public init(_ source: SourceText) {
        self.source = source
        self.tokens = Lexer.tokens(source)
    }

    /// A parser for the code inside a string's `{}`, nesting as deep as the string itself.
    private init(_ source: SourceText, tokens: [Token], depth: Int) {
        self.source = source
        self.tokens = tokens
        self.depth = depth
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
            let startIndex = index
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
                skipPastStatement(from: startIndex)
            }
        }
    }

    // MARK: statements

    /// After a syntax error, skips to the end of the failed statement: past the blocks it
    /// opened, so their remaining lines are not taken for statements of their own.
    private mutating func skipPastStatement(from startIndex: Int) {
        var open = tokens[startIndex..<index].reduce(0) { n, t in
            n + (t.isSymbol(.leftBrace) ? 1 : t.isSymbol(.rightBrace) ? -1 : 0)
        }
        while token.kind != .end && (open > 0 || !atStatementEnd) {
            if token.isSymbol(.leftBrace) { open += 1 }
            if token.isSymbol(.rightBrace) { open -= 1 }
            _ = advance()
        }
    }

    private mutating func statement() throws(LangError) -> Statement {
        let start = token.range
        switch token.kind {
        case .keyword(.fn): return try function()
        case .keyword(.for): return try loop()
        case .keyword(.if):
            if let branch = try branchStatement() { return branch }
        case .keyword(.break), .keyword(.continue):
            let keyword = advance()
            guard loops > 0 else { throw LangError("`\(keyword.text)` belongs inside a `for` loop", at: keyword.range) }
            return Statement(kind: keyword.isKeyword(.break) ? .breakLoop : .continueLoop, range: keyword.range, source: source)
        case .keyword(.return):
            let keyword = advance()
            guard functions > 0 else { throw LangError("`return` belongs inside a function's `{ }` body", at: keyword.range) }
            if atStatementEnd || token.isSymbol(.rightBrace) {
                return Statement(kind: .returnValue(nil), range: keyword.range, source: source)
            }
            let value = try commandOrExpression()
            return Statement(kind: .returnValue(value), range: keyword.range.union(value.range), source: source)
        default: break
        }
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
        if token.isSymbol(.leftBrace) {
            let (savedLoops, savedFunctions) = (loops, functions)
            (loops, functions) = (0, functions + 1)
            defer { (loops, functions) = (savedLoops, savedFunctions) }
            let body = try block()
            return Statement(kind: .function(name: name, nameRange: nameRange, parameters: parameters, body: .block(body)),
                             range: start.union(body.range), source: source)
        }
        try expect(.equal, "before the body of `\(name)`: write `fn \(name)(...) = expression` or `fn \(name)(...) { ... }`")
        skipNewlines()
        let body = try expression()
        return Statement(kind: .function(name: name, nameRange: nameRange, parameters: parameters, body: .expression(body)),
                         range: start.union(body.range), source: source)
    }

    /// `for name in sequence { ... }`, or `for a, b in pairs { ... }`.
    private mutating func loop() throws(LangError) -> Statement {
        let start = advance().range
        var names: [String] = []
        var namesRange = token.range
        repeat {
            if !names.isEmpty { _ = advance() }
            guard let name = token.identifier else { throw unexpected("where the loop variable's name belongs") }
            if names.contains(name) { throw LangError("the loop variable `\(name)` is listed twice", at: token.range) }
            names.append(name)
            namesRange = namesRange.union(advance().range)
        } while token.isSymbol(.comma)
        guard token.isKeyword(.in) else { throw unexpected("; expected `in` after the loop variable, as in `for x in xs { ... }`") }
        _ = advance()
        let sequence = try expression()
        loops += 1
        defer { loops -= 1 }
        let body = try block()
        return Statement(kind: .loop(names: names, namesRange: namesRange, sequence: sequence, body: body),
                         range: start.union(body.range), source: source)
    }

    /// `if c { ... } else if d { ... } else { ... }`, or nil (with nothing consumed) when the
    /// statement is an `if c then a else b` expression.
    private mutating func branchStatement() throws(LangError) -> Statement? {
        let (startIndex, start) = (index, token.range)
        _ = advance()
        let first = try expression()
        guard token.isSymbol(.leftBrace) else {
            index = startIndex
            return nil
        }
        var conditions = [(condition: first, body: try block())]
        var otherwise: Block?
        var end = conditions[0].body.range
        while elseFollows() {
            _ = advance()
            if token.isKeyword(.if) {
                _ = advance()
                let condition = try expression()
                conditions.append((condition, try block()))
                end = conditions[conditions.count - 1].body.range
            } else {
                let body = try block()
                otherwise = body
                end = body.range
                break
            }
        }
        return Statement(kind: .branch(conditions: conditions, otherwise: otherwise), range: start.union(end), source: source)
    }

    /// Whether `else` comes next, on this line or (in a script, where the text is all there)
    /// on a following one; newlines before it are skipped only when it does.
    private mutating func elseFollows() -> Bool {
        var i = index
        while tokens[i].kind == .newline && i < tokens.count - 1 { i += 1 }
        guard tokens[i].isKeyword(.else) else { return false }
        index = i
        return true
    }

    /// `{ statements }`: statements separated by newlines or `;`.
    private mutating func block() throws(LangError) -> Block {
        guard token.isSymbol(.leftBrace) else { throw unexpected("; expected `{` to open a block") }
        let start = advance().range
        var statements: [Statement] = []
        while true {
            while token.kind == .newline || token.isSymbol(.semicolon) { _ = advance() }
            if token.isSymbol(.rightBrace) { break }
            if token.kind == .end { throw unexpected("; the block opened at line \(start.start.line) needs its `}`") }
            let first = token.range.start
            var statement = try self.statement()
            guard atStatementEnd || token.isSymbol(.rightBrace) else {
                throw unexpected("after the end of a statement; put `;` or a newline between statements")
            }
            statement.range = SourceRange(first, tokens[max(0, index - 1)].range.end)
            statements.append(statement)
        }
        return Block(statements: statements, range: start.union(advance().range))
    }

    /// `verb a b k=v` when a name is followed by a spaced argument, else an expression.
    private mutating func commandOrExpression() throws(LangError) -> Expr {
        // `help for`: a keyword alone after a command is its name, so the language's own
        // constructs have help entries too.
        if let verb = token.identifier, case .keyword(let keyword) = peek().kind, peek().spaceBefore,
           ![.true, .false, .none, .not].contains(keyword), [.newline, .end, .symbol(.semicolon)].contains(peek(2).kind) {
            let callee = Expr(kind: .name(verb), range: advance().range)
            let word = advance()
            let argument = CallArgument(name: nil, nameRange: nil, value: Expr(kind: .name(word.text), range: word.range))
            return Expr(kind: .call(callee, [argument], command: true), range: callee.range.union(word.range))
        }
        guard let verb = token.identifier, startsCommandArgument(peek(), next: peek(2), first: true) else {
            return try expression()
        }
        let callee = Expr(kind: .name(verb), range: advance().range)
        var arguments: [CallArgument] = []
        var end = callee.range
        while !atStatementEnd && !token.isSymbol(.rightBrace) {
            // `print a + 1`: an operator after the first argument makes that whole
            // expression the argument, as the reader meant.
            if arguments.count == 1, arguments[0].name == nil, continuesExpression {
                index = firstArgumentIndex
                let value = try expression()
                arguments[0] = CallArgument(name: nil, nameRange: nil, value: value)
                end = value.range
                continue
            }
            if arguments.isEmpty { firstArgumentIndex = index }
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

    /// Where the first argument of the command being parsed begins.
    private var firstArgumentIndex = 0

    /// Whether the current token is an infix operator written as one (spaced on both sides
    /// if it is `-`, which glued to a number is a negative argument: `rotate img -15`).
    private var continuesExpression: Bool {
        switch token.kind {
        case .symbol(.minus): return !token.spaceBefore || peek().spaceBefore
        case .symbol(.plus), .symbol(.star), .symbol(.slash), .symbol(.percent), .symbol(.caret), .symbol(.pipe),
             .symbol(.equalEqual), .symbol(.bangEqual), .symbol(.less), .symbol(.lessEqual), .symbol(.greater),
             .symbol(.greaterEqual), .keyword(.and), .keyword(.or):
            return true
        default: return false
        }
    }

    /// Whether `t` (followed by `next`) begins a command argument. A spaced `-` glued to
    /// its operand (`rotate img -15`) is a negative argument, but never the first one, so
    /// that `x -1` stays a subtraction.
    private func startsCommandArgument(_ t: Token, next: Token, first: Bool) -> Bool {
        guard t.spaceBefore else { return false }
        switch t.kind {
        case .number, .string, .interpolated, .identifier, .keyword(.true), .keyword(.false), .keyword(.none): return true
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
            if token.isSymbol(.minus) && !token.spaceBefore {
                // `threshold=-1`: a negative value.
                let minus = advance().range
                let operand = try postfix()
                return CallArgument(name: name, nameRange: nameRange,
                                    value: Expr(kind: .unary(.negate, operand), range: minus.union(operand.range)))
            }
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
        case .interpolated(let pieces):
            _ = advance()
            return Expr(kind: .interpolated(try interpolation(pieces)), range: t.range)
        case .keyword(.if):
            _ = advance()
            let condition = try expression()
            guard token.isKeyword(.then) else {
                throw unexpected("; an `if` expression reads `if condition then value else other`"
                                 + " (a block `if condition { ... }` is a statement of its own)")
            }
            _ = advance()
            let value = try expression()
            guard token.isKeyword(.else) else { throw unexpected("; an `if` expression needs its `else` value") }
            _ = advance()
            let other = try expression()
            return Expr(kind: .conditional(condition, then: value, else: other), range: t.range.union(other.range))
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
                if items.count == 1 && token.isKeyword(.for) { return try comprehension(of: items[0], start: t.range) }
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

    /// `[element for names in sequence if condition]`, after its element.
    private mutating func comprehension(of element: Expr, start: SourceRange) throws(LangError) -> Expr {
        _ = advance()
        var names: [String] = []
        repeat {
            if !names.isEmpty { _ = advance() }
            guard let name = token.identifier else { throw unexpected("where the comprehension's variable belongs") }
            names.append(name)
            _ = advance()
        } while token.isSymbol(.comma)
        guard token.isKeyword(.in) else { throw unexpected("; expected `in`, as in `[x * 2 for x in xs]`") }
        _ = advance()
        let sequence = try expression()
        var condition: Expr?
        if token.isKeyword(.if) {
            _ = advance()
            condition = try expression()
        }
        guard token.isSymbol(.rightBracket) else { throw unexpected("in a comprehension; expected `]`") }
        return Expr(kind: .comprehension(element: element, names: names, sequence: sequence, condition: condition),
                    range: start.union(advance().range))
    }

    /// The parts of an interpolated string, each `{code}` parsed as an expression of its own.
    private mutating func interpolation(_ pieces: [Token.Piece]) throws(LangError) -> [InterpolationPart] {
        try pieces.map { (piece) throws(LangError) -> InterpolationPart in
            switch piece {
            case .text(let text): return .text(text)
            case .code(let range, let format, let formatRange):
                var inner = Parser(source, tokens: Lexer.tokens(source, in: range), depth: depth)
                if inner.token.kind == .end {
                    throw LangError("empty `{}` in a string; put a value inside, or write `{{}}` for braces", at: range)
                }
                let value = try inner.expression()
                guard inner.token.kind == .end else { throw inner.unexpected("inside the string's `{ }`") }
                var spec: FormatSpec?
                if let format {
                    do throws(LangError) { spec = try FormatSpec(parsing: format) } catch {
                        throw LangError(error.message, at: formatRange)
                    }
                }
                return .value(value, format: spec)
            }
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
