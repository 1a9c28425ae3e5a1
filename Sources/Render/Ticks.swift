import Foundation

/// A numeric axis: its domain and the tick values labelled on it.
struct Axis: Sendable {
    var lo: Double
    var hi: Double
    var ticks: [Double]
    var step: Double

    /// Where `value` falls along the axis, 0 at `lo` and 1 at `hi`.
    func fraction(_ value: Double) -> Double { (value - lo) / (hi - lo) }

    var labels: [String] { ticks.map { Ticks.label($0, step: step) } }

    /// An axis whose domain is widened outwards to whole tick steps, so the data's extremes
    /// sit on labelled ticks (used for value axes: counts, losses).
    /// `minimumStep` keeps counts on whole numbers.
    static func rounded(_ lo: Double, _ hi: Double, target: Int = 5, minimumStep: Double = 0) -> Axis {
        let (lo, hi) = Ticks.nonEmpty(lo, hi)
        let step = max(minimumStep, Ticks.niceStep((hi - lo) / Double(target)))
        let a = (lo / step).rounded(.down) * step
        let b = (hi / step).rounded(.up) * step
        return Axis(lo: a, hi: b, ticks: Ticks.multiples(of: step, from: a, to: b), step: step)
    }

    /// An axis over exactly [lo, hi] with ticks at the whole steps inside it (used where the
    /// domain itself means something: histogram bin edges, epochs).
    static func exact(_ lo: Double, _ hi: Double, target: Int = 5) -> Axis {
        let (lo, hi) = Ticks.nonEmpty(lo, hi)
        let step = Ticks.niceStep((hi - lo) / Double(target))
        return Axis(lo: lo, hi: hi, ticks: Ticks.multiples(of: step, from: lo, to: hi), step: step)
    }
}

/// "Nice" tick steps (1, 2 or 5 times a power of ten) and their labels.
enum Ticks {
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let f = raw / magnitude
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude
    }

    /// A domain with room in it: equal ends are spread apart so scales never divide by zero.
    static func nonEmpty(_ lo: Double, _ hi: Double) -> (Double, Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        if hi > lo { return (lo, hi) }
        if lo == 0 { return (0, 1) }
        let pad = abs(lo) * 0.1
        return (lo - pad, hi + pad)
    }

    /// The multiples of `step` in [lo, hi] (with a little slack for rounding error).
    static func multiples(of step: Double, from lo: Double, to hi: Double) -> [Double] {
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 1000 else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// A tick label with just the decimals `step` needs; very small or large steps use
    /// exponent notation with each value's own exponent ("8e-4", "1e-3").
    static func label(_ value: Double, step: Double) -> String {
        if abs(value) < step * 1e-6 { return "0" }
        let stepExponent = Int(log10(step).rounded(.down))
        if stepExponent < -3 || stepExponent > 5 {
            let exponent = Int(log10(abs(value)).rounded(.down))
            let mantissa = String(format: "%.2f", value / pow(10, Double(exponent)))
                .replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
            return "\(mantissa)e\(exponent)"
        }
        return String(format: "%.\(max(0, -stepExponent))f", value)
    }
}

/// Compact number text for values printed next to bars and in tables.
enum NumberText {
    static func compact(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}
