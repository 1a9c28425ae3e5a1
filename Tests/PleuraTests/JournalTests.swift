import Foundation
import Testing

@Suite struct JournalTests {
    /// Waits until `path` contains `text`; false after `timeout` seconds.
    private func waitFor(_ text: String, in path: String, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let content = try? String(contentsOfFile: path, encoding: .utf8), content.contains(text) { return true }
            usleep(20_000)
        }
        Issue.record("\(path) did not get \(text.debugDescription) within \(timeout) s")
        return false
    }

    @Test func aKilledSessionLosesNoCompletedStatementAndCanBeRecovered() throws {
        let dir = try Binary.sandbox("kill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outPath = dir + "/out.txt"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let input = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        process.environment = Binary.environment(dir)
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        func type(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

        type("a = 20")
        type("a + 1")
        #expect(waitFor("21\n", in: outPath))
        type("b = a * 10")
        type("b")
        #expect(waitFor("200\n", in: outPath))
        type("sum 0..20000000000")   // still running when the kill comes
        usleep(300_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let journals = try FileManager.default.contentsOfDirectory(atPath: dir + "/state/pleura/journals")
        #expect(journals.count == 1)
        let journal = try String(contentsOfFile: dir + "/state/pleura/journals/" + journals[0], encoding: .utf8)
        let statements = journal.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(statements == ["a = 20", "a + 1", "b = a * 10", "b"])
        #expect(journal.hasPrefix("# Pleura "))

        // `--recover` lists it, replays the chosen one and goes on with the session.
        let recovered = try Binary.run(["--recover"], input: "1\nb + 1\n", in: dir)
        #expect(recovered.stdout.contains("(4 statements, last: b)"))
        #expect(recovered.stdout.hasSuffix("21\n200\n201\n"))
        #expect(recovered.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/state/pleura/journals") == [])
        let none = try Binary.run(["--recover"], in: dir)
        #expect(none.stdout.contains("no journals to recover"))
    }
}
