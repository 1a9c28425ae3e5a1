import Foundation
import Testing

@Suite struct TerminalTests {
    @Test func typingCompletionHistoryAndCtrlC() throws {
        let dir = try Binary.sandbox("pty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let term = try PseudoTerminal(environment: Binary.environment(dir, extra: ["NO_COLOR": "1"]))
        term.expect("pleura> ")
        term.send("alpha_value = 41\r")
        term.expect("pleura> ")

        // Tab completes `alp` to the variable; the sum proves what was run.
        term.send("alp\t")
        term.send(" + 1\r")
        term.expect("42")
        term.expect("pleura> ")

        // Up recalls the previous line.
        term.send("\u{1B}[A\r")
        term.expect("42")
        term.expect("pleura> ")

        // Ctrl-R finds an earlier line by its text.
        term.send("nine = 9\r")
        term.expect("pleura> ")
        term.send("nine * 5\r")
        term.expect("45")
        term.send("7 - 1\r")
        term.expect("6")
        term.expect("pleura> ")
        term.settle()
        term.send("\u{12}")
        term.send("nine")
        term.send("\r")
        term.expect("45")
        term.expect("pleura> ")

        // Tab completes the named argument of the command being typed.
        term.send("seed valu\t")
        term.send("3\r")
        term.expect("pleura> ")
        term.send("seed\r")
        term.expect("\n3")
        term.expect("pleura> ")

        // Ctrl-C cancels a long command; the session and its variables survive. (The sum
        // would take minutes, and ends by itself should the test fail to stop it.)
        term.send("sum 0..20000000000\r")
        Thread.sleep(forTimeInterval: 0.5)
        term.send("\u{03}")
        term.expect("interrupted")
        term.expect("pleura> ")
        term.send("alpha_value\r")
        term.expect("41")

        // Ctrl-C at the prompt throws away the half-typed line.
        term.expect("pleura> ")
        term.send("half typed")
        term.settle()
        term.send("\u{03}")
        term.expect("pleura> ")
        term.send("6 * 7\r")
        term.expect("42")

        // A statement left open continues on the next line.
        term.send("[1,\r")
        term.expect("...> ")
        term.send("2]\r")
        term.expect("[1, 2]")

        // Ctrl-D leaves cleanly.
        term.expect("pleura> ")
        term.settle()
        term.send("\u{04}")
        #expect(term.exitStatus() == 0)

        // The history persisted in the state directory.
        let history = try String(contentsOfFile: dir + "/state/pleura/history", encoding: .utf8)
        #expect(history.contains("alpha_value"))
        // A clean exit leaves no journal behind.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir + "/state/pleura/journals")) == [])
    }

    @Test func historyIsRecalledInTheNextSession() throws {
        let dir = try Binary.sandbox("history")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let environment = Binary.environment(dir, extra: ["NO_COLOR": "1"])
        do {
            let first = try PseudoTerminal(environment: environment)
            first.expect("pleura> ")
            first.send("17 * 3\r")
            first.expect("51")
            first.send(":quit\r")
            #expect(first.exitStatus() == 0)
        }
        let second = try PseudoTerminal(environment: environment)
        second.expect("pleura> ")
        second.send("\u{1B}[A\u{1B}[A\r")   // the newest entry is `:quit`
        second.expect("51")
        second.expect("pleura> ")
        second.settle()
        second.send("\u{04}")
        #expect(second.exitStatus() == 0)
    }
}
