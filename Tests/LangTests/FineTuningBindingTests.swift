import Foundation
import Lang
import Testing

/// `freeze`, `unfreeze`, `cls_head`, `fit ... tune=true` and the tuned post-processing as
/// the language sees them.
@Suite struct FineTuningBindingTests {
    private static func workspace() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-ft-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func freezingShowsInDescribeAndUnfreezingUndoesIt() {
        let h = Harness()
        h.run("m = unet(base=4, depth=2, seed=1)\nfreeze m part=\"encoder\"")
        #expect(h.run("m").contains("frozen: encoder"))
        let described = h.run("describe m")
        #expect(described.contains("encoder: ") && described.contains("parameters, frozen"), "\(described)")
        #expect(described.contains("decoder: ") && described.contains("parameters, trainable"), "\(described)")
        h.run("unfreeze m part=\"encoder\"")
        #expect(!h.run("m").contains("frozen"))
        #expect(h.fail("freeze m part=\"middle\"").contains("encoder"))
    }

    /// Tuning stores the best setting; `evaluate` uses it and scores what `tune` printed;
    /// a setting given to `evaluate` replaces the stored one; `save_weights` and
    /// `load_weights` carry it to another model.
    @Test func tuneIsStoredUsedAndSavedWithTheWeights() throws {
        let h = Harness(seed: 2, directory: Self.workspace())
        h.run("ds = synth_dataset(count=16, size=32, seed=2)\nsp = split ds val=0.5 seed=1")
        h.run("m = unet(base=4, depth=2, cls_head=true, seed=1)")
        #expect(h.fail("fit m sp.train epochs=1 batch=8 tune=true").contains("val="))
        let out = h.run("fit m sp.train val=sp.val epochs=2 batch=8 seed=1 lr_encoder=1e-4 cls_weight=0.5 tune=true")
        let tuned = try #require(out.split(separator: "\n").last { $0.hasPrefix("tuned on val: ") }).description
        let setting = h.run("print(m.postprocess)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(setting.hasPrefix("postprocess(") && tuned.contains(setting), "\(tuned) / \(setting)")
        // The score printed is the score `evaluate` gives with the stored setting, and
        // predicting nothing scores what a threshold no pixel passes gives.
        func number(_ text: String) -> Double { Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan }
        func printed(after label: String) -> Double {
            guard let range = tuned.range(of: label) else { return .nan }
            return number(String(tuned[range.upperBound...].prefix { $0 != " " && $0 != ")" }))
        }
        let score = number(h.run("r = evaluate m sp.val\nprint(r.dice)"))
        #expect(abs(printed(after: "scores ") - score) <= 5e-5, "\(tuned) vs \(score)")
        #expect(h.run("r").contains(setting))
        let empty = number(h.run("print(evaluate(m, sp.val, threshold=1).dice)"))
        #expect(abs(printed(after: "nothing scores ") - empty) <= 5e-5, "\(tuned) vs \(empty)")
        #expect(h.run("evaluate m sp.val threshold=0.3").contains("threshold=0.3"))
        h.run("save_weights m \"w.safetensors\"\nn = unet(base=4, depth=2, cls_head=true, seed=9)\nload_weights n \"w.safetensors\"")
        #expect(h.run("n.postprocess == m.postprocess") == "true")
        #expect(h.run("evaluate(n, sp.val).dice == r.dice") == "true")
    }
}
