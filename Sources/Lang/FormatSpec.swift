import Foundation

/// The format of an interpolated value, after the colon in `"{dice:.4f}"`: a subset of
/// Python's format mini-language, `[align][width][.precision][type]`.
/// - align: `<` (left, the default for text), `>` (right, the default for numbers) or `^`;
/// - type: `f` fixed, `e` exponent, `g` significant digits, `%` percent, `d` integer, `s` text.
public struct FormatSpec: Sendable {
    public enum Alignment: Character, Sendable { case left = "<", right = ">", center = "^" }
    public enum Style: Character, Sendable {
        case fixed = "f", exponent = "e", general = "g", percent = "%", integer = "d", text = "s"
    }

    public var alignment: Alignment?
    public var width: Int?
    public var precision: Int?
    public var style: Style?
    /// The spec as written, for printing the string back.
    public let spelling: String

    /// Widths and precisions above this are refused: a typo must not allocate gigabytes.
    static let maximumWidth = 1000

    /// Parses a spec, or explains what is wrong with it.
    public init(parsing text: String) throws(LangError) {
        spelling = text
        var rest = Substring(text)
        if let c = rest.first, let a = Alignment(rawValue: c) { alignment = a; rest = rest.dropFirst() }
        let widthDigits = rest.prefix { $0.isASCII && $0.isNumber }
        if !widthDigits.isEmpty { width = Int(widthDigits); rest = rest.dropFirst(widthDigits.count) }
        if rest.first == "." {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { throw LangError("the format `\(text)` needs digits after `.`") }
            precision = Int(digits)
            rest = rest.dropFirst(digits.count)
        }
        if let c = rest.first, let s = Style(rawValue: c) { style = s; rest = rest.dropFirst() }
        guard rest.isEmpty else {
            throw LangError("the format `\(text)` is not understood; write e.g. `.4f`, `>8.2e`, `.1%` or `5d`")
        }
        guard (width ?? 0) <= Self.maximumWidth, (precision ?? 0) <= 100 else {
            throw LangError("the format `\(text)` asks for more than \(Self.maximumWidth) columns or 100 digits")
        }
    }

    /// `value` formatted by this spec.
    public func apply(to value: Value) throws(LangError) -> String {
        let body: String
        switch (value, style) {
        case (.number(let x), .fixed): body = String(format: "%.\(precision ?? 6)f", x)
        case (.number(let x), .exponent): body = String(format: "%.\(precision ?? 6)e", x)
        case (.number(let x), .general): body = String(format: "%.\(precision ?? 6)g", x)
        case (.number(let x), .percent): body = String(format: "%.\(precision ?? 6)f%%", x * 100)
        case (.number(let x), .integer):
            guard let n = value.integer else {
                throw LangError("the format `\(spelling)` needs an integer, got \(Value.format(x))")
            }
            body = String(n)
        case (.number(let x), nil):
            // A precision alone means significant digits, as in Python's `{x:.3}`.
            body = precision.map { String(format: "%.\($0)g", x) } ?? value.plain
        case (_, .text), (_, nil): body = value.plain
        default:
            throw LangError("the format `\(spelling)` needs a number, got a \(value.typeName)")
        }
        guard let width, body.count < width else { return body }
        let padding = width - body.count
        let numeric: Bool
        if case .number = value { numeric = true } else { numeric = false }
        switch alignment ?? (numeric ? .right : .left) {
        case .left: return body + String(repeating: " ", count: padding)
        case .right: return String(repeating: " ", count: padding) + body
        case .center:
            return String(repeating: " ", count: padding / 2) + body + String(repeating: " ", count: padding - padding / 2)
        }
    }
}
