import Foundation
import Lang
import Testing

/// A `fit` that stopped early is recorded as what ran, so the saved script reproduces the
/// model; `m.digest` tells whether two models hold the same weights.
@Suite struct ReplayTruthTests {
    private static let setup = "ds = synth_dataset(count=8, size=32, seed=1)\nm = unet(base=4, depth=2, seed=1)"

    /// The statement recorded for the first line of `script` that starts with `prefix`.
    private func line(_ script: String, _ prefix: String) throws -> String {
        try #require(script.split(separator: "\n").map(String.init).first { $0.hasPrefix(prefix) })
    }

    /// Runs `script` in a fresh session seeded from its header and gives `m.digest`.
    private func replayedDigest(_ script: String) throws -> String {
        let replay = Harness(seed: try #require(Script.seed(in: script)))
        replay.run(script)
        return replay.run("m.digest")
    }

    @Test func aBudgetStoppedFitIsSavedAsTheStopItReachedAndReplaysToTheSameWeights() throws {
        let h = Harness(seed: 7)
        h.run(Self.setup)
        // A thousand epochs cannot fit in half a second: the budget stops the run.
        let out = h.run("h = fit m ds epochs=1000 batch=2 sched=\"cosine\" seed=1 budget=0.5")
        #expect(out.split(separator: "\n").last?.hasPrefix("stopped ") == true, "\(out)")
        #expect(out.hasSuffix(": budget 0.5s"))
        let digest = h.run("m.digest")
        let epochs = h.run("len(h.train_loss)")

        let script = h.session.script()
        let fit = try line(script, "h = fit")
        #expect(!fit.contains("budget="))
        #expect(fit.contains("epochs=1000"))
        #expect(fit.contains("  # stopped "))
        #expect(fit.hasSuffix(" of 1000: budget 0.5s") || fit.contains(" of 1000, after batch "))
        let stop = try #require(fit.firstMatch(of: /stop=(\d+|\[(\d+), (\d+)\])/))
        #expect(try replayedDigest(script) == digest)

        // The replay trains as many epochs and prints no stop by the clock.
        let replay = Harness(seed: 7)
        let replayed = replay.run(script)
        #expect(replay.run("len(h.train_loss)") == epochs)
        #expect(replayed.contains(", as `stop` says\n"))

        // Control: the same script stopped one epoch later ends with other weights.
        let whole = Int(stop.output.2 ?? stop.output.1) ?? -1
        let later = script.replacingOccurrences(of: "stop=\(stop.output.1)", with: "stop=\(whole + 1)")
        #expect(later != script)
        #expect(try replayedDigest(later) != digest)
    }

    @Test func aFitThatEndsWithinItsBudgetIsSavedWithoutIt() throws {
        let h = Harness(seed: 2)
        h.run(Self.setup)
        h.run("fit m ds epochs=1 batch=4 seed=1 budget=100000")
        let fit = try line(h.session.script(), "fit m ds")
        #expect(fit == "fit m ds epochs=1 batch=4 seed=1  # finished within budget 100000s")
    }

    @Test func aStopMidEpochTrainsThatFarAndIsKeptAsWritten() throws {
        let h = Harness(seed: 2)
        h.run(Self.setup)
        // 8 images in batches of 2 are 4 batches an epoch; accum=2 makes 2 steps of 2.
        let out = h.run("h = fit m ds epochs=5 batch=2 accum=2 seed=1 stop=[1, 2]")
        let lines = out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last == "stopped in epoch 2 of 5, after batch 2 of 4, as `stop` says")
        #expect(out.hasPrefix("epoch 1/5  loss "))
        #expect(h.run("len(h.train_loss)") == "1")
        #expect(try line(h.session.script(), "h = fit") == "h = fit m ds epochs=5 batch=2 accum=2 seed=1 stop=[1, 2]")
    }

    @Test func badStopsNameTheArgument() {
        let h = Harness()
        h.run(Self.setup)
        #expect(h.fail("fit m ds epochs=2 stop=[1]").contains("`stop` must be a number of epochs or [epochs, batches]"))
        #expect(h.fail("fit m ds epochs=2 stop=\"soon\"").contains("`stop`"))
        #expect(h.fail("fit m ds epochs=2 batch=2 accum=2 stop=[0, 1]").contains("multiple of accum=2"))
        #expect(h.fail("fit m ds epochs=2 stop=3").contains("past the end of the run"))
        // Nothing ran, so nothing was recorded.
        #expect(!h.session.script().contains("stop="))
    }

    @Test func epochLinesShowTheRunLengthAndFitIn80Columns() {
        let h = Harness()
        h.run(Self.setup)
        let out = h.run("h = fit m ds val=ds epochs=2 batch=4 seed=1 sched=\"cosine\" lr=1.234567e-3")
        let lines = out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("epoch 1/2  loss ") && lines[0].contains("  val loss ") && lines[0].contains("  dice "))
        #expect(lines[0].hasSuffix("  lr 0.00123"))
        for l in lines { #expect(l.count <= 80, "\(l)") }
    }

    @Test func theDigestNamesTheWeights() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-digest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(directory: dir)
        #expect(h.run("unet(base=4, depth=2, seed=1).digest == unet(base=4, depth=2, seed=1).digest") == "true")
        #expect(h.run("unet(base=4, depth=2, seed=1).digest == unet(base=4, depth=2, seed=2).digest") == "false")
        h.run(Self.setup)
        let untrained = h.run("m.digest")
        #expect(untrained.count == 18)   // 16 hex digits in quotes
        h.run("save_weights m \"w.safetensors\"\nn = unet(base=4, depth=2, seed=5)\nload_weights n \"w.safetensors\"")
        #expect(h.run("n.digest") == untrained)
        h.run("fit m ds epochs=1 batch=4 seed=1")
        #expect(h.run("m.digest") != untrained)
        #expect(h.run("help unet").contains("digest"))
    }
}
