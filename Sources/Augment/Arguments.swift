import Core

/// A transform's arguments by name, read with the types its initializer takes. Every
/// mismatch is an `InputError` naming the transform and the parameter.
struct Arguments {
    let transform: String
    private let values: [String: TransformSpec.Value]

    init(_ spec: TransformSpec, allowed: [String]) throws {
        transform = spec.name
        var values: [String: TransformSpec.Value] = [:]
        for argument in spec.arguments {
            guard allowed.contains(argument.name) else {
                throw InputError(spec.name, at: argument.name,
                                 "no such parameter; \(spec.name) takes \(allowed.joined(separator: ", "))")
            }
            guard values.updateValue(argument.value, forKey: argument.name) == nil else {
                throw InputError(spec.name, at: argument.name, "given twice")
            }
        }
        self.values = values
    }

    private func fail(_ name: String, _ reason: String) -> InputError { InputError(transform, at: name, reason) }

    /// A number; `fallback` nil makes the parameter required.
    func number(_ name: String, _ fallback: Double?) throws -> Double {
        switch values[name] {
        case nil:
            guard let fallback else { throw fail(name, "is required") }
            return fallback
        case .number(let x)?: return x
        case let other?: throw fail(name, "needs a number, got \(other)")
        }
    }

    func int(_ name: String, _ fallback: Int?) throws -> Int {
        let x = try number(name, fallback.map(Double.init))
        guard x == x.rounded(), abs(x) < 1e9 else { throw fail(name, "needs a whole number, got \(formatNumber(x))") }
        return Int(x)
    }

    func flag(_ name: String, _ fallback: Bool) throws -> Bool {
        switch values[name] {
        case nil: return fallback
        case .flag(let b)?: return b
        case let other?: throw fail(name, "needs true or false, got \(other)")
        }
    }

    /// A range given as `[lo, hi]`, or as one number that `scalar` widens the way
    /// albumentations' `to_tuple` does for this parameter (nil: a number is not accepted).
    func range(_ name: String, _ fallback: ClosedRange<Double>?,
               scalar: (Double) -> ClosedRange<Double>? = symmetric) throws -> ClosedRange<Double> {
        switch values[name] {
        case nil:
            guard let fallback else { throw fail(name, "is required") }
            return fallback
        case .range(let lo, let hi)?:
            guard lo.isFinite, hi.isFinite, lo <= hi else {
                throw fail(name, "needs [lo, hi] with lo ≤ hi, got [\(formatNumber(lo)), \(formatNumber(hi))]")
            }
            return lo...hi
        case .number(let x)?:
            guard x.isFinite, let r = scalar(x) else { throw fail(name, "needs a range [lo, hi], got \(formatNumber(x))") }
            return r
        case let other?:
            throw fail(name, "needs a range [lo, hi], got \(other)")
        }
    }

    func intRange(_ name: String, _ fallback: ClosedRange<Int>?,
                  scalar: (Double) -> ClosedRange<Double>? = { _ in nil }) throws -> ClosedRange<Int> {
        let r = try range(name, fallback.map { Double($0.lowerBound)...Double($0.upperBound) }, scalar: scalar)
        guard r.lowerBound == r.lowerBound.rounded(), r.upperBound == r.upperBound.rounded(),
              abs(r.lowerBound) < 1e9, abs(r.upperBound) < 1e9 else {
            throw fail(name, "needs whole numbers")
        }
        return Int(r.lowerBound)...Int(r.upperBound)
    }

    /// Two whole numbers `[a, b]` in any order (a size, not a range), or one for both.
    func intPair(_ name: String, _ fallback: (Int, Int)) throws -> (Int, Int) {
        switch values[name] {
        case nil: return fallback
        case .range(let a, let b)?:
            guard a == a.rounded(), b == b.rounded(), abs(a) < 1e9, abs(b) < 1e9 else {
                throw fail(name, "needs whole numbers")
            }
            return (Int(a), Int(b))
        case .number(let a)?:
            guard a == a.rounded(), abs(a) < 1e9 else { throw fail(name, "needs a whole number") }
            return (Int(a), Int(a))
        case let other?:
            throw fail(name, "needs [rows, columns], got \(other)")
        }
    }

    /// A border mode by name, or by its OpenCV constant as recipes write it (`border_mode=0`).
    /// One of an enumeration's names, written as text.
    func choice<Choice: CaseIterable & RawRepresentable>(_ name: String, _ fallback: Choice) throws -> Choice
        where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        switch values[name] {
        case nil: return fallback
        case .text(let s)?:
            guard let choice = Choice(rawValue: s) else { throw fail(name, "unknown \(name) \"\(s)\"; use \(names)") }
            return choice
        case let other?: throw fail(name, "needs one of \(names), got \(other)")
        }
    }

    func borderMode(_ name: String, _ fallback: BorderMode) throws -> BorderMode {
        let names = BorderMode.allCases.map(\.rawValue).joined(separator: ", ")
        switch values[name] {
        case nil: return fallback
        case .text(let s)?:
            guard let mode = BorderMode(rawValue: s) else { throw fail(name, "unknown border mode \"\(s)\"; use \(names)") }
            return mode
        case .number(let x)?:
            let byOpenCV: [Double: BorderMode] = [0: .constant, 1: .replicate, 2: .reflect, 4: .reflect101]
            guard let mode = byOpenCV[x] else { throw fail(name, "OpenCV border \(formatNumber(x)) is not supported; use \(names)") }
            return mode
        case let other?:
            throw fail(name, "needs a border mode (\(names)), got \(other)")
        }
    }

    func maskValue(_ fallback: UInt8) throws -> UInt8 {
        let x = try int("mask_value", Int(fallback))
        guard x == 0 || x == 1 else { throw fail("mask_value", "must be 0 or 1, got \(x)") }
        return UInt8(x)
    }
}

/// `to_tuple(x)`: a limit x means [−x, x].
func symmetric(_ x: Double) -> ClosedRange<Double>? { (-abs(x))...abs(x) }
