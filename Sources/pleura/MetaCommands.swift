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
        if Self.pathCommands.contains(name) {
            return handlePath(name, Self.unquoted(argument))
        }
        switch name {
        case ":help":
            // The meta commands first: they are what `:help` was typed for, and the long
            // list of the language's commands would push them off the screen.
            let width = Self.all.map(\.usage.count).max() ?? 0
            session.print("meta commands:\n"
                          + Self.all.map { "  " + $0.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.help }
                            .joined(separator: "\n")
                          + "\n\n" + session.registry.overview())
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

    /// The commands whose argument is a file path, written bare or quoted.
    static let pathCommands = [":save", ":load"]

    /// `:save FILE` and `:load FILE`.
    private mutating func handlePath(_ name: String, _ path: String) -> Bool {
        switch name {
        case ":save":
            guard !path.isEmpty else { return fail(":save needs a file name, as in `:save session.pleura`") }
            do {
                try session.save(to: path)
                session.print("saved \(session.statements.count) statements to \(path)")
            } catch {
                session.report(error as? LangError ?? LangError("\(error)"))
                failed = true
            }
        default:
            guard !path.isEmpty else { return fail(":load needs a file name, as in `:load analysis.pleura`") }
            let resolved = session.sandbox.resolve(path)
            guard let text = try? String(contentsOfFile: resolved, encoding: .utf8) else {
                let reason = FileManager.default.fileExists(atPath: resolved) ? "it is not readable UTF-8 text" : "there is no such file"
                return fail("cannot load `\(path)`: \(reason)")
            }
            if !session.run(text, name: path) { failed = true }
        }
        return true
    }

    /// A path as typed after `:save` or `:load`: bare (`x.pleura`) or in quotes like a
    /// string of the language (`"my runs/x.pleura"`, with `\"` and `\\` escapes).
    static func unquoted(_ argument: String) -> String {
        guard let quote = argument.first, quote == "\"" || quote == "'" else { return argument }
        var path = ""
        var escaped = false
        for c in argument.dropFirst() {
            if escaped {
                path.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == quote {
                break
            } else {
                path.append(c)
            }
        }
        return path
    }

    /// Tab completion on a meta command line: the command's name, then for `:save` and
    /// `:load` a path, bare or after a quote. Nil when the line is not a meta command.
    static func complete(_ line: String, cursor: Int, session: Session) -> Completion? {
        let before = String(line.prefix(cursor))
        guard before.hasPrefix(":") else { return nil }
        guard let space = before.firstIndex(of: " ") else {
            return Completion(start: 0, prefix: before, candidates: all.map(\.name).filter { $0.hasPrefix(before) })
        }
        guard pathCommands.contains(String(before[..<space])) else { return nil }
        var start = before.distance(from: before.startIndex, to: space)
        while start < before.count && before[before.index(before.startIndex, offsetBy: start)] == " " { start += 1 }
        var partial = String(before.dropFirst(start))
        if let quote = partial.first, quote == "\"" || quote == "'" {
            partial.removeFirst()
            start += 1
        }
        return session.completePath(partial, start: start)
    }

    private mutating func fail(_ message: String) -> Bool {
        session.report(LangError(message))
        failed = true
        return true
    }
}
