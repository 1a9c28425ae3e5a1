import Foundation
import TestSupport
import Testing

/// The built `pleura` executable, found next to the running test bundle (both live in
/// `.build/<config>`), and helpers to run it with every wait bounded.
enum Binary {
    static let path: String = {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: bundle).deletingLastPathComponent()
        // On Linux the bundle is `<config>/PleuraPackageTests.xctest`, a file beside `pleura`.
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("pleura").path
    }()

    /// A fresh directory for one test: the working directory, with a private HOME and state directory.
    static func sandbox(_ label: String) throws -> String {
        let dir = try TemporaryDirectory("e2e-\(label)").path
        try FileManager.default.createDirectory(atPath: dir + "/home", withIntermediateDirectories: true)
        return dir
    }

    static func environment(_ dir: String, extra: [String: String] = [:]) -> [String: String] {
        var env = ["HOME": dir + "/home", "XDG_STATE_HOME": dir + "/state", "PATH": "/usr/bin:/bin", "TERM": "xterm"]
        env.merge(extra) { $1 }
        return env
    }

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs `pleura arguments` in `dir` with `input` on stdin; kills it after `timeout` seconds.
    static func run(_ arguments: [String], input: String = "", in dir: String, timeout: Double = 60,
                    environment extra: [String: String] = [:]) throws -> Result {
        let id = UUID().uuidString
        let inPath = dir + "/.in-\(id)", outPath = dir + "/.out-\(id)", errPath = dir + "/.err-\(id)"
        try Data(input.utf8).write(to: URL(fileURLWithPath: inPath))
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { for p in [inPath, outPath, errPath] { try? FileManager.default.removeItem(atPath: p) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        process.environment = environment(dir, extra: extra)
        process.standardInput = FileHandle(forReadingAtPath: inPath)
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("pleura \(arguments) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return Result(stdout: try String(contentsOfFile: outPath, encoding: .utf8),
                      stderr: try String(contentsOfFile: errPath, encoding: .utf8),
                      status: process.terminationStatus)
    }
}
