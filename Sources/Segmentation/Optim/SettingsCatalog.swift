import Core

/// A value in a setting's call: `cosine(t_max=10, per="step")` has a number and a string.
public enum SettingValue: Equatable, Sendable {
    case number(Double)
    case string(String)
}

/// The constructors of one kind of training setting (schedules, optimizers), declared once:
/// each one's name, parameters with their limits and defaults, and how it builds the setting.
/// The language generates a builtin per entry from it (`sched=cosine(warmup=2)`), and the
/// string form (`sched="cosine(warmup=2)"`) is read through the same entries, so the two
/// check the same things and default the same way.
public struct SettingsCatalog<Setting: Sendable>: Sendable {
    /// One parameter of a constructor.
    public struct Parameter: Sendable {
        public enum Kind: Sendable, Equatable {
            /// A whole number of at least `minimum`.
            case integer(minimum: Int)
            case number
            /// One of these strings.
            case choice([String])
        }

        public let name: String
        public let kind: Kind
        /// The default; nil for a parameter that is required or, when `optional`, may be left out.
        public let defaultValue: SettingValue?
        /// Leaving it out means something of its own (a cosine's period is the whole run).
        public let optional: Bool

        public init(_ name: String, _ kind: Kind, default defaultValue: SettingValue? = nil, optional: Bool = false) {
            self.name = name
            self.kind = kind
            self.defaultValue = defaultValue
            self.optional = optional
        }

        public var required: Bool { defaultValue == nil && !optional }
    }

    /// One constructor: `cosine`, `adam`.
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let parameters: [Parameter]
        let build: @Sendable (Arguments) throws -> Setting

        public init(_ name: String, _ summary: String, _ parameters: [Parameter],
                    build: @escaping @Sendable (Arguments) throws -> Setting) {
            self.name = name
            self.summary = summary
            self.parameters = parameters
            self.build = build
        }
    }

    /// The checked arguments of one call, with defaults filled in.
    public struct Arguments {
        let values: [String: SettingValue]

        /// A number parameter (or an integer one) that has a default or was given.
        public func number(_ name: String) -> Double {
            guard case .number(let x)? = values[name] else { return 0 }
            return x
        }

        public func integer(_ name: String) -> Int { Int(number(name)) }

        /// An optional integer parameter: nil when left out.
        public func optionalInteger(_ name: String) -> Int? { values[name] == nil ? nil : integer(name) }

        public func string(_ name: String) -> String {
            guard case .string(let s)? = values[name] else { return "" }
            return s
        }
    }

    /// What the settings are, for messages: "schedule".
    public let kind: String
    public let entries: [Entry]

    public init(kind: String, _ entries: [Entry]) {
        self.kind = kind
        self.entries = entries
    }

    public var names: [String] { entries.map(\.name) }

    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// Builds the setting `name` from its arguments: positional ones (key nil) first, in the
    /// entry's order, then named ones. Unknown names, unknown, repeated or missing parameters
    /// and values of the wrong type or out of range are `InputError`s naming `source` and the
    /// parameter; an unknown name is an `UnknownSetting`, so a caller can suggest a near one.
    public func make(_ name: String, _ given: [(key: String?, value: SettingValue)], source: String) throws -> Setting {
        guard let entry = entry(name) else { throw UnknownSetting(kind: kind, name: name, known: names, source: source) }
        var values: [String: SettingValue] = [:]
        for (index, argument) in given.enumerated() {
            let key: String
            if let named = argument.key {
                key = named
            } else {
                guard index < entry.parameters.count else {
                    throw InputError(source, at: name, "`\(name)` takes at most \(entry.parameters.count) arguments")
                }
                key = entry.parameters[index].name
            }
            guard let parameter = entry.parameters.first(where: { $0.name == key }) else {
                let allowed = entry.parameters.map { "`\($0.name)`" }.joined(separator: ", ")
                throw InputError(source, at: key, "`\(name)` has no setting `\(key)`"
                                 + (allowed.isEmpty ? "; it takes none" : "; it takes \(allowed)"))
            }
            guard values[key] == nil else { throw InputError(source, at: key, "`\(key)` is given twice") }
            try check(argument.value, for: parameter, of: name, source: source)
            values[key] = argument.value
        }
        for parameter in entry.parameters where values[parameter.name] == nil {
            if let fallback = parameter.defaultValue {
                values[parameter.name] = fallback
            } else if parameter.required {
                throw InputError(source, at: name, "`\(name)` needs `\(parameter.name)`")
            }
        }
        return try entry.build(Arguments(values: values))
    }

    /// Reads a setting written as `name` or `name(value, ..., key=value, ...)`, as the
    /// settings print themselves.
    public func parse(_ text: String, source: String) throws -> Setting {
        let call = try CallExpression(parsing: text, source: source)
        return try make(call.name, call.arguments, source: source)
    }

    private func check(_ value: SettingValue, for parameter: Parameter, of name: String, source: String) throws {
        let key = parameter.name
        switch (parameter.kind, value) {
        case (.number, .number):
            return
        case (.integer(let minimum), .number(let x)):
            guard x.rounded() == x, x >= Double(minimum), x < 1e15 else {
                throw InputError(source, at: key, "`\(key)` must be a whole number ≥ \(minimum), got \(formatNumber(x))")
            }
        case (.choice(let choices), .string(let s)):
            guard choices.contains(s) else {
                throw InputError(source, at: key, "`\(key)` must be " + choices.map { "\"\($0)\"" }.joined(separator: " or ")
                                 + ", got \"\(s)\"")
            }
        case (.choice(let choices), .number):
            throw InputError(source, at: key, "`\(key)` must be " + choices.map { "\"\($0)\"" }.joined(separator: " or "))
        case (_, .string):
            throw InputError(source, at: key, "`\(name)` needs a number for `\(key)`")
        }
    }
}

/// A setting name that no catalog entry has, with the names there are.
public struct UnknownSetting: Error, CustomStringConvertible {
    public let kind: String
    public let name: String
    public let known: [String]
    public let source: String

    public var description: String {
        "\(source): no \(kind) `\(name)`; the \(kind)s are \(known.joined(separator: ", "))"
    }
}
