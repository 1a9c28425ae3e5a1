import Foundation
import Testing

/// Ctrl-C typed while a loop runs in the shell: the loop stops before its next iteration,
/// the session goes on, and the saved script holds the loop cut to the iterations that ran,
/// so running it prints the same lines.
@Suite struct LoopInterruptTests {
    @Test func ctrlCStopsALoopAndTheSavedScriptRunsTheIterationsThatRan() throws {
        let dir = try Binary.sandbox("loop-ctrl-c")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let term = try PseudoTerminal(arguments: ["--out", dir], environment: Binary.environment(dir, extra: ["NO_COLOR": "1"]))
        term.expect("pleura> ")
        // Each iteration sums 3,000,000 integers (milliseconds); all of them would take minutes.
        // Ctrl-C either cancels the sum (the iteration ran in part) or falls between iterations.
        term.send("for i in 0..100000 {\r")
        term.expect("...> ")
        term.send("print \"step {i}\"; s = sum 0..3000000\r")
        term.expect("...> ")
        term.send("}\r")
        term.expect("step 3\r\n")
        term.send("\u{03}")
        term.expect("stopped the loop by Ctrl-C after ")
        term.expect("pleura> ")
        term.send("save \"\(dir)/s.pleura\"\r")
        term.expect("saved 1 statements")
        term.expect("pleura> ")
        term.send(":quit\r")
        #expect(term.exitStatus() == 0)

        let saved = try String(contentsOfFile: dir + "/s.pleura", encoding: .utf8)
        let lines = saved.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 4)
        // `for i in (0..100000)[:K] {`, the body, then `}  # stopped by Ctrl-C after K of 100000 iterations`
        let head = try #require(lines.first.map(String.init)), tail = try #require(lines.last.map(String.init))
        let cut = try #require(head.firstMatch(of: /^for i in \(0\.\.100000\)\[:(\d+)\] \{$/))
        let note = try #require(tail.firstMatch(of: /^\}  # stopped by Ctrl-C after (\d+) of 100000 iterations(; the last one ran in part, and a replay runs it in full)?$/))
        #expect(cut.1 == note.1)
        let ran = try #require(Int(cut.1))
        #expect(ran >= 4 && ran < 100000)
        // The transcript printed steps 0 to K-1, and so does the script.
        #expect(term.transcript.contains("step \(ran - 1)\r\n"))
        #expect(!term.transcript.contains("step \(ran)\r\n"))
        let replay = try Binary.run(["run", "s.pleura"], in: dir)
        #expect(replay.status == 0)
        #expect(replay.stdout == (0..<ran).map { "step \($0)\n" }.joined())
    }
}
