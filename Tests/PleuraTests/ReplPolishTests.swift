import Core
import Foundation
import Testing

/// The REPL as a new user meets it: continuation lines that can be given up, meta
/// commands that take quoted paths, one-liners that go on after an error.
@Suite struct ReplPolishTests {
    @Test func aTrailingBackslashContinuesTheStatement() throws {
        let dir = try Binary.sandbox("backslash")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Binary.run([], input: "x = 1 + \\\n  2\nx * 10\n# not a continuation \\\nx\n", in: dir)
        #expect(r.stderr == "")
        #expect(r.stdout == "30\n3\n")
        #expect(r.status == 0)
    }

    /// Piped text is a script: empty lines inside an unfinished statement are kept, however
    /// many (only a person at the `...>` prompt gives up with them).
    @Test func emptyLinesFromAPipeStayInTheStatement() throws {
        let dir = try Binary.sandbox("blank")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Binary.run([], input: "x = (1 +\n\n\n\n2)\nx * 3\n[1,\n\n2]\n", in: dir)
        #expect(r.stderr == "")
        #expect(r.stdout == "9\n[1, 2]\n")
        #expect(r.status == 0)
    }

    @Test func oneLinersGoOnAfterAnErrorLikeAPipe() throws {
        let dir = try Binary.sandbox("keepgoing")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try Binary.run(["-c", "nope; 6 * 7"], in: dir)
        let piped = try Binary.run([], input: "nope\n6 * 7\n", in: dir)
        #expect(c.stdout == "42\n")
        #expect(piped.stdout == "42\n")
        #expect(c.stderr.contains("unknown name `nope`"))
        #expect(c.status == 1)
        #expect(piped.status == 1)
        #expect(try Binary.run(["-c", "6 * 7"], in: dir).status == 0)
    }

    /// `:save` and `:load` take a path bare or in quotes, and neither puts quotes in a name.
    @Test func metaCommandsTakeQuotedAndBarePaths() throws {
        let dir = try Binary.sandbox("metapath")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = "x = 20\n:save \"quoted.pleura\"\n:save bare.pleura\n:reset\n:load \"quoted.pleura\"\nx + 1\n"
            + ":reset\n:load bare.pleura\nx + 2\n:load \"missing.pleura\"\n"
        let r = try Binary.run([], input: input, in: dir)
        #expect(FileManager.default.fileExists(atPath: dir + "/quoted.pleura"))
        #expect(FileManager.default.fileExists(atPath: dir + "/bare.pleura"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/\"quoted.pleura\""))
        #expect(r.stdout.contains("saved 1 statements to quoted.pleura"))
        #expect(r.stdout.contains("\n21\n"))
        #expect(r.stdout.hasSuffix("\n22\n"))
        #expect(r.stderr.contains("cannot load `missing.pleura`: there is no such file"))
    }

    @Test func metaHelpListsTheMetaCommandsFirst() throws {
        let dir = try Binary.sandbox("metahelp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Binary.run([], input: ":help\n", in: dir)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "meta commands:")
        #expect(lines.dropFirst().first?.hasPrefix("  :help") == true)
        #expect(lines.contains("core:"))
        for line in lines { #expect(line.count <= 80, "too wide: \(line)") }
    }

    @Test func colourAlwaysColoursFiguresIntoAPipe() throws {
        let dir = try Binary.sandbox("colour")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let statement = "show tensor([[0, 1], [1, 0]]) width=8"
        let coloured = try Binary.run(["--color=always", "-c", statement], in: dir)
        let plain = try Binary.run(["-c", statement], in: dir)
        #expect(coloured.stdout.contains("\u{1B}["))
        #expect(!plain.stdout.contains("\u{1B}["))
        #expect(coloured.status == 0)
    }

    /// On a terminal, Ctrl-C or two empty lines at `...>` drop the unfinished statement
    /// with a one-line hint, and the next statement runs by itself.
    @Test func abandoningAContinuationAtTheTerminal() throws {
        let dir = try Binary.sandbox("pty-abandon")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let term = try PseudoTerminal(environment: Binary.environment(dir, extra: ["NO_COLOR": "1"]))
        term.expect("pleura> ")
        term.send("x = 1 +\r")
        term.expect("...> ")
        term.settle()
        term.send("\u{03}")
        term.expect("Ctrl-C: cancelled the unfinished statement\r\n")
        term.expect("pleura> ")
        term.send("6 * 7\r")
        term.expect("42")
        term.expect("pleura> ")
        term.send("y = (1 + 2\r")
        term.expect("...> ")
        term.send("\r")
        term.expect("...> ")
        term.send("\r")
        term.expect("two empty lines: cancelled the unfinished statement (expected `)` to close `(`)")
        term.expect("pleura> ")
        term.send("5 + 5\r")
        term.expect("10")
        term.expect("pleura> ")
        term.send("a = 2 + \\\r")
        term.expect("...> ")
        term.send("3\r")
        term.expect("pleura> ")
        term.send("a\r")
        term.expect("5")
        term.expect("pleura> ")
        term.settle()
        term.send("\u{04}")
        #expect(term.exitStatus() == 0)
    }

    /// Tab completes a path after `:load`, bare or quoted, and members after `ds[1].`.
    @Test func tabCompletesMetaPathsAndIndexedMembers() throws {
        let dir = try Binary.sandbox("pty-complete")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileIO.writeAtomically(Array("answer = 40\n".utf8), to: dir + "/analysis.pleura")
        let term = try PseudoTerminal(environment: Binary.environment(dir, extra: ["NO_COLOR": "1"]))
        term.expect("pleura> ")
        // The terminal's working directory is the test runner's, so the path is absolute.
        term.send(":load \(dir)/ana\t")
        term.expect("lysis.pleura")   // the line editor echoes what Tab inserted
        term.send("\r")
        term.expect("pleura> ")
        term.send("answer + 1\r")
        term.expect("41")
        term.expect("pleura> ")
        term.send(":load \"\(dir)/ana\t")
        term.expect("lysis.pleura")
        term.send("\"\r")
        term.expect("pleura> ")
        term.send("answer + 2\r")
        term.expect("42")
        term.expect("pleura> ")
        term.send("ds = synth_dataset(count=3, size=32, seed=1)\r")
        term.expect("pleura> ")
        term.send("ds[1].ar\t")
        term.expect("ea")
        term.send(" >= 0\r")
        term.expect("true")
        term.expect("pleura> ")
        term.settle()
        term.send("\u{04}")
        #expect(term.exitStatus() == 0)
    }
}
