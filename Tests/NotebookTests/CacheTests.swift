import Foundation
import Notebook
import Testing

@Suite struct CacheTests {
    /// A short training run in a cached block; the blocks after it read the trained model,
    /// its history and the generator's position, so a restore that missed any of them shows.
    static let notebook = """
        # Cached training

        ```pleura
        epochs = 2
        ds = synth_dataset(count=8, size=32, seed=1)
        m = unet(base=2, depth=2, seed=1)
        ```

        ```pleura {cache=true}
        h = fit m ds epochs=epochs batch=4 seed=1
        scores = [1, 2.5, "x", {a: 1, b: [true, none]}]
        r = rand()
        ```

        ```pleura
        m
        h
        scores
        r
        rand()
        evaluate m ds
        ```

        """

    @Test func aCachedBlockRestoresItsStateNotOnlyItsOutput() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        let first = try nb.run()
        #expect(first.ran == [1, 2, 3] && first.restored.isEmpty)
        let written = nb.text
        #expect(written.contains("trained 2 epochs at 32px"))
        let second = try nb.run()
        #expect(second.restored == [2] && second.ran == [1, 3])
        #expect(nb.text == written)
    }

    @Test func editingProseOrALaterBlockKeepsTheCache() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run()
        try nb.edit("# Cached training", "# Cached training, retitled")
        try nb.edit("evaluate m ds", "evaluate m ds tta=\"hflip\"")
        #expect(try nb.run().restored == [2])
    }

    @Test func editingAnEarlierBlockOrAParameterOrRefreshingRunsItAgain() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run()
        #expect(try nb.run { $0.refresh = true }.restored.isEmpty)
        #expect(try nb.run().restored == [2])
        #expect(try nb.run { $0.parameters = [NotebookParameter(name: "epochs", value: "2")] }.restored.isEmpty)
        try nb.edit("size=32, seed=1", "size=32, seed=2")
        #expect(try nb.run().restored.isEmpty)
        // The entries of the old blocks are pruned: one stored block, one entry.
        #expect(try FileManager.default.contentsOfDirectory(atPath: nb.directory + "/nb_files/.cache").count == 1)
    }

    @Test func aDamagedEntryIsNotUsed() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run()
        let written = nb.text
        let cache = nb.directory + "/nb_files/.cache"
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(entries.count == 1)
        let model = cache + "/" + (entries.first ?? "") + "/model-1.safetensors"
        var bytes = try #require(FileManager.default.contents(atPath: model))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: model))
        let report = try nb.run()
        #expect(report.restored.isEmpty && report.ran == [1, 2, 3])
        #expect(nb.text == written)
        #expect(try nb.run().restored == [2])
    }

    @Test func aBlockAssigningWhatCannotBeStoredIsNotCached() throws {
        let nb = try Scratch("```pleura {cache=true}\nds = synth_dataset(count=2, size=32, seed=1)\nprint(len(ds))\n```\n")
        defer { nb.remove() }
        try nb.run()
        #expect(try nb.run().ran == [1])
        #expect(nb.text.contains("```text\n2\n```"))
    }

    @Test func checkingWritesNoCache() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        try nb.run { $0.check = true }
        #expect(!FileManager.default.fileExists(atPath: nb.directory + "/nb_files"))
    }
}
