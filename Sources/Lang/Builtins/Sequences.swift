import Foundation

extension Registry {
    /// Working with lists: map, filter, zip, enumerate, range, any, all, and the conversions
    /// str, int and float.
    func addSequences() {
        add(Builtin("map", .core, [Parameter("items", .any), Parameter("f", .function)],
                    help: "The list of f(item) for each item of a list, range, string, dataset or table.",
                    example: "fn square(x) = x * x\nmap(1..5, square)") { args in
            let f = try Self.function(args, "f")
            return .list(try Self.sequence(args, "items").map { try args.session.call(f, [$0]) })
        })
        add(Builtin("filter", .core, [Parameter("items", .any), Parameter("f", .function)],
                    help: "The items for which f(item) is true, as a list.",
                    example: "fn odd(x) = x % 2 == 1\nfilter(0..10, odd)") { args in
            let f = try Self.function(args, "f")
            return .list(try Self.sequence(args, "items").filter { item in
                let keep = try args.session.call(f, [item])
                guard case .bool(let b) = keep else {
                    throw args.error("f", "`\(f.name)` must give a bool for each item, got \(keep.typeName)")
                }
                return b
            })
        })
        var zip = Builtin("zip", .core, [Parameter("lists", .list)],
                    help: "Pairs (or triples...) the items of several sequences position by position, stopping at the "
                        + "shortest: zip(a, b) gives [[a0, b0], [a1, b1], ...].",
                    example: "zip([1, 2, 3], [\"a\", \"b\", \"c\"])\nfor n, s in zip([1, 2], [\"x\", \"y\"]) { print \"{n}{s}\" }") { args in
            let lists = try args.list("lists").enumerated().map { i, value in
                guard let items = try Self.items(of: value, args, "lists") else {
                    throw args.error("lists", "item \(i) is a \(value.typeName), which has no items")
                }
                return items
            }
            let n = lists.map(\.count).min() ?? 0
            return .list((0..<n).map { i in .list(lists.map { $0[i] }) })
        }
        zip.positionalPacking = .items
        add(zip)
        add(Builtin("enumerate", .core, [Parameter("items", .any), Parameter("start", .integer, default: 0)],
                    help: "Each item with its position: [[0, x0], [1, x1], ...], counting from `start`.",
                    example: "enumerate([\"a\", \"b\"])\nfor i, x in enumerate([\"a\", \"b\"], start=1) { print \"{i}. {x}\" }") { args in
            let start = try args.int("start")
            return .list(try Self.sequence(args, "items").enumerated().map { .list([.number(Double(start + $0)), $1]) })
        })
        add(Builtin("range", .core, [Parameter("start", .integer), Parameter("stop", .integer, default: Value.none),
                                     Parameter("step", .integer, default: 1)],
                    help: "The integers from `start` up to but not including `stop`, `step` apart (`range(n)` counts "
                        + "from 0). With step 1 it is the range start..stop; otherwise a list. A negative step counts down.",
                    example: "range(5)\nrange(0, 10, 3)\nrange(5, 0, -2)") { args in
            let (first, step) = (try args.int("start"), try args.int("step"))
            let (lower, upper) = try args.optionalInt("stop").map { (first, $0) } ?? (0, first)
            guard step != 0 else { throw args.error("step", "`step` must not be 0") }
            if step == 1 { return .range(lower, upper) }
            let count = step > 0 ? (upper - lower + step - 1) / step : (lower - upper - step - 1) / -step
            guard count <= Self.listLimit else {
                throw args.error("step", "the range has \(count) items; at most \(Self.listLimit) fit in a list")
            }
            return .list((0..<max(0, count)).map { .number(Double(lower + $0 * step)) })
        })
        for (name, wanted) in [("any", true), ("all", false)] {
            add(Builtin(name, .core, [Parameter("items", .any), Parameter("f", .function, default: Value.none)],
                        help: name == "any"
                            ? "Whether any item is true (or, with `f`, whether f(item) is true for any item); false when empty."
                            : "Whether every item is true (or, with `f`, whether f(item) is true for all); true when empty.",
                        example: "\(name)([true, false])\nfn big(x) = x > 2\n\(name)([1, 2, 3], big)") { args in
                let f = args.has("f") ? try Self.function(args, "f") : nil
                for (i, item) in try Self.sequence(args, "items").enumerated() {
                    let value = try f.map { try args.session.call($0, [item]) } ?? item
                    guard case .bool(let b) = value else {
                        throw args.error(f == nil ? "items" : "f", "item \(i) gives a \(value.typeName), not a bool")
                    }
                    if b == wanted { return .bool(wanted) }
                }
                return .bool(!wanted)
            })
        }
        add(Builtin("str", .core, [Parameter("value", .any)],
                    help: "The value as text: a string as it is, anything else as its one-line summary.",
                    example: "str(0.25) + \"%\"\nstr([1, 2])") { args in
            .string(args["value"].plain)
        })
        add(Builtin("int", .core, [Parameter("value", .oneOf([.number, .string, .bool]))],
                    help: "An integer: a number truncated towards zero, a string of digits parsed, a bool as 0 or 1.",
                    example: "int(2.7)\nint(\"42\")") { args in
            switch args["value"] {
            case .number(let x):
                guard x.isFinite, Swift.abs(x) < 9e15 else { throw args.error("value", "\(Value.format(x)) has no integer value") }
                return .number(x.rounded(.towardZero))
            case .string(let s):
                guard let n = Int(s.trimmingCharacters(in: .whitespaces)) else {
                    throw args.error("value", "\(Printer.quote(s)) is not an integer")
                }
                return .number(Double(n))
            case .bool(let b): return .number(b ? 1 : 0)
            default: throw args.error("value", "`int` takes a number, a string or a bool")
            }
        })
        add(Builtin("float", .core, [Parameter("value", .oneOf([.number, .string, .bool]))],
                    help: "A number: a string such as \"1e-3\" parsed, a bool as 0 or 1, a number as it is.",
                    example: "float(\"1e-3\")\nfloat(true)") { args in
            switch args["value"] {
            case .number(let x): return .number(x)
            case .string(let s):
                guard let x = Double(s.trimmingCharacters(in: .whitespaces)) else {
                    throw args.error("value", "\(Printer.quote(s)) is not a number")
                }
                return .number(x)
            case .bool(let b): return .number(b ? 1 : 0)
            default: throw args.error("value", "`float` takes a number, a string or a bool")
            }
        })
    }

