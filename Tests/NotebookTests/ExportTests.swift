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
        #expect(code["execution_count"] is NSNull)
        let outputs = try #require(code["outputs"] as? [[String: Any]])
        #expect(outputs.count == 2)
        // Text as the kernel sends it: a stdout stream, each line ending in a newline.
        #expect(outputs[0]["output_type"] as? String == "stream")
        #expect(outputs[0]["name"] as? String == "stdout")
        #expect(outputs[0]["text"] as? [String] == ["<script>alert('x')</script> & \"quoted\"\n"])
        let image = try #require(outputs[1]["data"] as? [String: Any])
        let base64 = try #require(image["image/png"] as? String)
        #expect(Data(base64Encoded: base64) == nb.file("nb_files/block-01-1.png"))
        let hidden = try #require(cells[2]["metadata"] as? [String: Any])
        #expect((hidden["jupyter"] as? [String: Any])?["source_hidden"] as? Bool == true)
        let error = try #require((cells[3]["outputs"] as? [[String: Any]])?.first)
        #expect(error["output_type"] as? String == "error")
        #expect((error["evalue"] as? String)?.hasPrefix("nb.md:") == true)
        #expect(error["traceback"] is [String])
    }
}
