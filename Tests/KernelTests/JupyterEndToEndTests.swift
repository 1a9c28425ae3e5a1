import Foundation
import Testing

/// The kernel under Jupyter's own client: `scripts/jupyter-e2e.py` installs the kernelspec
/// into a temporary prefix and executes the tour notebook, exported to .ipynb, with nbclient;
/// every cell must give the outputs the export recorded, type by type and text by text.
/// Debian's packages install into /usr/bin/python3 (scripts/install-deps.sh installs them).
@Suite struct JupyterEndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(.timeLimit(.minutes(4))) func tourRunsUnderNbclientWithTheExportedOutputs() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-jupyter-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let notebook = work + "/tour.ipynb"
        let export = try Self.run(KernelClient.executable, ["notebook", "export", Self.repository + "/notebooks/tour.md", "--ipynb", notebook],
                                  in: work, timeout: 60)
        try #require(export.status == 0, "export failed: \(export.output)")
        let check = try Self.run("/usr/bin/python3", [Self.repository + "/scripts/jupyter-e2e.py", KernelClient.executable, notebook, work],
                                 in: work, timeout: 200)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("\"problems\": 0"))
        // The tour's values arrive as execute_result outputs, not as printed text.
        #expect(!check.output.contains("\"results\": 0,"))
    }

    /// Runs a program with stdout and stderr together in a file; kills it after `timeout` seconds.
    static func run(_ program: String, _ arguments: [String], in directory: String, timeout: Double,
                    environment extra: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let log = directory + "/.log-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory
        environment.merge(extra) { $1 }
        process.environment = environment
        let handle = FileHandle(forWritingAtPath: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("\(program) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
