import Foundation
import Lang
import Testing

@Suite struct SegmentationBindingTests {
    private static func workspace() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-seg-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func lossesAddUpAndPrintAsTyped() {
        let h = Harness()
        #expect(h.run("bce + dice") == "loss bce + dice")
        #expect(h.run("3*bce + dice + 4*focal(gamma=3)") == "loss 3*bce + dice + 4*focal(gamma=3)")
        h.run("fn tv(p, y, a=0.7) = 1 - sum(p*y) / (sum(p*y) + a*sum(p*(1-y)) + (1-a)*sum((1-p)*y))")
        #expect(h.run("bce + 0.5*tv") == "loss bce + 0.5*tv")
        #expect(h.fail("bce + 1").contains("cannot apply `+`"))
    }

    /// A user function of probabilities gives the same values as the built-in BCE in the
    /// loss lab: −mean(y log p + (1−y) log(1−p)) is BCE once p = σ(logit).
    @Test func aUserLossMatchesTheBuiltInOne() throws {
        let h = Harness()
        h.run("ds = synth_dataset(count=16, size=64, seed=1)\np = probe(ds, n=4, pos=2, seed=1)")
        h.run("fn mybce(p, y) = mean(-(y*log(p) + (1-y)*log(1-p)))")
        let table = h.run("losslab [bce, mybce] p").split(separator: "\n").map(String.init)
        let bce = try #require(table.first { $0.hasPrefix("bce ") }), mine = try #require(table.first { $0.hasPrefix("mybce ") })
        func values(_ row: String) -> [Double] {
            row.split(separator: " ").compactMap { Double($0) }.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        }
        #expect(values(bce).count == 5)
        for (a, b) in zip(values(bce), values(mine)) { #expect(abs(a - b) <= 1e-3 * max(1, abs(a)), "\(a) vs \(b)") }
    }

    /// An impossible output size is an error naming it, and the session goes on; a possible
    /// one searches at that size (issue 17: `size=0` used to abort the process).
    @Test func searchThresholdsRejectsImpossibleSizes() {
        let h = Harness()
        h.run("ds = synth_dataset(count=4, size=32, seed=1)\nm = unet(base=4, depth=2, seed=1)")
        for size in ["0", "-5", "100000"] {
            let error = h.fail("search_thresholds m ds size=\(size)")
            #expect(error.contains("`size` of `search_thresholds` must be") && error.contains("8...4096"), "\(error)")
        }
        #expect(h.run("x = 1 + 1") == "")
        #expect(!h.run("search_thresholds m ds size=16").isEmpty)
    }

    @Test func fitPrintsOneLinePerEpochAndRecordsHistory() {
        let h = Harness(seed: 3)
        h.run("ds = synth_dataset(count=12, size=32, seed=2)\nm = unet(base=4, depth=2, seed=1)")
        let out = h.run("h = fit m ds val=ds epochs=2 batch=6 seed=1 loss=bce")
        let lines = out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("epoch 1/2  loss ") && lines[0].contains("  dice "))
        #expect(h.run("len(h.train_loss)") == "2")
        #expect(h.run("m").contains("trained 2 epochs at 32px"))
        // `describe` adds the loader's wait for data as a share of the training time.
        let described = h.run("describe h")
        let wait = described.split(separator: "\n").first { $0.contains("waiting for data: ") }
        #expect(wait?.contains("% of ") == true && wait?.contains(" s of training") == true, "\(described)")
    }

    @Test func weightsRoundTripAndMismatchesAreListed() {
        let dir = Self.workspace()
        let h = Harness(seed: 5, directory: dir)
        h.run("ds = synth_dataset(count=8, size=32, seed=2)\nm = unet(base=4, depth=2, seed=1)")
        h.run("fit m ds epochs=1 batch=8 seed=1")
        h.run("save_weights m \"w.safetensors\"")
        h.run("a = evaluate(m, ds)\nn = unet(base=4, depth=2, seed=9)\nload_weights n \"w.safetensors\"\nb = evaluate(n, ds)")
        #expect(h.run("a.dice == b.dice") == "true")
        let error = h.fail("load_weights unet(base=8, depth=2) \"w.safetensors\"")
        #expect(error.contains("shape"))
    }

    @Test func submissionIsWrittenWithOneRowPerImage() throws {
        let dir = Self.workspace()
        let h = Harness(seed: 5, directory: dir)
        h.run("ds = synth_dataset(count=6, size=32, seed=2)")
        h.run("submit unet(base=4, depth=2, seed=1) ds path=\"sub.csv\"")
        let csv = try String(contentsOfFile: dir + "/sub.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "ImageId,EncodedPixels")
        #expect(csv.count == 7)
        #expect(h.fail("submit unet(base=4, depth=2) ds path=\"../escape.csv\"").contains("outside"))
    }

    @Test func modelsPrintTheCallThatBuildsThem() {
        let h = Harness()
        #expect(h.run("unet(base=8, depth=3, norm=\"group\", seed=1).call") == "\"unet(base=8, depth=3, norm=\\\"group\\\", seed=1)\"")
        #expect(h.run("unet(base=8, encoder=\"effnet-b0\", seed=1)").hasPrefix("unet(base=8, norm=\"batch\", encoder=\"effnet-b0\", seed=1): "))
        #expect(h.fail("unetpp(encoder=\"resnet34\")").contains("`encoder` of `unetpp` must be one of \"plain\", \"effnet-b0\""))
    }

    @Test func badArgumentsNameTheProblem() {
        let h = Harness()
        h.run("ds = synth_dataset(count=4, size=32, seed=2)")
        #expect(h.fail("unet(norm=\"batchy\")").contains("unknown norm"))
        #expect(h.fail("fit unet(base=4, depth=2) ds optimizer=\"adma\"").contains("adam"))
        #expect(h.fail("fit unet(base=4, depth=2) ds sched=\"cosinus\"").contains("sched"))
        #expect(h.fail("evaluate unet(base=4, depth=2) ds tta=\"vflip\"").contains("hflip"))
        #expect(h.fail("fit unet(base=4, depth=2) ds loss=3").contains("must be a loss"))
    }
}
