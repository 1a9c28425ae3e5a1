import Core

// Settings objects (optimizers, schedules, post-processing) print themselves in the command
// language's call syntax, `name(key=value, ...)`, and schedules and optimizers also read it
// back from the string a user passes (`sched="cosine(t_max=10)"`), through their catalogs.

/// `name(a=1, b=2)` from the arguments that are present, or just `name` when none is.
func callSyntax(_ name: String, _ arguments: [String?]) -> String {
    let present = arguments.compactMap { $0 }
    return present.isEmpty ? name : name + "(" + present.joined(separator: ", ") + ")"
}

/// `key=value`, or nil when the value equals its default (so printing leaves it out).
func keyword(_ key: String, _ value: Double, default defaultValue: Double? = nil) -> String? {
    value == defaultValue ? nil : key + "=" + formatNumber(value)
}

/// Integers without a decimal point, other numbers in the shortest form that reads back exactly
/// (the language's own rule).
func formatNumber(_ x: Double) -> String {
    if x.rounded() == x && abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
}

/// A parsed `name` or `name(value, ..., key=value, ...)`: values are numbers or quoted
/// strings; positional values come first. `SettingsCatalog` gives them meaning.
struct CallExpression {
    var name: String
    var arguments: [(key: String?, value: SettingValue)]

    /// Parses `text`; errors name `source` and the column.
    init(parsing text: String, source: String) throws {
        let chars = Array(text.unicodeScalars)
        var i = 0
        func fail(_ reason: String) -> InputError { InputError(source, at: "column \(i + 1)", reason) }
        func skipSpaces() { while i < chars.count, chars[i].properties.isWhitespace { i += 1 } }
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func identifier() throws -> String {
            skipSpaces()
            let start = i
            while i < chars.count, isNameStart(chars[i]) || (i > start && ("0"..."9").contains(chars[i])) {
                i += 1
            }
            guard i > start else { throw fail("expected a name") }
            return String(String.UnicodeScalarView(chars[start..<i]))
        }
        func value() throws -> SettingValue {
            skipSpaces()
            if i < chars.count, chars[i] == "\"" || chars[i] == "'" {
                let quote = chars[i]
                i += 1
                let start = i
                while i < chars.count, chars[i] != quote { i += 1 }
                guard i < chars.count else { throw fail("unterminated string") }
                defer { i += 1 }
                return .string(String(String.UnicodeScalarView(chars[start..<i])))
            }
            let start = i
            while i < chars.count, "0123456789+-.eE".unicodeScalars.contains(chars[i]) { i += 1 }
            guard let x = Double(String(String.UnicodeScalarView(chars[start..<i]))), x.isFinite else {
                i = start
                throw fail("expected a number or a quoted string")
            }
            return .number(x)
        }

        name = try identifier()
        arguments = []
        skipSpaces()
        if i < chars.count, chars[i] == "(" {
            i += 1
            skipSpaces()
            if i < chars.count, chars[i] == ")" { i += 1 } else {
                while true {
                    skipSpaces()
                    if i < chars.count, isNameStart(chars[i]) {
                        let key = try identifier()
                        skipSpaces()
                        guard i < chars.count, chars[i] == "=" else { throw fail("expected `=` after `\(key)`") }
                        i += 1
                        guard !arguments.contains(where: { $0.key == key }) else { throw fail("`\(key)` is given twice") }
                        arguments.append((key, try value()))
                    } else {
                        guard !arguments.contains(where: { $0.key != nil }) else {
                            throw fail("a value without a name cannot follow a named one")
                        }
                        arguments.append((nil, try value()))
                    }
                    skipSpaces()
                    guard i < chars.count else { throw fail("expected `,` or `)`") }
                    if chars[i] == ")" { i += 1; break }
                    guard chars[i] == "," else { throw fail("expected `,` or `)`") }
                    i += 1
                }
            }
        }
        skipSpaces()
        guard i == chars.count else { throw fail("unexpected text after the call") }
    }
}
