import Foundation
import Testing

@Suite struct PipeTests {
    @Test func statementsFromAPipeRunWithoutPromptsAndAFailureSetsTheStatus() throws {
        let dir = try Binary.sandbox("pipe")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ok = try Binary.run([], input: "x = 6\nx * 7\nfn sq(v) =\n  v ^ 2\nsq(x)\n", in: dir)
        #expect(ok.stdout == "42\n36\n")
        #expect(ok.stderr == "")
        #expect(ok.status == 0)

        let failing = try Binary.run([], input: "x = 1\ncoverage_typo x\nx + 1\n", in: dir)
        #expect(failing.stdout == "2\n")   // the session goes on after the error
        #expect(failing.stderr.contains("<stdin>:2:1: error: unknown command `coverage_typo`"))
        #expect(!failing.stderr.contains("\u{1B}["))   // no colour when stdout is not a terminal
        #expect(failing.status != 0)
    }

    @Test func pastedPromptsAreStripped() throws {
        let dir = try Binary.sandbox("paste")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Binary.run([], input: "pleura> a = [1,\n   ...> 2]\npleura> len a\n", in: dir)
        #expect(r.stdout == "2\n")
        #expect(r.status == 0)
    }

    @Test func oneLinersAndColourChoice() throws {
        let dir = try Binary.sandbox("oneliner")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Binary.run(["-c", "a = 2; a * 21"], in: dir)
        #expect(r.stdout == "42\n")
        #expect(r.status == 0)
        let coloured = try Binary.run(["--color=always", "-c", "nope"], in: dir)
        #expect(coloured.stderr.contains("\u{1B}[1;31merror:"))
        #expect(coloured.status != 0)
        let plain = try Binary.run(["--color=auto", "-c", "nope"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(!plain.stderr.contains("\u{1B}["))
    }

    @Test func metaCommandsWorkInAPipe() throws {
        let dir = try Binary.sandbox("meta")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Binary.run([], input: "b = 2\na = [1]\n:vars\n:time b + 1\n:reset\n:vars\n:bogus\n", in: dir)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(2)) == ["a = [1]", "b = 2"])
        #expect(lines.count > 2 && lines[2].contains("median"))
        #expect(lines.suffix(2) == ["the session is empty again (seed 0)", "no variables yet"])
        #expect(r.stderr.contains("unknown meta command `:bogus`"))
    }
}
