import Foundation

/// How values print: `summary` is the one line a statement's result shows, `details` the
/// `describe` view, `plain` what `print` writes (strings without quotes).
extension Value {
    /// Items shown before a long list is cut short.
    static let listPreview = 8

    public var summary: String {
        switch self {
        case .number(let x): Self.format(x)
        case .string(let s): Printer.quote(s)
        case .bool(let b): b ? "true" : "false"
        case .none: "none"
        case .list(let items):
            items.count <= Self.listPreview
                ? "[" + items.map(\.summary).joined(separator: ", ") + "]"
                : "[" + items.prefix(Self.listPreview).map(\.summary).joined(separator: ", ")
                    + ", ... (\(items.count) items)]"
        case let .range(lower, upper): "\(lower)..\(upper)"
        case .record(let r): "{" + r.fields.map { "\($0.name): \($0.value.summary)" }.joined(separator: ", ") + "}"
        case .function(.builtin(let b)): "builtin " + b.signature
        case .function(.user(let f)): f.signature
        case .object(let o): o.summary
        }
    }

    public var details: String {
        switch self {
        case .list(let items):
            (["list of \(items.count) items"] + items.enumerated().map { "  [\($0.offset)] \($0.element.summary)" })
                .joined(separator: "\n")
        case .record(let r):
            (["record with \(r.fields.count) fields"] + r.fields.map { "  \($0.name): \($0.value.summary)" })
                .joined(separator: "\n")
        case .range(let lower, let upper): "range \(lower)..\(upper): \(max(0, upper - lower)) integers from \(lower)"
        case .function(.builtin(let b)): b.helpText
        case .object(let o): o.details
        default: summary
        }
    }

    /// The summary on one line of at most `limit` characters, cut between words with `...`:
    /// for quoting a value inside an error message.
    public func brief(_ limit: Int = 40) -> String {
        let line = summary.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard line.count > limit else { return line }
        let head = line.prefix(limit - 3)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut + "..."
    }

    /// The value for an error message, its type first: `string "abc"`, `dataset of 8
    /// images...` (an object's summary that already starts with its kind keeps it once).
    public func typedBrief() -> String {
        let quoted = brief()
        return quoted.hasPrefix(typeName + " ") ? quoted : typeName + " " + quoted
    }

    /// What a statement whose value this is prints.
    public func display(color: Bool) -> String {
        if case .object(let o) = self { return o.display(color: color) }
        return summary
    }

    /// What `print` writes: strings as they are, everything else as its summary.
    public var plain: String {
        if case .string(let s) = self { return s }
        return summary
    }

    /// Digits a displayed number keeps. Arithmetic in Double leaves noise in the 16th and
    /// 17th digits (`0.1 + 0.2` is `0.30000000000000004`; a scheduled learning rate shows
    /// as `0.0002500000000000001`); 15 digits drop it and still read back within a
    /// relative 5e-15 of the value.
    static let displayDigits = 15

    /// How a number is shown: integers without a decimal point, other numbers to 15
    /// significant digits with trailing zeros dropped (`0.00025`, `0.1`, `1.5e-07`). Text that
    /// a script will read back must use `exact` instead.
    public static func format(_ x: Double) -> String {
        integerOrSpecial(x) ?? String(format: "%.\(displayDigits)g", x)
    }

    /// The shortest text that reads back as exactly `x`: for numbers written into a script
    /// or journal, which must replay bit for bit.
    public static func exact(_ x: Double) -> String {
        integerOrSpecial(x) ?? "\(x)"
    }

    private static func integerOrSpecial(_ x: Double) -> String? {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x.rounded() == x && abs(x) < 1e15 { return String(Int(x)) }
        return nil
    }
}
