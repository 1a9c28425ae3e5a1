import Foundation
import Lang
import TestSupport
import Testing

@Suite struct SessionTests {
    @Test func savedScriptHasTheHeaderAndOnlySuccessfulStatements() throws {
        let dir = try TemporaryDirectory("save").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(seed: 7, directory: dir)
        h.run("x = 2")
        _ = h.fail("y = nope")
        h.run("fn twice(v) =\n  v * 2")
        h.run("twice(x)")
        h.run("save \"s.pleura\"")
        let text = try String(contentsOfFile: dir + "/s.pleura", encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "# Pleura \(Script.version) session script")
        #expect(lines[1] == "# seed: 7")
        #expect(lines[2].hasPrefix("# date: 20"))
        #expect(Array(lines[3...]) == ["x = 2", "fn twice(v) = v * 2", "twice(x)"])
        #expect(Script.seed(in: text) == 7)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["s.pleura"])
    }

    @Test func replayGivesTheSameOutputAndNumbers() throws {
        let dir = try TemporaryDirectory("replay").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = Harness(seed: 11, directory: dir)
        let recorded = first.run("a = rand()\nb = rand(lo=5, hi=6)\n[a, b]")
        _ = first.fail("bad = rand() + nope")
        let more = first.run("c = rand()\nc")
        let script = first.session.script()
        let replay = Harness(seed: try #require(Script.seed(in: script)), directory: dir)
        #expect(replay.run(script) == recorded + "\n" + more)
    }

    @Test func aFailedStatementDoesNotShiftLaterRandomNumbers() {
        let h = Harness(seed: 3)
        _ = h.fail("x = rand() + nope")
        let withFailure = h.run("rand()")
        let clean = Harness(seed: 3)
        #expect(clean.run("rand()") == withFailure)
    }

    @Test func theJournalHoldsEachStatementAsSoonAsItSucceeds() throws {
        let dir = try TemporaryDirectory("journal").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(seed: 5, directory: dir)
        h.session.journal = try Journal(path: dir + "/j.pleura", seed: 5)
        h.run("x = 1")
        var text = try String(contentsOfFile: dir + "/j.pleura", encoding: .utf8)
        #expect(text.hasSuffix("\nx = 1\n"))
        _ = h.fail("oops")
        h.run("x + 1")
        text = try String(contentsOfFile: dir + "/j.pleura", encoding: .utf8)
        #expect(text.split(separator: "\n").filter { !$0.hasPrefix("#") } == ["x = 1", "x + 1"])
        h.session.reset()
        text = try String(contentsOfFile: dir + "/j.pleura", encoding: .utf8)
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("#") })
    }

    @Test func writesOutsideTheWorkingDirectoryAreRefused() throws {
        let dir = try TemporaryDirectory("sandbox").path
        let outside = try TemporaryDirectory("outside").path
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: outside)
        }
        let h = Harness(directory: dir)
        h.run("x = 1")
        let report = h.fail("save \"\(outside)/s.pleura\"")
        #expect(report.contains("not allowed"))
        #expect(report.contains("--allow-write=\(outside)"))
        #expect(h.fail("save \"../escape.pleura\"").contains("not allowed"))
        // A symbolic link inside the directory that points outside does not help.
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: outside)
        #expect(h.fail("save \"link/s.pleura\"").contains("not allowed"))
        #expect(!FileManager.default.fileExists(atPath: outside + "/s.pleura"))
        // Allowed explicitly, it works.
        h.session.sandbox = Sandbox(workingDirectory: dir, allowed: [outside])
        h.run("save \"\(outside)/s.pleura\"")
        #expect(FileManager.default.fileExists(atPath: outside + "/s.pleura"))
    }

    @Test func saveIsLeftOutOfTheScript() throws {
        let dir = try TemporaryDirectory("unrecorded").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(directory: dir)
        h.run("x = 1\nsave \"a.pleura\"\nx")
        #expect(h.session.statements == ["x = 1", "x"])
    }

    @Test func timeReportsAMedianAndLeavesTheSessionAlone() throws {
        let h = Harness()
        h.run("x = 1")
        let timing = try h.session.time("x = x + 1", budget: .milliseconds(20))
        #expect(timing.runs >= 3)
        #expect(timing.fastest <= timing.median)
        #expect(h.session.statements == ["x = 1"])
        #expect(h.run("x") == "1")
    }

    @Test func completionOffersBuiltinsVariablesArgumentsMembersAndPaths() throws {
        let dir = try TemporaryDirectory("complete").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/images", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/imbalance.csv", contents: Data())
        let h = Harness(directory: dir)
        h.run("thresh = 0.5; sp = {train: 1, val: 2}")
        #expect(h.session.complete("thr", cursor: 3).candidates == ["threads", "thresh"])
        #expect(h.session.complete("x = le", cursor: 6).candidates == ["len"])
        let named = h.session.complete("seed valu", cursor: 9)
        #expect(named.candidates == ["value="])
        #expect(named.start == 5)
        #expect(h.session.complete("sqrt(x", cursor: 6).candidates == ["x="])
        #expect(h.session.complete("sp.t", cursor: 4).candidates == ["train"])
        let path = h.session.complete("load \"im", cursor: 8)
        #expect(path.candidates == ["images/", "imbalance.csv"])
        #expect(path.commonPrefix == "im")
        #expect(h.session.complete("load \"images/", cursor: 13).start == 13)
    }
}