    /// Items that may be gathered into one list.
    static let listLimit = 1_000_000

    /// The function argument `name`.
    private static func function(_ args: Arguments, _ name: String) throws -> Function {
        guard case .function(let f) = args[name] else { throw args.error(name, "`\(name)` must be a function") }
        return f
    }

    /// The items of argument `name`, or an error saying it has none.
    private static func sequence(_ args: Arguments, _ name: String) throws -> [Value] {
        guard let items = try items(of: args[name], args, name) else {
            throw args.error(name, "a \(args[name].typeName) has no items to go through")
        }
        return items
    }

    /// The items of a list, range, string or indexable object, bounded so that a huge range
    /// cannot exhaust memory; nil for a value that has no items.
    static func items(of value: Value, _ args: Arguments, _ name: String) throws -> [Value]? {
        switch value {
        case .list(let items): return items
        case .string(let s): return s.map { .string(String($0)) }
        case .range(let lo, let hi):
            guard hi - lo <= listLimit else {
                throw args.error(name, "the range has \(hi - lo) items; at most \(listLimit) fit in a list")
            }
            return (lo..<max(lo, hi)).map { .number(Double($0)) }
        case .object(let o):
            guard let n = o.count else { return nil }
            guard n <= listLimit else { throw args.error(name, "the \(o.kind) has \(n) items; at most \(listLimit) fit in a list") }
            return try (0..<n).map { try o.element(at: $0) }
        default: return nil
        }
    }
}
