import Foundation
import Notebook
import Testing

@Suite struct ExportTests {
    static let notebook = """
        # Escaping <b>test</b> & more

        Prose with <script>alert(1)</script>, **bold**, `a<b`, a [bad link](javascript:alert(1)) and a
        [good one](https://example.org/?a=1&b=2).

        - one
        - two

        ```pleura
        print("<script>alert('x')</script> & \\"quoted\\"")
        show synth_sample(seed=3)
        ```

        ```pleura {echo=false}
        print("hidden code")
        ```

        ```pleura {error=true}
        nope
        ```

        """

    @Test func htmlIsEscapedAndSelfContained() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run()
        let html = try NotebookExport(path: nb.path).html()
        #expect(!html.contains("<script>"))
        #expect(html.contains("<title>Escaping &lt;b&gt;test&lt;/b&gt; &amp; more</title>"))
        #expect(html.contains("Prose with &lt;script&gt;alert(1)&lt;/script&gt;, <strong>bold</strong>, <code>a&lt;b</code>"))
        #expect(html.contains("<a href=\"#\">bad link</a>"))
        #expect(html.contains("<a href=\"https://example.org/?a=1&amp;b=2\">good one</a>"))
        #expect(html.contains("<ul><li>one</li><li>two</li></ul>"))
        #expect(html.contains("<pre class=\"output\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</pre>"))
        #expect(html.contains("<pre class=\"code\"><code>print(&quot;&lt;script&gt;"))
        #expect(!html.contains("print(&quot;hidden code&quot;)"))
        #expect(html.contains("<pre class=\"output\">hidden code</pre>"))
        #expect(html.contains("<pre class=\"output error\">nb.md:"))
        let png = try #require(nb.file("nb_files/block-01-1.png"))
        #expect(html.contains("<img src=\"data:image/png;base64,\(png.base64EncodedString())\""))
        #expect(!html.contains("src=\"nb_files/"))
    }

    @Test func ipynbHasTheNbformat4Structure() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run()
        let data = try NotebookExport(path: nb.path).ipynb()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["nbformat"] as? Int == 4)
        #expect(json["nbformat_minor"] as? Int == 5)
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "code", "code"])
        #expect(Set(cells.compactMap { $0["id"] as? String }).count == cells.count)
        let markdown = try #require(cells[0]["source"] as? [String])
        #expect(markdown.first == "# Escaping <b>test</b> & more\n")
        #expect(markdown.last == "- two")
        let code = cells[1]
        #expect(code["source"] as? [String] == ["print(\"<script>alert('x')</script> & \\\"quoted\\\"\")\n", "show synth_sample(seed=3)"])
        // Counted as a run from the top counts: the blocks are cells 1, 2 and 3.
        #expect(cells[1...].map { $0["execution_count"] as? Int } == [1, 2, 3])
        let outputs = try #require(code["outputs"] as? [[String: Any]])
        #expect(outputs.count == 2)
        // Text as the kernel sends it: a stdout stream, each line ending in a newline.
        #expect(outputs[0]["output_type"] as? String == "stream")
        #expect(outputs[0]["name"] as? String == "stdout")
        #expect(outputs[0]["text"] as? [String] == ["<script>alert('x')</script> & \"quoted\"\n"])
        #expect(outputs[1]["output_type"] as? String == "display_data")
        let image = try #require(outputs[1]["data"] as? [String: Any])
        #expect(image["text/plain"] as? [String] == ["figure"])
        let base64 = try #require(image["image/png"] as? String)
        #expect(Data(base64Encoded: base64) == nb.file("nb_files/block-01-1.png"))
        let hidden = try #require(cells[2]["metadata"] as? [String: Any])
        #expect((hidden["jupyter"] as? [String: Any])?["source_hidden"] as? Bool == true)
        let error = try #require((cells[3]["outputs"] as? [[String: Any]])?.first)
        #expect(error["output_type"] as? String == "error")
        #expect((error["evalue"] as? String)?.hasPrefix("nb.md:") == true)
        #expect(error["traceback"] is [String])
    }

    /// A statement's value is an `execute_result` of its own, apart from printed text, with
    /// `text/html` for a table: the bundle the kernel sends for the same statement.
    @Test func valuesAreExecuteResultsAsTheKernelSendsThem() throws {
        let nb = try Scratch("""
            ```pleura
            print "before"
            6 * 7
            print "after"
            table([{name: "a<b", n: 1}, {name: "c", n: 2}])
            ```

            """)
        defer { nb.remove() }
        try nb.run()
        #expect(nb.text.contains("```text\nbefore\n```\n\n```value\n42\n```\n\n```text\nafter\n```"))
        let data = try NotebookExport(path: nb.path).ipynb()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cell = try #require((json["cells"] as? [[String: Any]])?.first)
        let outputs = try #require(cell["outputs"] as? [[String: Any]])
        #expect(outputs.map { $0["output_type"] as? String } == ["stream", "execute_result", "stream", "execute_result"])
        #expect(outputs[0]["text"] as? [String] == ["before\n"])
        #expect(outputs[1]["execution_count"] as? Int == 1)
        #expect(outputs[1]["data"] as? [String: [String]] == ["text/plain": ["42"]])
        #expect(outputs[2]["text"] as? [String] == ["after\n"])
        let table = try #require(outputs[3]["data"] as? [String: [String]])
        #expect(table["text/html"]?.joined() == """
            <table>
            <thead><tr><th>name</th><th>n</th></tr></thead>
            <tbody>
            <tr><td>a&lt;b</td><td>1</td></tr>
            <tr><td>c</td><td>2</td></tr>
            </tbody>
            </table>
            """)
        #expect(table["text/plain"]?.joined().contains("a<b") == true)
        // The HTML page shows the table as a table.
        #expect(try NotebookExport(path: nb.path).html().contains("<div class=\"output table\">\n<table>"))
    }
}
