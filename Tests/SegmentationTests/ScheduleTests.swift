import Segmentation
import TestSupport
import Testing

/// Schedules against PyTorch's schedulers: rates for base lr 0.1, read from
/// `optimizer.param_groups[0]["lr"]` before each `scheduler.step()` (torch 2, this machine).
@Suite struct ScheduleTests {
    private func rates(_ schedule: Schedule, _ n: Int, length: Int = 100) -> [Double] {
        (0..<n).map { schedule.rate(at: $0, base: 0.1, length: length) }
    }

    @Test func cosineMatchesTorchAndRisesPastTMax() {
        // CosineAnnealingLR(T_max=4, eta_min=0.01).
        expectClose(rates(Schedule(.cosine(tMax: 4, etaMin: 0.01)), 10),
                    [0.1, 0.08681980515339464, 0.05500000000000001, 0.023180194846605363, 0.01, 0.023180194846605363,
                     0.05500000000000002, 0.08681980515339469, 0.10000000000000006, 0.0868198051533947], tolerance: 1e-12)
        // Without t_max the cosine spans the run: half way it is at the midpoint.
        #expect(abs(Schedule(.cosine(tMax: nil, etaMin: 0)).rate(at: 5, base: 0.1, length: 10) - 0.05) < 1e-15)
    }

    @Test func warmRestartsMatchTorch() {
        // CosineAnnealingWarmRestarts(T_0=2, T_mult=2, eta_min=0.001): periods 2, 4, 8.
        expectClose(rates(Schedule(.warmRestarts(t0: 2, tMult: 2, etaMin: 0.001)), 16),
                    [0.1, 0.0505, 0.1, 0.0855017856687341, 0.0505, 0.0154982143312659, 0.1, 0.0962320368593087,
                     0.0855017856687341, 0.06944282990207196, 0.0505, 0.03155717009792806, 0.0154982143312659,
                     0.004767963140691307, 0.1, 0.09904887137995991], tolerance: 1e-12)
        // T_mult = 1 repeats one period.
        expectClose(rates(Schedule(.warmRestarts(t0: 3, tMult: 1, etaMin: 0)), 7).enumerated().filter { $0.offset % 3 == 0 }.map(\.element),
                    [0.1, 0.1, 0.1], tolerance: 1e-12)
    }

    @Test func stepAndPolyMatchTorch() {
        // StepLR(step_size=3, gamma=0.5).
        expectClose(rates(Schedule(.step(size: 3, gamma: 0.5)), 8), [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025], tolerance: 1e-12)
        // PolynomialLR(total_iters=5, power=0.9).
        expectClose(rates(Schedule(.poly(total: 5, power: 0.9)), 7),
                    [0.1, 0.08180521460508584, 0.06314458674893553, 0.043838329055408694, 0.023492378861760376, 0, 0], tolerance: 1e-12)
        expectClose(rates(Schedule(.constant), 3), [0.1, 0.1, 0.1], tolerance: 1e-12)
    }

    /// Degenerate periods built in code (the parser refuses them) count as 1: no trap, no endless loop.
    @Test func degeneratePeriodsAreSafe() {
        expectClose(rates(Schedule(.step(size: 0, gamma: 0.5)), 3), [0.1, 0.05, 0.025], tolerance: 1e-12)
        expectClose(rates(Schedule(.warmRestarts(t0: 0, tMult: 0, etaMin: 0)), 2), [0.1, 0.1], tolerance: 1e-12)
        expectClose(rates(Schedule(.poly(total: 0, power: 1)), 2), [0.1, 0], tolerance: 1e-12)
    }

    /// Warm-up rises in equal steps to the base rate, then the curve starts from its own t = 0.
    @Test func warmupPrecedesTheCurve() {
        let schedule = Schedule(.step(size: 2, gamma: 0.5), warmup: 3)
        expectClose(rates(schedule, 7), [0.025, 0.05, 0.075, 0.1, 0.1, 0.05, 0.05], tolerance: 1e-12)
        // A run-length cosine after warm-up spans what is left of the run: 10 − 2 = 8 units.
        let cosine = Schedule(.cosine(tMax: nil, etaMin: 0), warmup: 2)
        #expect(abs(cosine.rate(at: 6, base: 0.1, length: 10) - 0.05) < 1e-15)
    }

    /// Per epoch, the rate holds through the epoch's steps; per step, it moves every step.
    @Test func unitsCountEpochsOrSteps() {
        let perEpoch = Schedule(.step(size: 1, gamma: 0.5))
        #expect((0..<6).map { perEpoch.rate(forStep: $0, stepsPerEpoch: 3, epochs: 2, base: 1) } == [1, 1, 1, 0.5, 0.5, 0.5])
        let perStep = Schedule(.step(size: 1, gamma: 0.5), per: .step)
        #expect((0..<3).map { perStep.rate(forStep: $0, stepsPerEpoch: 3, epochs: 2, base: 1) } == [1, 0.5, 0.25])
    }

    @Test func printsAndParsesTheLanguageSyntax() throws {
        let cases: [(Schedule, String)] = [
            (Schedule(.constant), "constant"),
            (Schedule(.cosine(tMax: 10, etaMin: 1e-6)), "cosine(t_max=10, eta_min=1e-06)"),
            (Schedule(.cosine(tMax: nil, etaMin: 0), warmup: 2, per: .step), "cosine(warmup=2, per=\"step\")"),
            (Schedule(.warmRestarts(t0: 10, tMult: 2, etaMin: 0)), "sgdr(t_0=10, t_mult=2)"),
            (Schedule(.step(size: 5, gamma: 0.1)), "step(step_size=5)"),
            (Schedule(.poly(total: 1000, power: 0.9)), "poly(total=1000)"),
        ]
        for (schedule, text) in cases {
            #expect(schedule.description == text)
            #expect(try Schedule(parsing: text) == schedule)
        }
        #expect(try Schedule(parsing: " cosine ( eta_min = 1e-6 , t_max=8 ) ") == Schedule(.cosine(tMax: 8, etaMin: 1e-6)))
        #expect(try Schedule(parsing: "cosine(per='step')").unit == .step)
    }

    @Test func badSyntaxNamesTheProblem() {
        func reason(_ text: String) -> String {
            do { _ = try Schedule(parsing: text, source: "fit sched"); return "" } catch { return "\(error)" }
        }
        #expect(reason("cosin").contains("no schedule `cosin`"))
        #expect(reason("cosine(t_max=2.5)").contains("whole number"))
        #expect(reason("cosine(gamma=2)").contains("no setting `gamma`"))
        #expect(reason("step").contains("needs `step_size`"))
        #expect(reason("cosine(t_max=3").hasPrefix("fit sched: column 15"))
        #expect(reason("cosine(t_max=3, t_max=4)").contains("twice"))
        #expect(reason("cosine(per=\"week\")").contains("\"epoch\" or \"step\""))
        #expect(reason("sgdr(t_0=0)").contains("≥ 1"))
        #expect(reason("cosine() x").contains("unexpected text"))
    }
}
