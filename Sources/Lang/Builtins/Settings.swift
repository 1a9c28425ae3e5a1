import Core
import Imaging
import Segmentation

extension Registry {
    /// One constructor per learning-rate schedule and per optimizer in the engine's catalogs
    /// (`cosine(warmup=2)`, `sgd(momentum=0.8)`), generated from them as the transforms are,
    /// so a setting added there appears here with its parameters and defaults.
    func addSettings() {
        for entry in Schedule.catalog.entries {
            add(Self.constructor(for: entry, in: Schedule.catalog, argument: "sched",
                                 example: Self.settingExamples[entry.name] ?? entry.name + "()"))
        }
        for entry in FitOptions.OptimizerKind.catalog.entries {
            add(Self.constructor(for: entry, in: FitOptions.OptimizerKind.catalog, argument: "optimizer",
                                 example: Self.settingExamples[entry.name] ?? entry.name + "()"))
        }
    }

    /// Runnable examples for the constructors worth showing with arguments.
    private static let settingExamples: [String: String] = [
        "step": "step(5, gamma=0.5)", "cosine": "cosine(warmup=2)", "sgdr": "sgdr(t_0=10, t_mult=2)",
        "poly": "poly(power=2, per=\"step\")", "sgd": "sgd(momentum=0.8)",
    ]

    private static func constructor<S: CustomStringConvertible & Sendable>(for entry: SettingsCatalog<S>.Entry, in catalog: SettingsCatalog<S>,
                                       argument: String, example: String) -> Builtin {
        let parameters = entry.parameters.map { p -> Parameter in
            let fallback = p.defaultValue.map(value) ?? (p.required ? nil : Value.none)
            return switch p.kind {
            case .integer(let minimum): Parameter(p.name, .integer(in: minimum...), default: fallback)
            case .number: Parameter(p.name, .number, default: fallback)
            case .choice(let names): Parameter(p.name, .choice(names), default: fallback)
            }
        }
        let article = "aeiou".contains(catalog.kind.prefix(1)) ? "An" : "A"
        let help = "\(article) \(catalog.kind) for `fit`'s `\(argument)=`: \(entry.summary). The string form "
            + "`\(argument)=\"\(example)\"` is read the same way."
        return Builtin(entry.name, .training, parameters, help: help, example: example) { args in
            let given = entry.parameters.filter { args.has($0.name) }.map { p -> (key: String?, value: SettingValue) in
                (p.name, settingValue(args[p.name]))
            }
            do {
                return .object(SettingObject(try catalog.make(entry.name, given, source: entry.name), kind: catalog.kind))
            } catch let error as InputError {
                throw args.error(error.place, "\(error.reason)")
            }
        }
    }

    /// A `sched=` or `optimizer=` argument: a setting value, or its string form read through
    /// the same catalog (`sched="step(5)"`), with a near name suggested for an unknown one.
    static func setting<S: CustomStringConvertible & Sendable>(_ args: Arguments, _ name: String, from catalog: SettingsCatalog<S>) throws -> S {
        switch args[name] {
        case .object(let o as SettingObject<S>):
            return o.setting
        case .string(let text):
            do { return try catalog.parse(text, source: name) } catch let unknown as UnknownSetting {
                throw LangError("no \(catalog.kind) `\(unknown.name)`; the \(catalog.kind)s are "
                                + catalog.names.joined(separator: ", "), at: args.ranges[name],
                                suggestion: Suggestions.nearest(to: unknown.name, in: catalog.names))
            } catch {
                throw args.error(name, "\(error)")
            }
        default:
            throw args.error(name, "`\(name)` must be a \(catalog.kind), such as \(catalog.names[0]), or its name")
        }
    }

    private static func value(_ v: SettingValue) -> Value {
        switch v {
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        }
    }

    /// The argument as the catalog takes it; the declared parameter types leave only numbers and strings.
    private static func settingValue(_ v: Value) -> SettingValue {
        switch v {
        case .string(let s): .string(s)
        case .number(let x): .number(x)
        default: .number(.nan)
        }
    }
}
