import Foundation
import Lang

/// The REPL's `:` commands, which act on the session rather than compute: they are not
/// statements and never appear in the journal or a saved script.
struct MetaCommands {
    static let all: [(name: String, usage: String, help: String)] = [
        (":help", ":help", "this list and every command of the language"),
        (":vars", ":vars", "the variables with their summaries"),
        (":time", ":time STMT", "run a statement repeatedly and report the median time"),
        (":history", ":history", "the input history, oldest first"),
        (":save", ":save FILE", "save the session as a script (like `save \"FILE\"`)"),
        (":load", ":load FILE", "run a script into this session"),
        (":reset", ":reset", "forget every variable and recorded statement"),
        (":quit", ":quit", "leave (Ctrl-D does the same)"),
    ]

    let session: Session
    let editor: LineEditor?
    private(set) var failed = false

    init(session: Session, editor: LineEditor?) {
        self.session = session
        self.editor = editor
    }

    /// Runs a meta command line; false means quit.
    mutating func handle(_ line: String) -> Bool {
        let name = String(line.prefix { !$0.isWhitespace })
        let argument = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case ":help":
            let width = Self.all.map(\.usage.count).max() ?? 0
            session.print(session.registry.overview() + "\n\nmeta commands:\n"
                          + Self.all.map { "  " + $0.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.help }
                            .joined(separator: "\n"))
        case ":vars":
            session.print(session.variableListing)
        case ":time":
            guard !argument.isEmpty else { return fail(":time needs a statement, as in `:time mean 0..1000`") }
            do throws(LangError) {
                session.print(try session.time(argument).summary)
            } catch {
                session.report(error)
                failed = true
            }
        case ":history":
            let entries = editor?.entries ?? session.statements
            session.print(entries.enumerated().map { String(format: "%4d  ", $0.offset + 1) + $0.element }
                            .joined(separator: "\n"))
        case ":save":
            guard !argument.isEmpty else { return fail(":save needs a file name, as in `:save session.pleura`") }
            do {
                try session.save(to: argument)
                session.print("saved \(session.statements.count) statements to \(argument)")
            } catch {
                session.report(error as? LangError ?? LangError("\(error)"))
                failed = true
            }
        case ":load":
            guard !argument.isEmpty else { return fail(":load needs a file name, as in `:load analysis.pleura`") }
            guard let text = try? String(contentsOfFile: session.sandbox.resolve(argument), encoding: .utf8) else {
                return fail("cannot read `\(argument)`")
            }
            if !session.run(text, name: argument) { failed = true }
        case ":reset":
            session.reset()
            session.print("the session is empty again (seed \(session.seed))")
        case ":quit", ":q", ":exit":
            return false
        default:
            let hint = Suggestions.nearest(to: name, in: Self.all.map(\.name)).map { "; did you mean `\($0)`?" } ?? ""
            return fail("unknown meta command `\(name)`\(hint) (`:help` lists them)")
        }
        return true
    }

    private mutating func fail(_ message: String) -> Bool {
        session.report(LangError(message))
        failed = true
        return true
    }
}
