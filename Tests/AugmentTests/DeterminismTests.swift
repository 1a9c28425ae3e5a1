import Augment
import Core
import Tensor
import Testing

@Suite(.serialized) struct DeterminismTests {
    @Test func sameSeedSameOutputBitForBit() throws {
        let t = try Presets.siim2019(size: 64)
        let pair = Fixture.noise(width: 64, height: 64)
        for seed in UInt64(0)..<40 {
            let a = t.apply(to: pair, seed: seed), b = t.apply(to: pair, seed: seed)
            #expect(a == b)
        }
        let outputs = Set((UInt64(0)..<40).map { t.apply(to: pair, seed: $0).pair.image.pixels })
        #expect(outputs.count > 20)   // different seeds do give different pairs
    }

    /// Item i of a batch is the pair on its own with generator i forked from the batch seed,
    /// so the result cannot depend on the thread count or the scheduling. (Compared item by
    /// item rather than by changing `Parallel.threadCount`, which is process-wide and would
    /// reach concurrently running tests.)
    @Test func batchesDoNotDependOnTheThreadCount() throws {
        let t = try Presets.siim2019(size: 48)
        let batch = (0..<16).map { _ in Fixture.noise(width: 48, height: 48) }
        let together = t.apply(to: batch, seed: 7)
        var root = SeededGenerator(seed: 7)
        var generators = (0..<16).map { root.fork(UInt64($0)) }
        for i in 0..<16 {
            #expect(together[i] == t.apply(to: batch[i], using: &generators[i]))
        }
    }

    @Test func previewGivesNCaptionedVariants() throws {
        let t = try Compose([HorizontalFlip(), RandomGamma()])
        let variants = t.preview(Fixture.noise(width: 16, height: 16), n: 8, seed: 3)
        #expect(variants.count == 8)
        #expect(variants == t.preview(Fixture.noise(width: 16, height: 16), n: 8, seed: 3))
        for v in variants {
            let names = v.drawn.map(\.transform)
            #expect(v.caption == (names.isEmpty ? "identity" : v.drawn.map(\.description).joined(separator: " | ")))
            if let gamma = v.drawn.first(where: { $0.transform == "gamma" })?["gamma"] {
                // captions round to 3 decimals
                let shown = v.caption.split(separator: "=").last.map { Double($0.dropLast()) ?? 0 } ?? 0
                #expect(abs(shown - gamma) <= 0.0005)
            }
        }
    }
}
