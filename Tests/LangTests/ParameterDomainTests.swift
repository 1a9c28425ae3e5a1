import Foundation
import Lang
import Testing

/// Choices and ranges declared on builtin parameters: checked before the builtin runs, with
/// the caret under the argument, printed by `help` and offered by completion.
@Suite struct ParameterDomainTests {
    @Test func aBadChoiceIsUnderlinedWithTheNearestChoice() {
        let h = Harness()
        h.run("s = synth_sample(size=32, seed=1)")
        let report = h.fail("rle(s, format=\"standart\")")
        #expect(report.contains("`format` of `rle` must be one of \"relative\", \"standard\", got \"standart\""))
        #expect(report.contains(" 1 | rle(s, format=\"standart\")\n   |               ^^^^^^^^^^ did you mean `standard`?"))
        // Command form, a choice made from an engine enum.
        #expect(h.fail("prevalence synth_dataset(count=8, size=32, seed=1) by=\"veiw\"").contains("did you mean `view`?"))
        #expect(h.fail("evaluate unet(base=4, depth=2, seed=1) synth_dataset(count=4, size=32, seed=1) tta=\"hflp\"")
            .contains("did you mean `hflip`?"))
    }

    @Test func outOfRangeNumbersAreUnderlined() {
        let h = Harness()
        let size = h.fail("synth_sample(size=4)")
        #expect(size.contains("`size` of `synth_sample` must be in 8...4096, got 4"))
        #expect(size.contains(" 1 | synth_sample(size=4)\n   |                   ^"))
        #expect(h.fail("threads 0").contains("`n` of `threads` must be in 1...256, got 0"))
        #expect(h.fail("split(synth_dataset(count=8, size=32, seed=1), val=1)").contains("must be in (0, 1), got 1"))
        #expect(h.fail("unet(dropout=1)").contains("`dropout` of `unet` must be in [0, 1), got 1"))
        #expect(h.fail("show synth_sample(size=32, seed=1) width=0").contains("`width` of `show` must be at least 1, got 0"))
        h.run("ds = synth_dataset(count=4, size=32, seed=1)\nm = unet(base=4, depth=2, seed=1)")
        let ema = h.fail("fit m ds ema=1")
        #expect(ema.contains("`ema` of `fit` must be in (0, 1), got 1"))
        #expect(ema.contains(" 1 | fit m ds ema=1\n   |              ^"))
        #expect(h.fail("fit m ds lr=0").contains("`lr` of `fit` must be > 0, got 0"))
        #expect(h.fail("probe(ds, n=2, pos=3)").contains("`pos` must be at most n (2), got 3"))
        // The ends themselves are inside a closed range.
        h.run("threads(threads())")
        #expect(!h.run("synth_sample(size=8, seed=1)").isEmpty)
    }

    @Test func aParameterPassedPositionallyToAFunctionIsCheckedToo() {
        let h = Harness()
        #expect(h.fail("map([0], threads)").contains("`n` of `threads` must be in 1...256, got 0"))
    }

    @Test func helpPrintsChoicesAndRanges() {
        let h = Harness()
        #expect(h.run("help rle").contains("format: \"relative\"|\"standard\" = \"relative\""))
        #expect(h.run("help synth_sample").contains("size: integer in 8...4096 = 256"))
        #expect(h.run("help split").contains("val: number in (0, 1) = 0.2"))
        #expect(h.run("help fit").contains("batch: integer ≥ 1 = 4"))
        let evaluate = h.run("help evaluate")
        #expect(evaluate.contains("tta: \"none\"|\"hflip\" = \"none\""))
        #expect(evaluate.contains("min_area: integer ≥ 0 = 0"))
        #expect(h.run("help synth").contains("positive_rate: number in [0, 1] = 0.22"))
        // Choices too many for the signature are listed below it.
        let resunet = h.run("help resunet")
        #expect(resunet.contains("encoder: string = \"resnet34\""))
        #expect(resunet.contains("  encoder: one of \"resnet34\", \"resnet18\", \"effnet-b0\""))
    }

    @Test func completionOffersTheChoicesInsideAString() {
        let h = Harness()
        let line = "rle(s, format=\"st"
        let c = h.session.complete(line, cursor: line.count)
        #expect(c.candidates == ["standard"])
        #expect(c.start == line.count - 2)
        let all = "prevalence ds by=\""
        #expect(h.session.complete(all, cursor: all.count).candidates == ["age", "sex", "view"])
        let model = "m = unet(upsampling=\""
        #expect(h.session.complete(model, cursor: model.count).candidates == ["bilinear", "nearest", "transpose"])
        // The string forms of schedules and optimizers offer their catalogs' names.
        let optimizer = "fit m ds optimizer=\"a"
        #expect(h.session.complete(optimizer, cursor: optimizer.count).candidates == ["adam", "adamw"])
        let sched = "fit m ds epochs=2 sched=\"co"
        #expect(h.session.complete(sched, cursor: sched.count).candidates == ["constant", "cosine"])
        // A string that is not a choice still completes paths.
        let path = "load(\"/"
        #expect(h.session.complete(path, cursor: path.count).candidates.contains("tmp/"))
    }

    /// Every default keeps its own parameter's declaration, so no builtin fails when called
    /// with its defaults because of a limit written elsewhere.
    @Test func everyDefaultKeepsItsDeclaration() {
        for builtin in Registry.standard().builtins.values {
            for parameter in builtin.parameters {
                guard let value = parameter.defaultValue else { continue }
                #expect(parameter.accepts(value), "\(builtin.name)'s \(parameter.name)")
                #expect(parameter.violation(value) == nil, "\(builtin.name)'s \(parameter.name)")
            }
        }
    }
}

