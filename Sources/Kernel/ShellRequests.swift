import Core
import Foundation
import Lang
import Tensor

/// The shell socket's requests, each answered between a busy and an idle status.
extension Kernel {
    func handle(_ request: WireMessage, on channel: Channel) {
        iopub.send("status", ["execution_state": "busy"], parent: request, routed: false)
        defer { iopub.send("status", ["execution_state": "idle"], parent: request, routed: false) }
        let content = request.content
        switch request.type {
        case "kernel_info_request":
            channel.send("kernel_info_reply", KernelInfo.reply, parent: request, routed: true)
        case "execute_request":
            channel.send("execute_reply", execute(request), parent: request, routed: true)
        case "complete_request":
            let code = content["code"] as? String ?? ""
            channel.send("complete_reply", complete(code, cursor: cursor(content, in: code)), parent: request, routed: true)
        case "inspect_request":
            let code = content["code"] as? String ?? ""
            channel.send("inspect_reply", inspect(code, cursor: cursor(content, in: code)), parent: request, routed: true)
        case "is_complete_request":
            channel.send("is_complete_reply", isComplete(content["code"] as? String ?? ""), parent: request, routed: true)
        case "history_request":
            channel.send("history_reply", history(content), parent: request, routed: true)
        case "comm_info_request":
            channel.send("comm_info_reply", ["status": "ok", "comms": [String: Any]()], parent: request, routed: true)
        case "shutdown_request":
            let restart = content["restart"] as? Bool ?? false
            channel.send("shutdown_reply", ["status": "ok", "restart": restart], parent: request, routed: true)
            stop(restart: restart)
        default:
            logLine("ignored a shell message of type `\(request.type)`")
        }
    }

    /// The request's `cursor_pos` (in Unicode code points, as Jupyter counts), clamped to the code.
    private func cursor(_ content: [String: Any], in code: String) -> Int {
        let position = (content["cursor_pos"] as? Int) ?? code.unicodeScalars.count
        return max(0, min(position, code.unicodeScalars.count))
    }

    // MARK: execute

    /// Runs the cell statement by statement, as the REPL runs a line, stopping at the first
    /// error. Output streams to iopub while it runs. `silent` publishes nothing but the
    /// status and implies `store_history` false; `store_history` false leaves the count and
    /// the history as they were (the statements are still journaled, since they change the
    /// session). `allow_stdin` needs nothing: no Pleura command reads input.
    func execute(_ request: WireMessage) -> [String: Any] {
        let code = request.content["code"] as? String ?? ""
        let silent = request.content["silent"] as? Bool ?? false
        let storeHistory = !silent && (request.content["store_history"] as? Bool ?? true)
        if storeHistory { executionCount += 1 }
        let count = executionCount
        if !silent {
            iopub.send("execute_input", ["code": code, "execution_count": count], parent: request, routed: false)
        }
        sink.begin(request, executionCount: count, silent: silent)
        let recordedBefore = session.statements.count
        defer {
            sink.end()
            if !storeHistory { outsideHistory.formUnion(recordedBefore..<max(recordedBefore, session.statements.count)) }
        }
        // An interrupt that arrived while idle is stale; it must not stop this cell.
        Interrupt.reset()
        for parsed in Parser.parse(SourceText(code, name: "In[\(count)]")) {
            do throws(LangError) {
                try session.execute(try parsed.get())
            } catch {
                let traceback = error.rendered(color: false).split(separator: "\n", omittingEmptySubsequences: false)
                    .map(String.init).reversed().drop(while: \.isEmpty).reversed()
                let failure: [String: Any] = ["ename": error.interrupted ? "Interrupted" : "PleuraError",
                                              "evalue": error.message, "traceback": Array(traceback)]
                if !silent { iopub.send("error", failure, parent: request, routed: false) }
                return failure.merging(["status": "error", "execution_count": count]) { $1 }
            }
        }
        return ["status": "ok", "execution_count": count, "user_expressions": [String: Any](), "payload": [Any]()]
    }

    // MARK: complete, inspect, is_complete, history

    /// The REPL's completer on the cursor's line; offsets go back as code points in the cell.
    func complete(_ code: String, cursor: Int) -> [String: Any] {
        let scalars = Array(code.unicodeScalars)
        let lineStart = scalars[..<cursor].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let lineEnd = scalars[cursor...].firstIndex(of: "\n") ?? scalars.count
        let line = Self.string(scalars[lineStart..<lineEnd])
        let before = Self.string(scalars[lineStart..<cursor])
        let completion = session.complete(line, cursor: before.count)
        let start = lineStart + String(line.prefix(completion.start)).unicodeScalars.count
        return ["status": "ok", "matches": completion.candidates, "cursor_start": start, "cursor_end": cursor,
                "metadata": [String: Any]()]
    }

    /// `help NAME` for the name under (or just before) the cursor, run without touching the session.
    func inspect(_ code: String, cursor: Int) -> [String: Any] {
        let scalars = Array(code.unicodeScalars)
        func isNamePart(_ s: Unicode.Scalar) -> Bool { s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s) }
        var start = cursor, end = cursor
        while start > 0 && isNamePart(scalars[start - 1]) { start -= 1 }
        while end < scalars.count && isNamePart(scalars[end]) { end += 1 }
        let name = Self.string(scalars[start..<end])
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else {
            return ["status": "ok", "found": false, "data": [String: Any](), "metadata": [String: Any]()]
        }
        let captured = CapturedOutput()
        _ = session.isolated(output: captured) { session.run("help \(name)") }
        guard captured.errors.isEmpty, !captured.text.isEmpty else {
            return ["status": "ok", "found": false, "data": [String: Any](), "metadata": [String: Any]()]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": captured.text], "metadata": [String: Any]()]
    }

    /// The parser's own continuation rule, as the REPL uses it for its `...` prompt.
    func isComplete(_ code: String) -> [String: Any] {
        if Parser.isIncomplete(code) {
            let opened = code.trimmingCharacters(in: .whitespacesAndNewlines).last.map { "{([".contains($0) } ?? false
            return ["status": "incomplete", "indent": opened ? "    " : ""]
        }
        let failed = Parser.parse(SourceText(code)).contains { if case .failure = $0 { true } else { false } }
        return ["status": failed ? "invalid" : "complete"]
    }

    /// The session's recorded statements (its journal's lines) from requests that stored
    /// history: the last `n` for `tail`, all of them otherwise, as (session, line, input)
    /// triples numbered by their place in the journal.
    func history(_ content: [String: Any]) -> [String: Any] {
        let statements = session.statements
        var numbered = statements.enumerated().filter { !outsideHistory.contains($0.offset) }
            .map { [0, $0.offset + 1, $0.element] as [Any] }
        if content["hist_access_type"] as? String == "tail", let n = content["n"] as? Int {
            numbered = Array(numbered.suffix(max(0, n)))
        }
        return ["status": "ok", "history": numbered]
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }
}
