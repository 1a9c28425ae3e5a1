import Core
import Notebook
import Testing

@Suite struct FormatTests {
    static let sample = """
        # Title

        Prose with `code` and a fence that is not Pleura:

        ~~~sh
        ```pleura
        not a block: inside another fence
        ```
        ~~~

        ```pleura {echo=false, cache=true}
        x = 1
        print(x)
        ```


        <!-- pleura:output -->
        ````text
        1
        ```
        <!-- pleura:end -->
        ````
        <!-- pleura:end -->
        more prose
        <!-- pleura:output -->
        ```text
        left over from a deleted block
        ```
        <!-- pleura:end -->

        ```pleura
        y = 2
        ```
        """

    @Test func renderGivesBackTheExactText() throws {
        for text in [Self.sample, Self.sample + "\n", "", "\n\n", "just prose\r\nwith CRLF\r\n"] {
            #expect(try NotebookParser.parse(text, source: "s.md").rendered() == text)
        }
    }

    @Test func blocksOptionsAndRegionsAreFound() throws {
        let document = try NotebookParser.parse(Self.sample, source: "s.md")
        let blocks = document.blocks
        #expect(blocks.count == 2)
        #expect(blocks[0].code == "x = 1\nprint(x)")
        #expect(blocks[0].line == 11)
        #expect(blocks[0].firstCodeLine == 12)
        #expect(blocks[0].options.echo == false && blocks[0].options.cache == .always && !blocks[0].options.skip)
        // Two blank lines, the markers, and a four-backtick fence holding a ``` line and a marker.
        #expect(blocks[0].generated?.count == 9)
        #expect(blocks[1].generated == nil && blocks[1].options == BlockOptions())
        let orphans = document.parts.filter { if case .orphanOutput = $0 { true } else { false } }
        #expect(orphans.count == 1)
    }

    @Test func anUnclosedBlockIsAnErrorNamingItsLine() throws {
        #expect(throws: InputError("s.md", at: "line 3", "this ```pleura block is never closed (add a line ```)")) {
            try NotebookParser.parse("prose\n\n```pleura\nx = 1\n", source: "s.md")
        }
    }

    @Test func outputWithoutAnEndMarkerIsAnError() throws {
        let error = #expect(throws: InputError.self) {
            try NotebookParser.parse("```pleura\nx\n```\n<!-- pleura:output -->\n```text\n1\n```\n", source: "s.md")
        }
        #expect(error?.place == "line 4")
    }

    @Test func blockOptionsAreCheckedWithSuggestions() throws {
        let error = #expect(throws: InputError.self) {
            try NotebookParser.parse("```pleura {ecko=false}\nx\n```", source: "s.md")
        }
        #expect(error?.reason.contains("did you mean `echo`?") == true)
        #expect(throws: InputError.self) { try BlockOptions(parsing: "{skip=yes}", source: "s", place: "line 1") }
        #expect(throws: InputError.self) { try BlockOptions(parsing: "{skip=true, skip=false}", source: "s", place: "line 1") }
        #expect(throws: InputError.self) { try BlockOptions(parsing: "echo=false", source: "s", place: "line 1") }
        let options = try BlockOptions(parsing: " { skip=true , cache=false, error=true } ", source: "s", place: "line 1")
        #expect(options.skip && options.cache == .never && options.error && options.echo)
    }

    @Test func parametersBecomeLiterals() throws {
        #expect(try NotebookParameter(parsing: "n=5").literal == "5")
        #expect(try NotebookParameter(parsing: "lr=1e-3").literal == "1e-3")
        #expect(try NotebookParameter(parsing: "flag=true").literal == "true")
        #expect(try NotebookParameter(parsing: "data=/tmp/a \"b\"").literal == "\"/tmp/a \\\"b\\\"\"")
        #expect(try NotebookParameter(parsing: "path=a=b").value == "a=b")
        #expect(throws: InputError.self) { try NotebookParameter(parsing: "=3") }
        #expect(NotebookParameter.names(assignedIn: "a = 1\nprint(a)\nb = \"x\"\nfn f(x) = x") == ["a", "b"])
    }
}