/// `Registry.limitingWork`, which the script fuzz target runs under: the same builtins, with
/// the work one call may ask for capped by the check every declared limit gets.
@Suite struct WorkCeilingTests {
    let output = CapturedOutput()
    let session: Session

    init() {
        let registry = Registry.standard().limitingWork(ceilings: ["count": 16, "size": 32, "trials": 4, "depth": 99],
                                                         choices: ["encoder": ["effnet-b0", "timm-efficientnet-b0"]],
                                                         excluding: ["smp_unet"])
        session = Session(registry: registry, seed: 0, sink: output, sandbox: Sandbox(workingDirectory: NSTemporaryDirectory()))
    }

    func fail(_ text: String) -> String {
        output.clear()
        #expect(!session.run(text), "`\(text)` should fail")
        return output.errors
    }

    @Test func aValueOverACeilingIsRefusedWithTheRangeError() {
        // An integer parameter with no declared range gets "at most"; its own check still
        // refuses what is too small.
        #expect(fail("synth_dataset(count=17, size=32)").contains("`count` of `synth_dataset` must be at most 16, got 17"))
        #expect(fail("synth_dataset(count=0, size=32)").contains("count"))
        // A declared range keeps its bottom and takes the lower top.
        #expect(fail("synth_dataset(count=4, size=33)").contains("`size` of `synth_dataset` must be in 32...32, got 33"))
        output.clear()
        #expect(session.run("synth_dataset(count=16, size=32, seed=1)"), "\(output.errors)")
    }

    @Test func helpShowsTheCeilingAndADefaultOverItIsLowered() {
        output.clear()
        #expect(session.run("help check"))
        // `check`'s `trials` is declared in 1...1000 with default 24.
        #expect(output.text.contains("trials: integer in 1...4 = 4"))
        // A ceiling above the declared top leaves the declared top.
        output.clear()
        #expect(session.run("help unet"))
        #expect(output.text.contains("depth: integer in 1...6"))
        // A narrowed choice: what is left is offered, the rest refused, and a default that was
        // taken away moves to the first choice left.
        output.clear()
        #expect(session.run("help resunet"))
        #expect(output.text.contains("encoder: \"effnet-b0\" = \"effnet-b0\""))
        #expect(fail("resunet(encoder=\"resnet34\")").contains("must be one of \"effnet-b0\", got \"resnet34\""))
        // An excluded builtin is not there, and the others still are.
        #expect(fail("smp_unet()").contains("unknown command `smp_unet`"))
        // The standard registry is untouched.
        let plain = Harness()
        #expect(plain.run("help check").contains("trials: integer in 1...1000 = 24"))
    }
}
