import Core
import Foundation
import Testing

@Suite struct ReplayTests {
    /// A session that draws random numbers before and after changing the seed, defines a
    /// loss and has one failing statement.
    static let session = """
        a = rand()
        seed 21
        b = rand([2, 2])
        fn loss(p, y) = mean((p - y) ^ 2)
        loss(b, ones([2, 2])).item
        nope + 1
        c = [a, rand(lo=5, hi=6)]
        c
        tensor([[1, 2], [3, 4]])[1]
        save "session.pleura"

        """

    @Test func aSavedSessionReplaysToTheSameOutputByteForByte() throws {
        let dir = try Binary.sandbox("replay")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let recorded = try Binary.run(["--seed", "5"], input: Self.session, in: dir)
        #expect(recorded.status != 0)   // `nope + 1` failed
        var lines = recorded.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        lines.removeLast(2)            // "saved 8 statements to session.pleura" and the final ""
        let script = try String(contentsOfFile: dir + "/session.pleura", encoding: .utf8)
        #expect(script.contains("# seed: 5\n"))
        #expect(!script.contains("nope"))
        #expect(!script.contains("save"))

        let replayed = try Binary.run(["run", "session.pleura"], in: dir)
        #expect(replayed.status == 0)
        #expect(replayed.stderr == "")
        #expect(replayed.stdout == lines.joined(separator: "\n") + "\n")

        // Another seed gives other numbers; the same seed the same ones.
        let reseeded = try Binary.run(["run", "session.pleura", "--seed", "6"], in: dir)
        #expect(reseeded.stdout != replayed.stdout)
        #expect(try Binary.run(["run", "session.pleura"], in: dir).stdout == replayed.stdout)
    }

    @Test func runStopsAtTheFirstErrorUnlessKeepGoing() throws {
        let dir = try Binary.sandbox("keepgoing")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileIO.writeAtomically(Array("1 + 1\nbad\n2 + 2\n".utf8), to: dir + "/s.pleura")
        let stopped = try Binary.run(["run", "s.pleura"], in: dir)
        #expect(stopped.stdout == "2\n")
        #expect(stopped.stderr.contains("s.pleura:2:1: error: unknown name `bad`"))
        #expect(stopped.status != 0)
        let going = try Binary.run(["run", "s.pleura", "--keep-going"], in: dir)
        #expect(going.stdout == "2\n4\n")
        #expect(going.status != 0)
        let missing = try Binary.run(["run", "absent.pleura"], in: dir)
        #expect(missing.stderr.contains("cannot run `absent.pleura`: there is no such file"))
        #expect(missing.status != 0)
    }

    @Test func aScriptCannotWriteOutsideTheWorkingDirectoryUnlessAllowed() throws {
        let dir = try Binary.sandbox("allow")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outside = dir + "/elsewhere"
        let work = dir + "/work"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileIO.writeAtomically(Array("x = 1\nsave \"\(outside)/s.pleura\"\n".utf8), to: work + "/w.pleura")
        let refused = try Binary.run(["run", "w.pleura"], in: work)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not allowed"))
        #expect(!FileManager.default.fileExists(atPath: outside + "/s.pleura"))
        let allowed = try Binary.run(["run", "w.pleura", "--allow-write=\(outside)"], in: work)
        #expect(allowed.status == 0)
        #expect(FileManager.default.fileExists(atPath: outside + "/s.pleura"))
        let out = try Binary.run(["run", "w.pleura", "--out", outside], in: work)
        #expect(out.status == 0)
    }
}
