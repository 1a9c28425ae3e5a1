import Foundation
import Core

/// A learning-rate schedule as a value: a curve, an optional linear warm-up in front of it, and
/// the unit its time counts in (epochs or optimizer steps). It prints itself in the command
/// language's syntax (`cosine(t_max=10, eta_min=1e-06, warmup=2)`) and reads that syntax back
/// (`Schedule(parsing:)`), so a session records exactly the schedule it ran.
public struct Schedule: Equatable, Sendable, CustomStringConvertible {
    /// The shape of the rate over time t (0-based, in `unit`s, counted after the warm-up).
    public enum Curve: Equatable, Sendable {
        /// The base rate throughout.
        case constant
        /// StepLR: base·γ^⌊t/size⌋.
        case step(size: Int, gamma: Double)
        /// CosineAnnealingLR's closed form: η_min + ½(base − η_min)(1 + cos(π·t/T_max)).
        /// Past T_max the cosine goes on and the rate rises again, as in PyTorch. A nil T_max
        /// means the length of the run.
        case cosine(tMax: Int?, etaMin: Double)
        /// CosineAnnealingWarmRestarts (SGDR): the cosine over periods T_0, T_0·T_mult, T_0·T_mult², …
        /// restarting at the base rate at the start of each.
        case warmRestarts(t0: Int, tMult: Int, etaMin: Double)
        /// Polynomial decay, as PolynomialLR and nnU-Net: base·(1 − min(t, T)/T)^power. A nil
        /// total T means the length of the run.
        case poly(total: Int?, power: Double)
    }

    /// What one tick of the schedule's time is.
    public enum Unit: String, Sendable, CaseIterable {
        /// The rate changes once per epoch (PyTorch's `scheduler.step()` after each epoch).
        case epoch
        /// The rate changes at every optimizer step.
        case step
    }

    public var curve: Curve
    /// Units of linear warm-up before the curve starts: at t < W the rate is base·(t+1)/(W+1),
    /// rising in equal steps to the base rate, which the curve starts from at t = W.
    public var warmup: Int
    public var unit: Unit

    public init(_ curve: Curve, warmup: Int = 0, per unit: Unit = .epoch) {
        self.curve = curve
        self.warmup = max(0, warmup)
        self.unit = unit
    }

    /// The rate at time `t` (in `unit`s since the start) for base rate `base`, in a run `length`
    /// units long. Periods below 1 count as 1, so no setting can divide by zero or loop forever.
    public func rate(at t: Int, base: Double, length: Int) -> Double {
        if t < warmup { return base * Double(t + 1) / Double(warmup + 1) }
        let t = t - warmup, horizon = max(1, length - warmup)
        switch curve {
        case .constant:
            return base
        case let .step(size, gamma):
            return base * pow(gamma, Double(t / max(1, size)))
        case let .cosine(tMax, etaMin):
            return cosineRate(Double(t), period: Double(max(1, tMax ?? horizon)), base: base, etaMin: etaMin)
        case let .warmRestarts(t0, tMult, etaMin):
            var (current, period) = (t, max(1, t0))
            if tMult <= 1 {
                current = t % period
            } else {
                while current >= period {
                    current -= period
                    period = period > Int.max / tMult ? Int.max : period * tMult
                }
            }
            return cosineRate(Double(current), period: Double(period), base: base, etaMin: etaMin)
        case let .poly(total, power):
            let end = max(1, total ?? horizon)
            return base * pow(1 - Double(min(t, end)) / Double(end), power)
        }
    }

    /// The rate for optimizer step `step` (0-based) of a run of `epochs` epochs of `stepsPerEpoch`
    /// steps: the time is the step itself, or the epoch it falls in.
    public func rate(forStep step: Int, stepsPerEpoch: Int, epochs: Int, base: Double) -> Double {
        let perEpoch = max(1, stepsPerEpoch)
        switch unit {
        case .step: return rate(at: step, base: base, length: epochs * perEpoch)
        case .epoch: return rate(at: step / perEpoch, base: base, length: epochs)
        }
    }

    private func cosineRate(_ t: Double, period: Double, base: Double, etaMin: Double) -> Double {
        etaMin + (base - etaMin) * (1 + cos(Double.pi * t / period)) / 2
    }

