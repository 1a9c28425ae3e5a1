import Foundation
import Notebook
import Testing

/// A cached block that assigns a table and an evaluation restores both: the blocks after it
/// print the same text from the restored values as from the computed ones.
@Suite struct TableCacheTests {
    static let notebook = """
        ```pleura
        ds = synth_dataset(count=5, size=32, seed=3)
        m = unet(base=2, depth=2, seed=1)
        ```

        ```pleura {cache=true}
        r = evaluate(m, ds, threshold=-1)
        t = table([{id: "a", n: 1, ok: true}, {id: "b", n: none, ok: false}])
        ```

        ```pleura
        r
        r.images
        r.dice
        t
        t[1]
        ```

        """

    @Test func aCachedTableAndEvaluationComeBackAsTheyWere() throws {
        let nb = try Scratch(Self.notebook)
        defer { nb.remove() }
        let first = try nb.run()
        #expect(first.ran == [1, 2, 3] && first.restored.isEmpty)
        let written = nb.text
        #expect(written.contains("competition dice") && written.contains("truth_area"))
        let second = try nb.run()
        #expect(second.restored == [2] && second.ran == [1, 3])
        #expect(nb.text == written)
    }
}
