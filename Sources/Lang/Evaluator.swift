import Core
import Tensor

/// Names bound inside a function call or a comprehension, looked up before the session's
/// variables. A function body assigns into its own scope; a comprehension's variable lives
/// in a scope of its own whose parent is the enclosing one.
final class Scope {
    var values: [String: Value]
    let parent: Scope?

    init(_ values: [String: Value] = [:], parent: Scope? = nil) {
        self.values = values
        self.parent = parent
    }

    func lookup(_ name: String) -> Value? {
        values[name] ?? parent?.lookup(name)
    }

    var names: [String] { Array(values.keys) + (parent?.names ?? []) }
}

/// Evaluates expressions and runs statements. One evaluator is one scope: the session's
/// variables at top level, or a function call's own scope in front of them.
struct Evaluator {
    /// User functions may call each other, but not without end.
    static let maximumDepth = 200

    let session: Session
    /// Nil at top level, where assignments and loop variables are the session's variables.
    let scope: Scope?
    let depth: Int

    init(session: Session, scope: Scope? = nil, depth: Int = 0) {
        self.session = session
        self.scope = scope
        self.depth = depth
    }

    /// The value bound to `name` in this scope or the session, if any (not builtins).
    func variable(_ name: String) -> Value? {
        scope?.lookup(name) ?? session.variables[name]
    }

    /// A function inside arithmetic stands for what it builds: a loss builtin for the loss
    /// with its defaults (`bce + dice`), a user function for a loss of (probabilities, target).
    private func operand(_ value: Value, _ op: BinaryOperator, at range: SourceRange) throws(LangError) -> Value {
        guard case .function(let f) = value, [.add, .subtract, .multiply, .divide].contains(op) else { return value }
        return try Operators.guarded(range) { try session.operand(of: f) ?? value }
    }

    func evaluate(_ expr: Expr) throws(LangError) -> Value {
        switch expr.kind {
        case .number(let x, _): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .name(let name): return try lookup(name, at: expr.range)
        case .list(let items): return .list(try items.map { (e) throws(LangError) in try evaluate(e) })
        case .record(let fields):
            return .record(Record(try fields.map { (f) throws(LangError) in (f.name, try evaluate(f.value)) }))
        case .unary(let op, let operand): return try unary(op, try evaluate(operand), at: expr.range)
        case .binary(.and, let l, let r), .binary(.or, let l, let r):
            return try logical(expr, l, r)
        case .binary(let op, let l, let r):
            let (a, b) = (try evaluate(l), try evaluate(r))
            return try Operators.binary(op, try operand(a, op, at: l.range), try operand(b, op, at: r.range), at: expr.range)
        case .range(let l, let r):
            let lower = try integer(l, "the start of a range"), upper = try integer(r, "the end of a range")
            return .range(lower, upper)
        case .member(let base, let name):
            // The member's name ends the expression; point at it rather than at the base.
            var nameRange = expr.range
            nameRange.start.offset = max(expr.range.start.offset, expr.range.end.offset - name.count)
            nameRange.start.column = max(1, expr.range.end.column - name.count)
            nameRange.start.line = expr.range.end.line
            return try member(try evaluate(base), name, at: nameRange)
        case .index(let base, let index): return try self.index(try evaluate(base), index)
        case .slice(let base, let lower, let upper): return try slice(try evaluate(base), lower, upper, at: expr.range)
        case .call(let callee, let arguments, _): return try call(callee, arguments, at: expr.range)
        case .interpolated(let parts): return .string(try interpolate(parts))
        case .conditional(let condition, let value, let other):
            return try evaluate(try truth(condition, "an `if` expression's condition") ? value : other)
        case .comprehension(let element, let names, let sequence, let condition):
            return try comprehension(element, names, sequence, condition)
        }
    }

    /// A condition's value, which must be a bool (no truthiness: `if xs` is an error, not a test).
    func truth(_ expr: Expr, _ role: String) throws(LangError) -> Bool {
        let value = try evaluate(expr)
        guard case .bool(let b) = value else {
            throw LangError("\(role) must be a bool, got \(value.typeName) \(value.summary.prefix(40))", at: expr.range)
        }
        return b
    }

