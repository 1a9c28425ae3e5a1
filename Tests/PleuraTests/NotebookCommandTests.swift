import Core
import Foundation
import Testing

/// `pleura notebook run|export` driven as a user would, on a tiny notebook.
@Suite struct NotebookCommandTests {
    static let notebook = """
        # Tiny

        ```pleura
        n = 2
        ```

        ```pleura
        print(n * 21)
        show synth_sample(seed=4, size=64)
        ```

        """

    @Test func runCheckParamAndExport() throws {
        let dir = try Binary.sandbox("notebook")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/tiny.md"
        try FileIO.writeAtomically(Array(Self.notebook.utf8), to: path)

        let run = try Binary.run(["notebook", "run", "tiny.md"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("<!-- pleura:output -->\n```text\n42\n```\n\n![figure](tiny_files/block-02-1.png)\n<!-- pleura:end -->"))
        #expect(FileManager.default.fileExists(atPath: dir + "/tiny_files/block-02-1.png"))

        let check = try Binary.run(["notebook", "run", "--check", "tiny.md"], in: dir)
        #expect(check.status == 0 && check.stdout.contains("up to date"))

        let changed = try Binary.run(["notebook", "run", "--check", "--param", "n=3", "tiny.md"], in: dir)
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("- 42\n+ 63"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)

        let unknown = try Binary.run(["notebook", "run", "--param", "nn=3", "tiny.md"], in: dir)
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean `n`?"))

        let export = try Binary.run(["notebook", "export", "tiny.md", "--html", "tiny.html", "--ipynb", "tiny.ipynb"], in: dir)
        #expect(export.status == 0, "\(export.stderr)")
        let html = try String(contentsOfFile: dir + "/tiny.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("data:image/png;base64,"))
        let ipynb = try Data(contentsOf: URL(fileURLWithPath: dir + "/tiny.ipynb"))
        let json = try JSONSerialization.jsonObject(with: ipynb) as? [String: Any]
        #expect(json?["nbformat"] as? Int == 4)
    }

    @Test func aFailingBlockFailsTheRunAndKeepGoingRunsTheRest() throws {
        let dir = try Binary.sandbox("notebook-fail")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileIO.writeAtomically(Array("```pleura\nprint(missing)\n```\n\n```pleura\nprint(7)\n```\n".utf8), to: dir + "/f.md")
        let stop = try Binary.run(["notebook", "run", "f.md"], in: dir)
        #expect(stop.status == 1 && stop.stderr.contains("stopped at block 1"))
        let going = try Binary.run(["notebook", "run", "--keep-going", "f.md"], in: dir)
        #expect(going.status == 1)
        let text = try String(contentsOfFile: dir + "/f.md", encoding: .utf8)
        #expect(text.contains("```error\nf.md:2:7: error: unknown name `missing`"))
        #expect(text.contains("```text\n7\n```"))
        let missing = try Binary.run(["notebook", "run", "absent.md"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("absent.md: cannot read the notebook"))
    }
}
