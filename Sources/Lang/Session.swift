import Foundation
import Core
import Tensor

/// A running session: its variables, its seed and random generator, where its output goes,
/// where it may write, and the record of every statement that succeeded.
public final class Session {
    public let registry: Registry
    public internal(set) var variables: [String: Value] = [:]
    /// The session seed: the one the session started with, or the last one `seed N` set.
    public private(set) var seed: UInt64
    /// The seed the recorded statements start from, named in the saved script's header;
    /// a later `seed N` is itself recorded, so replay passes through it too.
    public private(set) var scriptSeed: UInt64
    /// The generator behind every random choice a statement makes without an explicit `seed=`.
    /// Restored when a statement fails, so failed statements (left out of the saved script)
    /// do not shift the numbers of the ones after them.
    public var random: SeededGenerator
    public var sink: any OutputSink
    public var sandbox: Sandbox
    /// Whether output may use ANSI colour.
    public var color: Bool
    /// The canonical text of each recorded statement that succeeded, in order.
    public private(set) var statements: [String] = []
    /// Receives each recorded statement as soon as it succeeds.
    public var journal: Journal?
    /// Amendments made by the calls of the running statement, with each call's range.
    var amendments: [(call: SourceRange, amendment: Amendment)] = []
    /// Loops of the running statement that Ctrl-C stopped, innermost first.
    var loopStops: [LoopStop] = []

    public init(registry: Registry = .standard(), seed: UInt64 = 0, sink: any OutputSink = CapturedOutput(),
                sandbox: Sandbox = Sandbox(), color: Bool = false) {
        self.registry = registry
        self.seed = seed
        self.scriptSeed = seed
        self.random = SeededGenerator(seed: seed)
        self.sink = sink
        self.sandbox = sandbox
        self.color = color
    }

    // MARK: running statements

    /// Runs every statement in `text`, reporting errors to the sink. Stops at the first
    /// failure unless `keepGoing`. Returns whether every statement succeeded.
    @discardableResult
    public func run(_ text: String, name: String = "<input>", firstLine: Int = 1, keepGoing: Bool = false) -> Bool {
        var succeeded = true
        for parsed in Parser.parse(SourceText(text, name: name, firstLine: firstLine)) {
            do throws(LangError) {
                try execute(try parsed.get())
            } catch {
                report(error)
                succeeded = false
                if !keepGoing { break }
            }
        }
        return succeeded
    }

    /// Runs one statement: evaluates it, records it, then prints its value (recording first,
    /// so a statement whose result was seen is always in the journal). On failure nothing
    /// is recorded and the random generator is restored.
    public func execute(_ statement: Statement) throws(LangError) {
        let (saved, savedVariables) = (random, variables)
        let value: Value
        amendments = []
        loopStops = []
        do throws(LangError) {
            value = try evaluate(statement)
        } catch {
            // A loop may have bound variables before it failed; none of it is recorded, so none of it stays.
            (random, variables) = (saved, savedVariables)
            var located = error
            if located.source == nil { located.source = statement.source }
            throw located
        }
        if isRecorded(statement) { record(recordedText(of: statement)) }
        if case .none = value { return }
        present(value)
    }

    /// The value of a statement, without recording or printing it. Loops and branches show
    /// the values of their inner statements as they run, and have none themselves.
    func evaluate(_ statement: Statement) throws(LangError) -> Value {
        let evaluator = Evaluator(session: self)
        switch statement.kind {
        case .expression(let e):
            return try evaluator.expressionStatement(e)
        case .assignment(let name, let nameRange, let valueExpr):
            try checkAssignable(name, at: nameRange)
            variables[name] = try evaluator.evaluate(valueExpr)
        default:
            _ = try evaluator.perform(statement)
        }
        return .none
    }

    func checkAssignable(_ name: String, at range: SourceRange) throws(LangError) {
        if registry[name] != nil {
            throw LangError("`\(name)` is a builtin command; choose another name", at: range)
        }
    }

    /// Commands about the session itself (`save`) stay out of the saved script.
    private func isRecorded(_ statement: Statement) -> Bool {
        guard case .expression(let e) = statement.kind else { return true }
        let callee: Expr
        if case .call(let c, _, _) = e.kind { callee = c } else { callee = e }
        guard case .name(let name) = callee.kind, variables[name] == nil, let builtin = registry[name] else { return true }
        return builtin.recorded
    }