    private func interpolate(_ parts: [InterpolationPart]) throws(LangError) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .text(let t): text += t
            case .value(let e, let format):
                let value = try evaluate(e)
                if let format {
                    do throws(LangError) { text += try format.apply(to: value) } catch {
                        throw LangError(error.message, at: e.range)
                    }
                } else {
                    text += value.plain
                }
            }
        }
        return text
    }

    private func comprehension(_ element: Expr, _ names: [String], _ sequence: Expr,
                               _ condition: Expr?) throws(LangError) -> Value {
        let items = try Iteration(of: try evaluate(sequence), at: sequence.range)
        let inner = Evaluator(session: session, scope: Scope(parent: scope), depth: depth)
        var results: [Value] = []
        for i in 0..<items.count {
            try Operators.guarded(element.range) { try Interrupt.check() }
            try inner.bind(names, to: try items.item(i, at: sequence.range), at: sequence.range)
            if let condition, !(try inner.truth(condition, "a comprehension's condition")) { continue }
            guard results.count < Registry.listLimit else {
                throw LangError("a comprehension gives more than \(Registry.listLimit) items, more than fit in a list",
                                at: sequence.range)
            }
            results.append(try inner.evaluate(element))
        }
        return .list(results)
    }

    // MARK: names

    func lookup(_ name: String, at range: SourceRange) throws(LangError) -> Value {
        if let value = variable(name) { return value }
        if let builtin = session.registry[name] { return .function(.builtin(builtin)) }
        throw LangError("unknown name `\(name)`", at: range,
                        suggestion: Suggestions.nearest(to: name, in: knownNames))
    }

    var knownNames: [String] {
        (scope?.names ?? []) + Array(session.variables.keys) + session.registry.names
    }

    // MARK: operators

    private func unary(_ op: UnaryOperator, _ value: Value, at range: SourceRange) throws(LangError) -> Value {
        switch (op, value) {
        case (.negate, .number(let x)): return .number(-x)
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, .object(let o)):
            if let result = try Operators.guarded(range, { try o.negated() }) { return result }
        default: break
        }
        let what = op == .negate ? "negate" : "apply `not` to"
        throw LangError("cannot \(what) a \(value.typeName)", at: range)
    }

    private func logical(_ expr: Expr, _ l: Expr, _ r: Expr) throws(LangError) -> Value {
        guard case .binary(let op, _, _) = expr.kind else { return .none }
        guard case .bool(let left) = try evaluate(l) else {
            throw LangError("`\(op.rawValue)` needs a bool on its left", at: l.range)
        }
        if (op == .and && !left) || (op == .or && left) { return .bool(left) }
        guard case .bool(let right) = try evaluate(r) else {
            throw LangError("`\(op.rawValue)` needs a bool on its right", at: r.range)
        }
        return .bool(right)
    }

    // MARK: members, indexing, slicing

    private func member(_ base: Value, _ name: String, at range: SourceRange) throws(LangError) -> Value {
        let names: [String]
        switch base {
        case .record(let r):
            if let v = r[name] { return v }
            names = r.fields.map(\.name)
        case .object(let o):
            if let v = try Operators.guarded(range, { try o.member(name) }) { return v }
            names = o.memberNames
        default:
            throw LangError("a \(base.typeName) has no members", at: range)
        }
        let members = names.isEmpty ? "it has no members" : "it has " + names.map { "`\($0)`" }.joined(separator: ", ")
        throw LangError("a \(base.typeName) has no member `\(name)`; \(members)", at: range,
                        suggestion: Suggestions.nearest(to: name, in: names))
    }

    private func count(of base: Value, at range: SourceRange) throws(LangError) -> Int {
        switch base {
        case .list(let items): return items.count
        case .string(let s): return s.count
        case .range(let lo, let hi): return max(0, hi - lo)
        case .object(let o): if let n = o.count { return n }
        default: break
        }
        throw LangError("a \(base.typeName) cannot be indexed", at: range)
    }

    private func index(_ base: Value, _ indexExpr: Expr) throws(LangError) -> Value {
        if case .record(let r) = base {
            guard case .string(let key) = try evaluate(indexExpr) else {
                throw LangError("a record is indexed by a field name in quotes", at: indexExpr.range)
            }
            return try member(.record(r), key, at: indexExpr.range)
        }
        let n = try count(of: base, at: indexExpr.range)
        let i = try integer(indexExpr, "an index")
        let position = i < 0 ? n + i : i
        guard position >= 0 && position < n else {
            throw LangError("index \(i) is outside this \(base.typeName) of \(n) items", at: indexExpr.range)
        }
        switch base {
        case .list(let items): return items[position]
        case .string(let s): return .string(String(s[s.index(s.startIndex, offsetBy: position)]))
        case .range(let lo, _): return .number(Double(lo + position))
        case .object(let o): return try Operators.guarded(indexExpr.range) { try o.element(at: position) }
        default: throw LangError("a \(base.typeName) cannot be indexed", at: indexExpr.range)
        }
    }

    private func slice(_ base: Value, _ lowerExpr: Expr?, _ upperExpr: Expr?, at range: SourceRange) throws(LangError) -> Value {
        let n = try count(of: base, at: range)
        func bound(_ e: Expr?, _ fallback: Int) throws(LangError) -> Int {
            guard let e else { return fallback }
            let i = try integer(e, "a slice bound")
            return min(n, max(0, i < 0 ? n + i : i))
        }
        let lower = try bound(lowerExpr, 0)
        let upper = max(lower, try bound(upperExpr, n))
        switch base {
        case .list(let items): return .list(Array(items[lower..<upper]))
        case .string(let s): return .string(String(Array(s)[lower..<upper]))
        case .range(let lo, _): return .range(lo + lower, lo + upper)
        case .object(let o): return try Operators.guarded(range) { try o.slice(lower..<upper) }
        default: throw LangError("a \(base.typeName) cannot be sliced", at: range)
        }
    }

    private func integer(_ expr: Expr, _ role: String) throws(LangError) -> Int {
        let value = try evaluate(expr)
        guard let n = value.integer else {
            throw LangError("\(role) must be an integer, got \(value.summary)", at: expr.range)
        }
        return n
    }

    // MARK: calls

    private func call(_ callee: Expr, _ arguments: [CallArgument], at range: SourceRange) throws(LangError) -> Value {
        try Operators.guarded(range) { try Interrupt.check() }
        let function: Function
        if case .name(let name) = callee.kind, variable(name) == nil {
            guard let builtin = session.registry[name] else {
                throw LangError("unknown command `\(name)`", at: callee.range,
                                suggestion: Suggestions.nearest(to: name, in: knownNames))
            }
            function = .builtin(builtin)
        } else {
            let value = try evaluate(callee)
            if case .object(let object) = value {
                return try callObject(object, arguments, at: range, callee: callee.range)
            }
            guard case .function(let f) = value else {
                throw LangError("a \(value.typeName) cannot be called", at: callee.range)
            }
            function = f
        }
        switch function {
        case .builtin(let builtin): return try callBuiltin(builtin, arguments, at: range)
        case .user(let f): return try callUser(f, arguments, at: range)
        }
    }

    /// Calls an engine object that acts as a function (a loss value); its arguments are positional.
    private func callObject(_ object: any EngineObject, _ arguments: [CallArgument], at range: SourceRange,
                            callee: SourceRange) throws(LangError) -> Value {
        if let named = arguments.first(where: { $0.name != nil }) {
            throw LangError("a \(object.kind) takes positional arguments only", at: named.nameRange ?? named.value.range)
        }
        let values = try arguments.map { (a) throws(LangError) in try evaluate(a.value) }
        guard let result = try Operators.guarded(range, { try object.call(values, in: session) }) else {
            throw LangError("a \(object.kind) cannot be called", at: callee)
        }
        return result
    }

    /// Runs a builtin with no arguments: a statement that is just a command's name, like `help`.
    func callBare(_ builtin: Builtin, at range: SourceRange) throws(LangError) -> Value {
        try callBuiltin(builtin, [], at: range)
    }

    private func callBuiltin(_ builtin: Builtin, _ arguments: [CallArgument], at range: SourceRange) throws(LangError) -> Value {
        let names = builtin.parameters.map(\.name)
        let bound = try bind(builtin.packing(arguments), to: names, of: builtin.name, at: range)
        var values: [String: Value] = [:]
        var ranges: [String: SourceRange] = [:]
        for parameter in builtin.parameters {
            guard let expr = bound[parameter.name] else {
                guard let fallback = parameter.defaultValue else {
                    throw LangError("`\(builtin.name)` needs the argument `\(parameter.name)` "
                                    + "(\(parameter.type.description)); see `help \(builtin.name)`", at: range)
                }
                values[parameter.name] = fallback
                continue
            }
            ranges[parameter.name] = expr.range
            let value: Value
            if case .name = parameter.type, case .name(let word) = expr.kind {
                value = .string(word)
            } else {
                value = try evaluate(expr)
            }
            guard parameter.accepts(value) else {
                throw LangError("`\(parameter.name)` of `\(builtin.name)` must be \(parameter.type.description), "
                                + "got \(value.typedBrief())", at: expr.range)
            }
            if let broken = parameter.violation(value) {
                throw LangError("`\(parameter.name)` of `\(builtin.name)` \(broken.reason)", at: expr.range,
                                suggestion: broken.suggestion)
            }
            values[parameter.name] = value
        }
        let args = Arguments(session: session, values: values, ranges: ranges, callRange: range)
        return try Operators.guarded(range) { try builtin.body(args) }
    }

    private func callUser(_ f: UserFunction, _ arguments: [CallArgument], at range: SourceRange) throws(LangError) -> Value {
        let bound = try bind(arguments, to: f.parameters.map(\.name), of: f.name, at: range)
        var frame: [String: Value] = [:]
        for parameter in f.parameters {
            if let expr = bound[parameter.name] {
                frame[parameter.name] = try evaluate(expr)
            } else if let fallback = parameter.defaultValue {
                frame[parameter.name] = fallback
            } else {
                throw LangError("`\(f.name)` needs the argument `\(parameter.name)`", at: range)
            }
        }
        return try run(f, frame: frame)
    }

    /// Calls `function` with already-evaluated positional arguments (for builtins that take
    /// a function, such as `grad`, and for the engine calling a user's loss).
    func apply(_ function: Function, _ values: [Value], at range: SourceRange) throws(LangError) -> Value {
        let parameters: [(name: String, defaultValue: Value?)]
        switch function {
        case .builtin(let b): parameters = b.parameters.map { ($0.name, $0.defaultValue) }
        case .user(let f): parameters = f.parameters
        }
        guard values.count <= parameters.count else {
            throw LangError("`\(function.name)` takes at most \(parameters.count) arguments, got \(values.count)", at: range)
        }
        var frame: [String: Value] = [:]
        for (i, parameter) in parameters.enumerated() {
            guard let value = i < values.count ? values[i] : parameter.defaultValue else {
                throw LangError("`\(function.name)` needs the argument `\(parameter.name)`", at: range)
            }
            frame[parameter.name] = value
        }
        switch function {
        case .builtin(let b):
            for parameter in b.parameters where !parameter.accepts(frame[parameter.name] ?? .none) {
                throw LangError("`\(parameter.name)` of `\(b.name)` must be \(parameter.type.description)", at: range)
            }
            for parameter in b.parameters {
                if let broken = parameter.violation(frame[parameter.name] ?? .none) {
                    throw LangError("`\(parameter.name)` of `\(b.name)` \(broken.reason)", at: range, suggestion: broken.suggestion)
                }
            }
            let args = Arguments(session: session, values: frame, ranges: [:], callRange: range)
            return try Operators.guarded(range) { try b.body(args) }
        case .user(let f):
            return try run(f, frame: frame)
        }
    }

    private func run(_ f: UserFunction, frame: [String: Value]) throws(LangError) -> Value {
        guard depth < Self.maximumDepth else {
            throw LangError("calls are nested more than \(Self.maximumDepth) deep; does `\(f.name)` call itself without end?",
                            at: f.bodyRange)
        }
        do throws(LangError) {
            let inner = Evaluator(session: session, scope: Scope(frame), depth: depth + 1)
            switch f.body {
            case .expression(let e): return try inner.evaluate(e)
            case .block(let b): return try inner.result(of: b)
            }
        } catch {
            var located = error
            if located.source == nil { located.source = f.source }
            throw located
        }
    }

    /// Matches positional and named arguments to parameter names.
    private func bind(_ arguments: [CallArgument], to names: [String], of function: String,
                      at range: SourceRange) throws(LangError) -> [String: Expr] {
        var bound: [String: Expr] = [:]
        var position = 0
        for argument in arguments {
            if let name = argument.name {
                let place = argument.nameRange ?? argument.value.range
                guard names.contains(name) else {
                    throw LangError(Builtin.listing("`\(function)` has no argument `\(name)`", names, as: "it takes",
                                                    none: "it takes no arguments"), at: place,
                                    suggestion: Suggestions.nearest(to: name, in: names))
                }
                guard bound[name] == nil else {
                    throw LangError("the argument `\(name)` is given twice", at: place)
                }
                bound[name] = argument.value
            } else {
                guard position < names.count else {
                    throw LangError("`\(function)` takes at most \(names.count) argument\(names.count == 1 ? "" : "s")",
                                    at: argument.value.range)
                }
                bound[names[position]] = argument.value
                position += 1
            }
        }
        return bound
    }
}
