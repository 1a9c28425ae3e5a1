import Foundation
import Lang
import Tensor

/// The read-run loop, for a terminal (through libedit, with prompts) and for a pipe (plain
/// lines, no prompts). Lines are gathered until they form a complete statement, as in
/// Lua's `lua.c`: an input that ends inside brackets, a string or after an operator asks
/// for a continuation line.
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
        while true {
            switch read(prompt: pending.isEmpty ? Self.prompt : Self.continuationPrompt) {
            case .end:
                if !pending.isEmpty { _ = perform(pending, firstLine: pendingLine) }
                return !failed
            case .interrupted:
                // Ctrl-C at the prompt drops whatever has been typed.
                pending = ""
                FileHandle.standardOutput.write(Data("\n".utf8))
            case .line(let raw):
                let line = Self.strippingPrompt(raw)
                if pending.isEmpty { pendingLine = lineNumber }
                lineNumber += 1
                pending = pending.isEmpty ? line : pending + "\n" + line
                if Parser.isIncomplete(pending) { continue }
                let entry = pending
                pending = ""
                if entry.allSatisfy(\.isWhitespace) { continue }
                editor?.remember(entry)
                if !perform(entry, firstLine: pendingLine) { return !failed }
            }
        }
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
