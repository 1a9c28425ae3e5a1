/// What a parameter accepts beyond its type: one of a few strings, or a range of numbers.
/// Declared once with the parameter, so the check, its error, `help`'s signature and Tab
/// completion all read the same facts, and two builtins cannot disagree about a limit.
public struct Domain: Sendable {
    public let type: ValueType
    public let rule: Rule

    public enum Rule: Sendable {
        /// One of these strings (`optimizer: "adam"|"adamw"|"sgd"`).
        case choices([String])
        /// An integer in the range; an unbounded top is `Int.max`.
        case integers(ClosedRange<Int>)
        /// A number in the range, an end excluded when `open` says so.
        case numbers(ClosedRange<Double>, open: OpenEnd?)
    }

    /// Which ends of a number range are excluded: `[0, 1)` is `open: .upper`.
    public enum OpenEnd: Sendable {
        case lower, upper, both
    }

    /// A string naming one of `names` (named so as not to clash with `ValueType.oneOf`).
    public static func choice(_ names: [String]) -> Domain { Domain(type: .string, rule: .choices(names)) }

    /// The names of a `CaseIterable` string enum, in declaration order.
    public static func choice<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> Domain where E.RawValue == String {
        choice(E.allCases.map(\.rawValue))
    }

    public static func integer(in range: ClosedRange<Int>) -> Domain { Domain(type: .integer, rule: .integers(range)) }

    public static func integer(in range: PartialRangeFrom<Int>) -> Domain {
        Domain(type: .integer, rule: .integers(range.lowerBound...Int.max))
    }

    public static func number(in range: ClosedRange<Double>, open: OpenEnd? = nil) -> Domain {
        Domain(type: .number, rule: .numbers(range, open: open))
    }

    public static func number(in range: PartialRangeFrom<Double>, open: OpenEnd? = nil) -> Domain {
        Domain(type: .number, rule: .numbers(range.lowerBound...Double.infinity, open: open))
    }
}

extension Domain.Rule {
    /// The rule as `help` prints it after the type: `in 8...4096`, `≥ 1`, `in [0, 1)`; choices
    /// replace the type instead (see `Parameter.signature`).
    var description: String {
        switch self {
        case .choices(let names):
            return names.map { "\"\($0)\"" }.joined(separator: "|")
        case .integers(let range):
            if range.upperBound == Int.max { return "≥ \(range.lowerBound)" }
            if range.lowerBound == Int.min { return "≤ \(range.upperBound)" }
            return "in \(range.lowerBound)...\(range.upperBound)"
        case let .numbers(range, open):
            let lowerOpen = open == .lower || open == .both, upperOpen = open == .upper || open == .both
            if range.upperBound == .infinity {
                return (lowerOpen ? "> " : "≥ ") + Value.number(range.lowerBound).summary
            }
            return "in " + (lowerOpen ? "(" : "[") + Value.number(range.lowerBound).summary + ", "
                + Value.number(range.upperBound).summary + (upperOpen ? ")" : "]")
        }
    }

    /// Why `value` (already of the parameter's type) breaks the rule, with the nearest choice
    /// for a misspelt string; nil when it keeps it.
    func violation(_ value: Value) -> (reason: String, suggestion: String?)? {
        switch (self, value) {
        case (.choices(let names), .string(let s)):
            guard !names.contains(s) else { return nil }
            return ("must be one of " + names.map { "\"\($0)\"" }.joined(separator: ", ") + ", got \"\(s)\"",
                    Suggestions.nearest(to: s, in: names))
        case (.integers(let range), _):
            guard let n = value.integer, !range.contains(n) else { return nil }
            let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)"
                : range.lowerBound == Int.min ? "at most \(range.upperBound)"
                : "in \(range.lowerBound)...\(range.upperBound)"
            return ("must be \(bound), got \(n)", nil)
        case let (.numbers(range, open), .number(x)):
            let lowerOpen = open == .lower || open == .both, upperOpen = open == .upper || open == .both
            let above = lowerOpen ? x > range.lowerBound : x >= range.lowerBound
            let below = upperOpen ? x < range.upperBound : x <= range.upperBound
            guard !(above && below) else { return nil }
            return ("must be " + description + ", got " + Value.number(x).summary, nil)
        default:
            return nil
        }
    }
}
