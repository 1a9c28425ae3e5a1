import Foundation
import Core
import Lang
import Tensor

/// The read-run loop, for a terminal (through libedit, with prompts) and for a pipe (plain
/// lines, no prompts). Lines are gathered until they form a complete statement, as in
/// Lua's `lua.c`: an input that ends inside brackets, a string, after an operator or after
/// a `\` asks for a continuation line. On a terminal, two empty lines in a row or Ctrl-C
/// abandon it.
struct Repl {
    static let prompt = "pleura> "
    static let continuationPrompt = "   ...> "

    let session: Session
    let editor: LineEditor?
    private(set) var failed = false
    private var lineNumber = 1

    init(session: Session, editor: LineEditor?) {
        self.session = session
        self.editor = editor
    }

    /// Runs until end of input or `:quit`. Returns whether every statement succeeded.
    mutating func run() -> Bool {
        var pending = ""
        var pendingLine = lineNumber
        var emptyLines = 0
        while true {
            switch read(prompt: pending.isEmpty ? Self.prompt : Self.continuationPrompt) {
            case .end:
                if !pending.isEmpty { _ = perform(pending, firstLine: pendingLine) }
                return !failed
            case .interrupted:
                // Ctrl-C at the prompt drops whatever has been typed.
                FileHandle.standardOutput.write(Data("\n".utf8))
                if !pending.isEmpty { abandon(pending, by: "Ctrl-C") }
                pending = ""
            case .line(let raw):
                let line = Self.strippingPrompt(raw)
                if pending.isEmpty { pendingLine = lineNumber }
                lineNumber += 1
                // Only a person at a `...>` prompt gives up with empty lines; piped text is a
                // script, whose blank lines inside a bracket or block are just blank lines.
                emptyLines = editor != nil && !pending.isEmpty && line.allSatisfy(\.isWhitespace) ? emptyLines + 1 : 0
                if emptyLines == 2 {
                    abandon(pending, by: "two empty lines")
                    (pending, emptyLines) = ("", 0)
                    continue
                }
                pending = pending.isEmpty ? line : pending + "\n" + line
                if Self.continues(pending) { continue }
                let entry = pending
                pending = ""
                if entry.allSatisfy(\.isWhitespace) { continue }
                editor?.remember(entry)
                if !perform(entry, firstLine: pendingLine) { return !failed }
            }
        }
    }

    /// Whether `text` needs another line: the parser finds it unfinished, or its last line
    /// ends in a `\` outside a comment (the lexer joins such a line to the next).
    static func continues(_ text: String) -> Bool {
        if Parser.isIncomplete(text) { return true }
        guard text.hasSuffix("\\"), !text.hasPrefix(":") else { return false }
        let last = text.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        var quote: Character?
        var escaped = false
        for c in last.dropLast() {
            if escaped { escaped = false; continue }
            if let q = quote {
                if c == "\\" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                return false
            }
        }
        return true
    }

    /// Drops an unfinished statement the user gave up on, with a one-line hint.
    private func abandon(_ pending: String, by how: String) {
        let unfinished = Parser.parse(SourceText(pending)).lazy.compactMap { result -> LangError? in
            if case .failure(let error) = result, error.incomplete { return error }
            return nil
        }.first
        // "the input ended too early; expected `)` to close `(`" says what was missing after
        // its semicolon; on its own it says nothing the hint does not.
        let parts = unfinished?.message.components(separatedBy: "; ") ?? []
        let detail = parts.count > 1 ? parts.last : parts.first.flatMap { $0.hasPrefix("the input ended") ? nil : $0 }
        session.print("\(how): cancelled the unfinished statement" + (detail.map { " (\($0))" } ?? ""))
    }

    /// Runs one entry (a statement line or a meta command); false means quit.
    private mutating func perform(_ entry: String, firstLine: Int) -> Bool {
        let trimmed = entry.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix(":") {
            var meta = MetaCommands(session: session, editor: editor)
            let keepRunning = meta.handle(trimmed)
            if meta.failed { failed = true }
            return keepRunning
        }
        if !session.run(entry, name: editor == nil ? "<stdin>" : "<input>", firstLine: firstLine, keepGoing: true) {
            failed = true
        }
        return true
    }

    private func read(prompt: String) -> LineEditor.ReadResult {
        // A Ctrl-C before this point was meant for the previous statement (or an empty
        // prompt); one after it, even before the next statement starts, cancels that statement.
        Interrupt.reset()
        if let editor { return editor.read(prompt: prompt) }
        guard let line = readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    /// Pasted text that starts with a prompt (`pleura> x = 1`) has the prompt removed.
    static func strippingPrompt(_ line: String) -> String {
        for prompt in [Self.prompt, Self.continuationPrompt] {
            let bare = prompt.trimmingCharacters(in: .whitespaces)
            let indented = line.drop { $0 == " " }
            if indented.hasPrefix(bare) {
                return String(indented.dropFirst(bare.count).drop { $0 == " " })
            }
        }
        return line
    }
}