    /// The statement as it ran: a top-level call that amended itself is written with its
    /// amendment and a trailing comment; an amendment deeper inside (a call in a function's
    /// body) cannot be written into the statement, so the comment says a replay differs.
    private func recordedText(of statement: Statement) -> String {
        if case .loop(let names, let namesRange, let sequence, let body) = statement.kind,
           let stop = loopStops.last(where: { $0.statement == statement.range }) {
            // The loop as far as it went: its sequence cut to the iterations that started.
            var cut = statement
            let count = Expr(kind: .number(Double(stop.started), spelling: String(stop.started)), range: sequence.range)
            cut.kind = .loop(names: names, namesRange: namesRange,
                             sequence: Expr(kind: .slice(sequence, lower: nil, upper: count), range: sequence.range), body: body)
            // A command inside that stopped at its own safe point (a `fit`) amended itself, or an
            // inner loop stopped: then the last iteration ran only in part.
            let partly = stop.partial || !amendments.isEmpty || loopStops.count > 1
            return Printer.statement(cut) + "  # stopped by Ctrl-C after \(stop.started) of \(stop.total) iterations"
                + (partly ? "; the last one ran in part, and a replay runs it in full" : "")
        }
        guard let (call, amendment) = amendments.last else { return Printer.statement(statement) }
        var amended = statement
        switch statement.kind {
        case .expression(let e) where e.range == call:
            if let a = amendment.apply(to: e) { amended.kind = .expression(a) }
        case .assignment(let name, let nameRange, let e) where e.range == call:
            if let a = amendment.apply(to: e) { amended.kind = .assignment(name: name, nameRange: nameRange, value: a) }
        default:
            return Printer.statement(statement) + "  # note: \(amendment.comment); a replay runs it as written"
        }
        return Printer.statement(amended) + "  # \(amendment.comment)"
    }

    func record(_ line: String) {
        statements.append(line)
        do { try journal?.record(line) } catch {
            sink.write(.error("warning: \(error); the session goes on, but the journal is incomplete"))
        }
    }

    // MARK: output

    /// Writes a line (or lines) of text.
    public func print(_ text: String) { sink.write(.text(text)) }

    /// Announces a PNG that a statement wrote.
    public func figure(_ path: String) { sink.write(.figure(path: path)) }

    /// Writes an error report.
    public func report(_ error: LangError) { sink.write(.error(error.rendered(color: color))) }

    // MARK: the session as a whole

    /// One line per variable, `name = summary`, sorted by name (`vars` and `:vars`).
    public var variableListing: String {
        let names = variables.keys.sorted()
        if names.isEmpty { return "no variables yet" }
        return names.map { "\($0) = \(variables[$0]?.summary ?? "none")" }.joined(separator: "\n")
    }

    /// Sets a new session seed and restarts the generator from it.
    public func reseed(_ newSeed: UInt64) {
        seed = newSeed
        random = SeededGenerator(seed: newSeed)
    }

    /// Forgets every variable and recorded statement and restarts the generator.
    public func reset() {
        variables.removeAll()
        statements.removeAll()
        scriptSeed = seed
        random = SeededGenerator(seed: seed)
        do { try journal?.restart(seed: seed) } catch {
            sink.write(.error("warning: \(error)"))
        }
    }

    /// The session as a canonical script: header, then one line per recorded statement.
    public func script(date: Date = Date()) -> String {
        Script.header(seed: scriptSeed, date: date) + statements.map { $0 + "\n" }.joined()
    }

    /// Saves the script to `path` (checked against the sandbox), atomically. Returns the path written.
    @discardableResult
    public func save(to path: String) throws -> String {
        let resolved = try sandbox.checkWrite(path)
        try Script.writeAtomically(script(), to: resolved)
        return resolved
    }

    /// Runs `body` with output going to `output` and nothing recorded, then restores the
    /// variables and the generator: for measuring (`:time`) and for running examples
    /// without touching the session.
    public func isolated<T>(output: any OutputSink, _ body: () throws -> T) rethrows -> T {
        let (savedVariables, savedRandom, savedSink, savedStatements, savedJournal) =
            (variables, random, sink, statements, journal)
        defer {
            (variables, random, sink, statements, journal) =
                (savedVariables, savedRandom, savedSink, savedStatements, savedJournal)
        }
        journal = nil
        sink = output
        return try body()
    }
}
