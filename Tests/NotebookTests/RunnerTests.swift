import Foundation
import Core
import Notebook
import Testing

@Suite struct RunnerTests {
    static let notebook = """
        # A notebook

        Prose that a run must leave alone.

        ```pleura
        n = 3
        label = "count"
        ```

        Between the blocks.

        ```pleura
        print(label)
        print(n * 2)
        ```

        <!-- pleura:output -->
        ```text
        stale output from an older run
        ```
        <!-- pleura:end -->

        The end.

        """

    @Test func outputsGoUnderTheirBlocksAndNothingElseChanges() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        let report = try nb.run()
        #expect(report.succeeded && report.ran == [1, 2])
        let after = try NotebookParser.parse(nb.text, source: nb.path)
        let before = try NotebookParser.parse(Self.notebook, source: nb.path)
        #expect(after.authored == before.authored)
        #expect(after.blocks[0].generated == nil)
        #expect(after.blocks[1].generated == ["", "<!-- pleura:output -->", "```text", "count", "6", "```", "<!-- pleura:end -->"])
    }

    @Test func runningTwiceGivesTheSameBytes() throws {
        let nb = try Scratch(Self.notebook + "```pleura\nshow synth_sample(seed=2)\nrand()\n```\n")
        defer { nb.remove() }
        try nb.run()
        let first = nb.text
        let figure = nb.file("nb_files/block-03-1.png")
        #expect(figure?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(first.contains("![figure](nb_files/block-03-1.png)"))
        let second = try nb.run()
        #expect(nb.text == first)
        #expect(nb.file("nb_files/block-03-1.png") == figure)
        #expect(second.differences.isEmpty)
    }

    @Test func checkReportsChangesAndWritesNothing() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run()
        #expect(try nb.run { $0.check = true }.differences.isEmpty)
        try nb.edit("n = 3", "n = 4")
        let edited = nb.text
        let report = try nb.run { $0.check = true }
        #expect(nb.text == edited)
        #expect(report.differences.count == 1)
        let message = report.differences.first ?? ""
        #expect(message.contains("\n- 6\n+ 8"))
    }

    @Test func checkNoticesAChangedFigure() throws {
        let nb = try Scratch("```pleura\nshow synth_sample(seed=1)\n```\n")
        defer { nb.remove() }
        try nb.run()
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: nb.directory + "/nb_files/block-01-1.png"))
        let report = try nb.run { $0.check = true }
        #expect(report.differences == ["nb_files/block-01-1.png would change"])
        #expect(nb.file("nb_files/block-01-1.png") == Data([1, 2, 3]))
    }

    @Test func staleFiguresAreRemoved() throws {
        let nb = try Scratch("```pleura\nshow synth_sample(seed=1)\nshow synth_sample(seed=2)\n```\n")
        defer { nb.remove() }
        try nb.run()
        #expect(nb.file("nb_files/block-01-2.png") != nil)
        try nb.edit("show synth_sample(seed=2)\n", "")
        try nb.run()
        #expect(nb.file("nb_files/block-01-1.png") != nil)
        #expect(nb.file("nb_files/block-01-2.png") == nil)
    }

    @Test func parametersOverrideTheFirstBlock() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run { $0.parameters = [NotebookParameter(name: "n", value: "10"), NotebookParameter(name: "label", value: "total")] }
        #expect(nb.text.contains("total\n20"))
        #expect(nb.text.contains("parameter n = 10 (from --param)"))
        let error = #expect(throws: InputError.self) {
            try nb.run { $0.parameters = [NotebookParameter(name: "m", value: "1")] }
        }
        #expect(error?.reason.contains("did you mean `n`?") == true)
        let unreadable = #expect(throws: InputError.self) {
            try nb.run { $0.parameters = [NotebookParameter(name: "n", value: "+5")] }
        }
        #expect(unreadable?.reason.hasPrefix("cannot be read as a value") == true)
    }

    @Test func errorsAppearInlineAndStopTheRun() throws {
        let text = "```pleura\nx = 1\n```\n\n```pleura\nprint(x)\nprint(nope)\nprint(2)\n```\n\n```pleura\nprint(3)\n```\n"
        let nb = try Scratch(text)
        defer { nb.remove() }
        let report = try nb.run()
        #expect(report.failed == [2] && report.stoppedAt == 2 && report.ran == [1, 2])
        let blocks = try NotebookParser.parse(nb.text, source: nb.path).blocks
        let region = blocks[1].generated ?? []
        #expect(region.contains("1"))
        #expect(region.contains("```error"))
        #expect(region.contains { $0.contains("nb.md:7:7: error: unknown name `nope`") })
        #expect(!region.contains("2"))
        #expect(blocks[2].generated == nil)
        let going = try nb.run { $0.keepGoing = true }
        #expect(going.failed == [2] && going.ran == [1, 2, 3])
        #expect(try NotebookParser.parse(nb.text, source: nb.path).blocks[2].generated?.contains("3") == true)
    }

    @Test func anExpectedErrorIsNotAFailure() throws {
        let nb = try Scratch("```pleura {error=true}\n1 +\n```\n\n```pleura\nprint(5)\n```\n")
        defer { nb.remove() }
        let report = try nb.run()
        #expect(report.succeeded && report.ran == [1, 2])
        #expect(nb.text.contains("```error\nnb.md:2:"))
        #expect(nb.text.contains("```text\n5\n```"))
    }

    @Test func skippedBlocksDoNotRun() throws {
        let nb = try Scratch("```pleura {skip=true}\nprint(1)\n```\n\n```pleura\nprint(2)\n```\n")
        defer { nb.remove() }
        let report = try nb.run()
        #expect(report.ran == [2])
        #expect(!nb.text.contains("```text\n1\n```"))
    }

    @Test func errorLinesNameTheFileAsWritten() throws {
        // The error in the third block names its line in the written file, below the
        // outputs added above it, so a second run does not move it.
        let nb = try Scratch("```pleura\nprint(1)\n```\n\n```pleura\nprint(2)\n```\n\n```pleura {error=true}\nnope\n```\n")
        defer { nb.remove() }
        try nb.run()
        let lines = nb.text.components(separatedBy: "\n")
        let nopeLine = (lines.firstIndex(of: "nope") ?? -1) + 1
        #expect(nb.text.contains("nb.md:\(nopeLine):1: error"))
    }

    @Test func orphanedOutputIsRemoved() throws {
        let nb = try Scratch("prose\n\n<!-- pleura:output -->\n```text\nold\n```\n<!-- pleura:end -->\n\nmore\n")
        defer { nb.remove() }
        #expect(try nb.run { $0.check = true }.differences.count == 1)
        try nb.run()
        #expect(nb.text == "prose\n\n\nmore\n")
    }

    @Test func aMissingNotebookIsAnInputError() {
        #expect(throws: InputError.self) { try NotebookRunner(path: "/nonexistent/nb.md").run() }
    }
}
