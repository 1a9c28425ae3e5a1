import CEditLine
import Foundation
import Lang

/// The libedit line editor: prompt, persistent history with Ctrl-R search, and Tab
/// completion from the session. Used only when stdin is a terminal.
final class LineEditor {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String

    init(historyPath: String, complete: @escaping (String, Int) -> Completion) {
        self.historyPath = historyPath
        editLine = el_init("pleura", fdopen(STDIN_FILENO, "r"), fdopen(STDOUT_FILENO, "w"), fdopen(STDERR_FILENO, "w"))
        history = history_init()
        pleura_history_setsize(history, 2000)
        pleura_history_setunique(history, 1)
        pleura_history_load(history, historyPath)
        pleura_el_set_history(editLine, history)
        pleura_el_set_editor(editLine, "emacs")
        pleura_el_set_signal(editLine, 1)
        pleura_el_set_prompt(editLine) { _ in LineEditor.promptBuffer }
        LineEditor.completer = complete
        pleura_el_add_function(editLine, "pleura-complete", "complete the word before the cursor") { el, _ in
            LineEditor.completeWord(el)
        }
        pleura_el_bind(editLine, "^I", "pleura-complete")
        pleura_el_bind(editLine, "^R", "em-inc-search-prev")
    }

    deinit {
        history_end(history)
        el_end(editLine)
    }

    /// libedit calls back through C function pointers, which cannot capture; the prompt
    /// and the completer live here. The REPL runs on one thread, so this is never shared.
    nonisolated(unsafe) private static var promptBuffer: UnsafeMutablePointer<CChar> = strdup("")
    nonisolated(unsafe) private static var completer: ((String, Int) -> Completion)?

    /// Reads one line (without its newline). Returns nil at end of input (Ctrl-D); `.interrupted`
    /// is set when the read ended because of Ctrl-C.
    func read(prompt: String) -> ReadResult {
        free(LineEditor.promptBuffer)
        LineEditor.promptBuffer = strdup(prompt)
        var count: Int32 = 0
        errno = 0
        guard let raw = el_gets(editLine, &count) else {
            return count < 0 && errno == EINTR ? .interrupted : .end
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    enum ReadResult {
        case line(String)
        case interrupted
        case end
    }

    /// Adds an entry to the history and saves the history file at once.
    func remember(_ entry: String) {
        pleura_history_enter(history, entry)
        pleura_history_save(history, historyPath)
    }

    /// The history, oldest first.
    var entries: [String] {
        var out: [String] = []
        var i: Int32 = 0
        while let entry = pleura_history_get(history, i) {
            out.append(String(cString: entry))
            i += 1
        }
        return out.reversed()
    }

    /// Tab: inserts the unambiguous part of the completion; if there is none, lists the choices.
    private static func completeWord(_ el: OpaquePointer?) -> UInt8 {
        guard let el, let info = el_line(el)?.pointee, let completer else { return UInt8(CC_ERROR) }
        let bytesBefore = UnsafeRawBufferPointer(start: info.buffer, count: info.cursor - info.buffer)
        let bytesAll = UnsafeRawBufferPointer(start: info.buffer, count: info.lastchar - info.buffer)
        let before = String(decoding: bytesBefore, as: UTF8.self)
        let line = String(decoding: bytesAll, as: UTF8.self)
        let completion = completer(line, before.count)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let insert = String(completion.commonPrefix.dropFirst(completion.prefix.count))
        if !insert.isEmpty {
            el_insertstr(el, insert)
            return UInt8(CC_REFRESH)
        }
        if completion.candidates.count > 1 {
            FileHandle.standardOutput.write(Data(("\n" + completion.candidates.joined(separator: "  ") + "\n").utf8))
            return UInt8(CC_REDISPLAY)
        }
        return UInt8(CC_REFRESH)
    }
}
