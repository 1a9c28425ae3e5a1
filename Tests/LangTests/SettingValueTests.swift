import Foundation
import Lang
import Segmentation
import Testing
import TestSupport

/// Schedules, optimizers and models configured one way: values generated from the engine's
/// catalogs, their string forms read through the same catalogs, and model defaults read off
/// the engine's own configuration.
@Suite struct SettingValueTests {
    private func schedule(_ h: Harness, _ text: String) throws -> Schedule {
        h.run("s = " + text)
        guard case .object(let o as SettingObject<Schedule>)? = h.session.variables["s"] else {
            Issue.record("`\(text)` is not a schedule")
            throw CancellationError()
        }
        return o.setting
    }

    /// Each schedule value equals its string form and gives the same learning rates, which
    /// are checked against numbers worked out by hand for base rate 1.
    @Test func scheduleValuesEqualTheirStringForms() throws {
        let h = Harness()
        let forms = ["constant()", "step(5, gamma=0.5)", "step(step_size=2)", "cosine(warmup=2)", "cosine(t_max=10, eta_min=0.1)",
                     "sgdr(t_0=3, t_mult=2)", "poly(total=8, power=2)", "cosine(per=\"step\")"]
        for form in forms {
            let value = try schedule(h, form)
            let parsed = try Schedule(parsing: form)
            #expect(value == parsed, "\(form)")
            let rates = { (s: Schedule) in (0..<30).map { s.rate(forStep: $0, stepsPerEpoch: 3, epochs: 10, base: 1) } }
            #expect(rates(value) == rates(parsed), "\(form)")
            #expect(h.run("s") == value.description)
        }
        let step = try schedule(h, "step(5, gamma=0.5)")
        #expect((0..<12).map { step.rate(at: $0, base: 1, length: 12) } == [1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25])
        // Warm-up of 2: 1/3, 2/3, then the cosine over the remaining 4 units: 1, (1+cos(π/4))/2, 1/2, ...
        let cosine = try schedule(h, "cosine(warmup=2)")
        let expected = [1.0 / 3, 2.0 / 3, 1, (1 + cos(Double.pi / 4)) / 2, 0.5, (1 + cos(3 * Double.pi / 4)) / 2]
        for (t, rate) in expected.enumerated() { #expect(abs(cosine.rate(at: t, base: 1, length: 6) - rate) < 1e-12) }
    }

    /// `sched=cosine(warmup=1)` and `sched="cosine(warmup=1)"` train to the same weights, bit for
    /// bit, and a different schedule does not.
    @Test func fitTakesAScheduleValueOrItsString() {
        let h = Harness()
        h.run("ds = synth_dataset(count=8, size=32, seed=1)")
        func digest(_ settings: String) -> String {
            h.run("m = unet(base=4, depth=2, seed=1)\nfit m ds epochs=3 batch=4 seed=1 lr=0.01 " + settings)
            return h.run("m.digest")
        }
        let value = digest("sched=cosine(warmup=1) optimizer=sgd(momentum=0.8)")
        #expect(digest("sched=\"cosine(warmup=1)\" optimizer=\"sgd(momentum=0.8)\"") == value)
        #expect(digest("sched=cosine(warmup=1) optimizer=sgd(momentum=0.7)") != value)
        #expect(digest("sched=cosine() optimizer=sgd(momentum=0.8)") != value)
    }

    @Test func anUnknownSettingIsAnErrorWithASuggestion() {
        let h = Harness()
        h.run("ds = synth_dataset(count=4, size=32, seed=1)\nm = unet(base=4, depth=2, seed=1)")
        let sched = h.fail("fit m ds sched=\"cosin(warmup=2)\"")
        #expect(sched.contains("no schedule `cosin`"))
        #expect(sched.contains("did you mean `cosine`?"))
        #expect(h.fail("fit m ds optimizer=\"adamv\"").contains("did you mean `adam`?"))
        #expect(h.fail("fit m ds sched=\"step\"").contains("`step` needs `step_size`"))
        #expect(h.fail("cosine(t_max=0)").contains("`t_max` of `cosine` must be at least 1, got 0"))
        #expect(h.fail("cosine(per=\"epochs\")").contains("did you mean `epoch`?"))
        #expect(h.fail("fit m ds optimizer=cosine()").contains("`optimizer` of `fit` must be an optimizer or a string"))
        #expect(h.fail("unet(upsampling=\"bilinaer\")").contains("did you mean `bilinear`?"))
        #expect(h.fail("resunet(encoder=\"resnet50\")").contains("\"resnet34\", \"resnet18\", \"effnet-b0\""))
    }

    @Test func theStringFormTakesPositionalValues() throws {
        #expect(try Schedule(parsing: "step(5)") == Schedule(.step(size: 5, gamma: 0.1)))
        #expect(try Schedule(parsing: "sgdr(4, 2, warmup=1)") == Schedule(.warmRestarts(t0: 4, tMult: 2, etaMin: 0), warmup: 1))
        do {
            _ = try Schedule(parsing: "step(step_size=5, 2)")
            Issue.record("a positional value after a named one was accepted")
        } catch {
            #expect("\(error)".contains("a value without a name cannot follow a named one"))
        }
        #expect(try FitOptions.OptimizerKind(parsing: "nesterov(0.5)") == .sgd(momentum: 0.5, nesterov: true))
        #expect(FitOptions.OptimizerKind.sgd(momentum: 0.5, nesterov: false).description == "sgd(momentum=0.5)")
    }

    /// A model built with no arguments has the engine's default configuration: the
    /// constructors' defaults are read off `ModelConfig`, not written a second time.
    @Test func modelDefaultsComeFromTheEngine() {
        let h = Harness()
        for architecture in ModelConfig.Architecture.allCases {
            h.run("m = \(architecture.rawValue)(seed=0)")
            guard case .object(let m as ModelObject)? = h.session.variables["m"] else {
                Issue.record("\(architecture) did not make a model")
                continue
            }
            #expect(m.model.config == ModelConfig(architecture), "\(architecture)")
        }
        #expect(h.run("help unet").contains("slope: number = 0.01"))
    }

    /// A trained model's state file names its optimizer as the language writes it and reads
    /// it back through the same catalog; a name the catalog lacks is an error naming the file.
    @Test func aModelStateSpellsItsOptimizerThroughTheCatalog() throws {
        let folder = try TemporaryDirectory("model-state")
        defer { folder.remove() }
        let h = Harness(directory: folder.path)
        h.run("ds = synth_dataset(count=4, size=32, seed=1)\nm = unet(base=2, depth=2, seed=1)\n"
              + "fit m ds epochs=1 batch=4 optimizer=sgd(momentum=0.5)")
        guard case .object(let model as ModelObject)? = h.session.variables["m"] else {
            Issue.record("m is not a model")
            return
        }
        let path = folder.path + "/m.state"
        let info = try model.writeState(to: path)
        #expect(info.run?.optimizer == "sgd(momentum=0.5)")
        let back = try ModelObject.readState(from: path, info: info)
        #expect(try back.writeState(to: folder.path + "/again.state") == info)
        var unknown = info
        unknown.run?.optimizer = "adamv"
        do {
            _ = try ModelObject.readState(from: path, info: unknown)
            Issue.record("an unknown optimizer was read")
        } catch {
            #expect("\(error)".contains(path) && "\(error)".contains("adam"))
        }
    }
}
