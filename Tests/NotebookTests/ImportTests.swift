import Core
import Foundation
import Imaging
import Notebook
import Testing

@Suite struct ImportTests {
    static let notebook = """
        # Round trip

        Some prose.

        ```pleura
        x = 6 * 7
        print "x is {x}"
        x
        show synth_sample(seed=3)
        ```

        ```pleura
        nope + 1
        ```
        """

    /// Export to .ipynb, import back: the Markdown notebook's outputs are the ones a fresh
    /// run gives (checked by the runner's own --check), and the figure is the same file.
    @Test func exportThenImportGivesANotebookThatChecks() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run { $0.keepGoing = true }
        let ipynb = try NotebookExport(path: nb.path).ipynb()
        // Into a folder of its own under the same name, since error reports name the file.
        let imported = try IpynbImport(ipynb, source: "nb.ipynb", figureFolder: "nb_files")
        try FileManager.default.createDirectory(atPath: nb.directory + "/back", withIntermediateDirectories: true)
        try imported.write(to: nb.directory + "/back/nb.md")
        #expect(imported.figures.map(\.path) == ["nb_files/block-01-1.png"])
        #expect(nb.file("back/nb_files/block-01-1.png") == nb.file("nb_files/block-01-1.png"))
        let back = try String(contentsOfFile: nb.directory + "/back/nb.md", encoding: .utf8)
        #expect(back.hasPrefix("# Round trip\n\nSome prose.\n\n```pleura\nx = 6 * 7\n"))
        #expect(back.contains("```text\nx is 42\n```\n\n```value\n42\n```\n\n![figure](nb_files/block-01-1.png)"))
        #expect(back.contains("```error\n"))
        var options = RunOptions()
        options.check = true
        options.keepGoing = true
        let report = try NotebookRunner(path: nb.directory + "/back/nb.md", options: options).run()
        #expect(report.differences.isEmpty, "\(report.differences)")
    }

    @Test func jupyterOutputsBecomeRegions() throws {
        let png = try PNG.encodeGray8(width: 2, height: 1, pixels: [0, 255])
        let cells: [[String: Any]] = [
            ["cell_type": "markdown", "metadata": [:] as [String: Any], "source": ["# Title\n", "text"]],
            ["cell_type": "code", "metadata": [:] as [String: Any], "execution_count": 1, "source": "a = 1\na",
             "outputs": [
                ["output_type": "stream", "name": "stdout", "text": ["one\n", "two\n"]],
                ["output_type": "execute_result", "execution_count": 1, "metadata": [:] as [String: Any], "data": ["text/plain": "1"]],
                ["output_type": "display_data", "metadata": [:] as [String: Any],
                 "data": ["image/png": Data(png).base64EncodedString(), "text/plain": "figure"]],
                ["output_type": "error", "ename": "PleuraError", "evalue": "bad", "traceback": ["line 1", "  ^"]],
             ]],
        ]
        let json = try JSONSerialization.data(withJSONObject: ["nbformat": 4, "nbformat_minor": 5, "metadata": [:] as [String: Any], "cells": cells])
        let imported = try IpynbImport(json, source: "t.ipynb", figureFolder: "t_files")
        #expect(imported.markdown == """
            # Title
            text

            ```pleura
            a = 1
            a
            ```

            <!-- pleura:output -->
            ```text
            one
            two
            ```

            ```value
            1
            ```

            ![figure](t_files/block-01-1.png)

            ```error
            line 1
              ^
            ```
            <!-- pleura:end -->

            """)
        #expect(imported.figures.first?.bytes == Data(png))
    }

    @Test func notANotebookIsAnErrorNamingTheFile() {
        #expect(throws: InputError("x.ipynb", "not a Jupyter notebook: it is not a JSON object")) {
            try IpynbImport(Data("[1, 2".utf8), source: "x.ipynb", figureFolder: "x_files")
        }
        let python = Data(#"{"nbformat": 4, "cells": [], "metadata": {"kernelspec": {"language": "python"}}}"#.utf8)
        #expect(throws: InputError("p.ipynb", "the notebook's kernel runs python, not Pleura")) {
            try IpynbImport(python, source: "p.ipynb", figureFolder: "p_files")
        }
    }
}
