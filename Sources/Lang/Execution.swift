import Core
import Tensor

/// How a statement inside a block ended: normally, or by moving control elsewhere.
enum Flow {
    case next
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// A loop that Ctrl-C stopped: which statement, how many of its iterations started, and
/// whether the last of them was cut short (a command in it was interrupted).
struct LoopStop {
    let statement: SourceRange
    let started: Int
    let total: Int
    let partial: Bool
}

extension Evaluator {
    /// Runs a statement inside a block. An expression statement's value is shown as at the
    /// prompt, so `show`, `evaluate` or a bare value in a loop's body print each time.
    func perform(_ statement: Statement) throws(LangError) -> Flow {
        switch statement.kind {
        case .expression(let e):
            let value = try expressionStatement(e)
            if case .none = value {} else { session.present(value) }
        case .assignment(let name, let nameRange, let value):
            try assign(name, try evaluate(value), at: nameRange)
        case .function(let name, let nameRange, let parameters, let body):
            try define(name, at: nameRange, parameters, body, statement)
        case .loop(let names, let namesRange, let sequence, let body):
            return try loop(names, namesRange, sequence, body, statement: statement.range)
        case .branch(let conditions, let otherwise):
            for (condition, body) in conditions where try truth(condition, "an `if` condition") {
                return try run(body)
            }
            if let otherwise { return try run(otherwise) }
        case .breakLoop: return .breakLoop
        case .continueLoop: return .continueLoop
        case .returnValue(let e): return .returned(try e.map { (e) throws(LangError) in try evaluate(e) } ?? .none)
        }
        return .next
    }

    /// A statement that is just a command's name runs it (`help`, `vars`); otherwise the expression's value.
    func expressionStatement(_ e: Expr) throws(LangError) -> Value {
        if case .name(let name) = e.kind, variable(name) == nil, let builtin = session.registry[name] {
            return try callBare(builtin, at: e.range)
        }
        return try evaluate(e)
    }

    /// Runs a block's statements until one moves control elsewhere.
    func run(_ block: Block) throws(LangError) -> Flow {
        for statement in block.statements {
            let flow = try perform(statement)
            if case .next = flow { continue }
            return flow
        }
        return .next
    }

    /// A function body's result: what `return` gives, else the value of a last statement that
    /// is an expression (not shown: it is the result), else none.
    func result(of block: Block) throws(LangError) -> Value {
        for (i, statement) in block.statements.enumerated() {
            if i == block.statements.count - 1, case .expression(let e) = statement.kind {
                return try expressionStatement(e)
            }
            if case .returned(let value) = try perform(statement) { return value }
        }
        return .none
    }

    // MARK: binding names

    /// Binds `name`: in the function's scope inside a call, else as a session variable.
    func assign(_ name: String, _ value: Value, at range: SourceRange) throws(LangError) {
        if let scope {
            scope.values[name] = value
        } else {
            try session.checkAssignable(name, at: range)
            session.variables[name] = value
        }
    }

    /// Binds a loop's or comprehension's names to one item; several names unpack a list.
    func bind(_ names: [String], to item: Value, at range: SourceRange) throws(LangError) {
        guard names.count > 1 else { return try assign(names[0], item, at: range) }
        guard case .list(let parts) = item, parts.count == names.count else {
            throw LangError("cannot unpack \(item.typeName) \(item.summary.prefix(40)) into the \(names.count) names "
                            + names.joined(separator: ", "), at: range)
        }
        for (name, part) in zip(names, parts) { try assign(name, part, at: range) }
    }

    /// Defines a user function, evaluating its defaults now.
    func define(_ name: String, at range: SourceRange, _ parameters: [FunctionParameter], _ body: FunctionBody,
                _ statement: Statement) throws(LangError) {
        let resolved = try parameters.map { (p) throws(LangError) in
            (p.name, try p.defaultValue.map { (e) throws(LangError) in try evaluate(e) })
        }
        try assign(name, .function(.user(UserFunction(name: name, parameters: resolved, body: body,
                                                      definition: Printer.statement(statement), source: statement.source))),
                   at: range)
    }

    // MARK: loops

    /// Runs `body` once per item. Ctrl-C stops the loop before its next iteration (and an
    /// inner command such as `fit` stops at its own safe point first); an error names the
    /// iteration and the loop variable's value.
    private func loop(_ names: [String], _ namesRange: SourceRange, _ sequence: Expr, _ body: Block,
                      statement: SourceRange) throws(LangError) -> Flow {
        let items = try Iteration(of: try evaluate(sequence), at: sequence.range)
        let requests = Interrupt.requestCount
        func stop(after started: Int, partial: Bool) -> Flow {
            Interrupt.reset()
            session.loopStops.append(LoopStop(statement: statement, started: started, total: items.count, partial: partial))
            session.print("stopped the loop by Ctrl-C after \(started) of \(items.count) iterations")
            return .next
        }
        for i in 0..<items.count {
            if Interrupt.requestCount != requests { return stop(after: i, partial: false) }
            let item = try items.item(i, at: sequence.range)
            do throws(LangError) {
                try bind(names, to: item, at: namesRange)
                switch try run(body) {
                case .next, .continueLoop: continue
                case .breakLoop: return .next
                case .returned(let value): return .returned(value)
                }
            } catch where error.interrupted {
                // A command in the body was cancelled: the loop ends with this iteration.
                return stop(after: i + 1, partial: true)
            } catch {
                var located = error
                located.message += " (in iteration \(i + 1) of \(items.count), where \(names.joined(separator: ", ")) = "
                    + Value.oneLine(item.summary, limit: 60) + ")"
                throw located
            }
        }
        if Interrupt.requestCount != requests {
            // Ctrl-C during the last iteration, seen by a command in it (a `fit` stopped early).
            session.loopStops.append(LoopStop(statement: statement, started: items.count, total: items.count, partial: true))
        }
        return .next
    }
}

/// The items a `for` loop or a comprehension walks, read one at a time so that a long
/// range or a large dataset is never copied into a list.
struct Iteration {
    let value: Value
    let count: Int

    init(of value: Value, at range: SourceRange) throws(LangError) {
        self.value = value
        switch value {
        case .list(let items): count = items.count
        case .range(let lo, let hi): count = max(0, hi - lo)
        case .string(let s): count = s.count
        case .object(let o):
            guard let n = o.count else {
                throw LangError("cannot loop over a \(o.kind); loops take lists, ranges, strings, datasets and tables", at: range)
            }
            count = n
        default:
            throw LangError("cannot loop over a \(value.typeName); loops take lists, ranges, strings, datasets and tables",
                            at: range)
        }
    }

    func item(_ i: Int, at range: SourceRange) throws(LangError) -> Value {
        switch value {
        case .list(let items): return items[i]
        case .range(let lo, _): return .number(Double(lo + i))
        case .string(let s): return .string(String(s[s.index(s.startIndex, offsetBy: i)]))
        case .object(let o): return try Operators.guarded(range) { try o.element(at: i) }
        default: return .none
        }
    }
}

extension Value {
    /// `text` on one line and at most `limit` characters, for quoting a value inside a message.
    static func oneLine(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 3)) + "..."
    }
}