    public var description: String {
        var arguments: [String?]
        switch curve {
        case .constant:
            arguments = []
        case let .step(size, gamma):
            arguments = [keyword("step_size", Double(size)), keyword("gamma", gamma, default: 0.1)]
        case let .cosine(tMax, etaMin):
            arguments = [tMax.map { keyword("t_max", Double($0)) } ?? nil, keyword("eta_min", etaMin, default: 0)]
        case let .warmRestarts(t0, tMult, etaMin):
            arguments = [keyword("t_0", Double(t0)), keyword("t_mult", Double(tMult), default: 1),
                         keyword("eta_min", etaMin, default: 0)]
        case let .poly(total, power):
            arguments = [total.map { keyword("total", Double($0)) } ?? nil, keyword("power", power, default: 0.9)]
        }
        arguments.append(keyword("warmup", Double(warmup), default: 0))
        arguments.append(unit == .epoch ? nil : "per=\"\(unit.rawValue)\"")
        return callSyntax(name, arguments)
    }

    /// The curve's name in the language.
    public var name: String {
        switch curve {
        case .constant: "constant"
        case .step: "step"
        case .cosine: "cosine"
        case .warmRestarts: "sgdr"
        case .poly: "poly"
        }
    }

    /// The schedules by name, with their parameters and defaults: what `Schedule(parsing:)`
    /// reads and the language's schedule constructors are generated from. Each also takes
    /// `warmup=0` and `per="epoch"` or `"step"`; a missing `t_max` or `total` means the whole run.
    public static let catalog = SettingsCatalog<Schedule>(kind: "schedule", [
        entry("constant", "the base rate throughout", []) { _ in .constant },
        entry("step", "StepLR: the rate times gamma every step_size units",
              [.init("step_size", .integer(minimum: 1)), .init("gamma", .number, default: .number(0.1))]) { a in
            .step(size: a.integer("step_size"), gamma: a.number("gamma")) },
        entry("cosine", "CosineAnnealingLR: half a cosine from the base rate down to eta_min over t_max units (the run)",
              [.init("t_max", .integer(minimum: 1), optional: true), .init("eta_min", .number, default: .number(0))]) { a in
            .cosine(tMax: a.optionalInteger("t_max"), etaMin: a.number("eta_min")) },
        entry("sgdr", "CosineAnnealingWarmRestarts: cosines over periods t_0, t_0·t_mult, ..., restarting at the base rate",
              [.init("t_0", .integer(minimum: 1)), .init("t_mult", .integer(minimum: 1), default: .number(1)),
               .init("eta_min", .number, default: .number(0))]) { a in
            .warmRestarts(t0: a.integer("t_0"), tMult: a.integer("t_mult"), etaMin: a.number("eta_min")) },
        entry("poly", "PolynomialLR: base·(1 − t/total)^power, total the run when left out",
              [.init("total", .integer(minimum: 1), optional: true), .init("power", .number, default: .number(0.9))]) { a in
            .poly(total: a.optionalInteger("total"), power: a.number("power")) },
    ])

    /// A catalog entry: the curve's own parameters, then the warm-up and unit every schedule takes.
    private static func entry(_ name: String, _ summary: String, _ parameters: [SettingsCatalog<Schedule>.Parameter],
                              curve: @escaping @Sendable (SettingsCatalog<Schedule>.Arguments) -> Curve)
        -> SettingsCatalog<Schedule>.Entry {
        let common: [SettingsCatalog<Schedule>.Parameter] = [
            .init("warmup", .integer(minimum: 0), default: .number(0)),
            .init("per", .choice(Unit.allCases.map(\.rawValue)), default: .string(Unit.epoch.rawValue)),
        ]
        return .init(name, summary, parameters + common) { a in
            Schedule(curve(a), warmup: a.integer("warmup"), per: Unit(rawValue: a.string("per")) ?? .epoch)
        }
    }

    /// Reads a schedule written as `name` or `name(value, ..., key=value, ...)`, as
    /// `description` prints it, through `catalog`.
    public init(parsing text: String, source: String = "<schedule>") throws {
        self = try Self.catalog.parse(text, source: source)
    }
}
