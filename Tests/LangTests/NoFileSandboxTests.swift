import Foundation
import Lang
import Testing

/// A sandbox without file access (the fuzzer's) refuses every read and write with an error
/// that names the path, and the session goes on.
@Test func aSessionWithoutFileAccessRefusesReadsAndWrites() {
    let output = CapturedOutput()
    let directory = FileManager.default.temporaryDirectory.path
    let session = Session(sink: output, sandbox: Sandbox(workingDirectory: directory, allowsFiles: false))
    for (statement, verb, path) in [("labels(\"/etc/hostname\")", "reading", "/etc/hostname"),
                                    ("image(\"x.png\")", "reading", "x.png"),
                                    ("save(\"out.pleura\")", "writing", "out.pleura")] {
        output.clear()
        #expect(!session.run(statement))
        #expect(output.errors.contains("\(verb) `\(path)` is not allowed: this session has no file access"), "\(output.errors)")
    }
    #expect(session.run("1 + 1"))
    #expect(!FileManager.default.fileExists(atPath: directory + "/out.pleura"))
}
