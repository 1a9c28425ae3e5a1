import Foundation

extension Registry {
    /// Values, variables and the session: print, describe, type, len, list, seed, vars, save.
    func addCore() {
        add(Builtin("print", .core, [Parameter("value", .any)],
                    help: "Writes a value: a string as it is, anything else as its one-line summary.",
                    example: "print \"coverage per image\"\nprint [1, 2, 3]") { args in
            args.session.print(args["value"].plain)
            return .none
        })
        add(Builtin("describe", .core, [Parameter("value", .any)],
                    help: "Writes the detailed view of a value: every item of a list or record, "
                        + "the statistics of a dataset, the shape and range of a tensor.",
                    example: "describe {name: \"probe\", size: 16}") { args in
            args.session.print(args["value"].details)
            return .none
        })
        add(Builtin("type", .core, [Parameter("value", .any)],
                    help: "The name of a value's type, as a string.",
                    example: "type 1.5\ntype [1, 2]") { args in
            .string(args["value"].typeName)
        })
        add(Builtin("len", .core, [Parameter("value", .any)],
                    help: "The number of items in a list, range, string, record or dataset.",
                    example: "len [4, 5, 6]\nlen 0..10") { args in
            switch args["value"] {
            case .list(let items): return .number(Double(items.count))
            case .range(let lo, let hi): return .number(Double(max(0, hi - lo)))
            case .string(let s): return .number(Double(s.count))
            case .record(let r): return .number(Double(r.fields.count))
            case .object(let o):
                if let n = o.count { return .number(Double(n)) }
            default: break
            }
            throw args.error("value", "a \(args["value"].typeName) has no length")
        })
        add(Builtin("list", .core, [Parameter("items", .any)],
                    help: "The items of a range, string or dataset as a list (at most 1,000,000 items).",
                    example: "list 0..5\nlist \"abc\"") { args in
            guard let items = try Self.items(of: args["items"], args, "items") else {
                throw args.error("items", "a \(args["items"].typeName) has no items")
            }
            return .list(items)
        })
        add(Builtin("seed", .core, [Parameter("value", .integer, default: Value.none)],
                    help: "Without an argument, the session seed. With one, sets the session seed and restarts "
                        + "the generator that stochastic commands draw from when they get no `seed=`.",
                    example: "seed 42\nseed") { args in
            guard let n = try args.optionalInt("value") else { return .number(Double(args.session.seed)) }
            guard n >= 0 else { throw args.error("value", "a seed must not be negative") }
            args.session.reseed(UInt64(n))
            return .none
        })
        add(Builtin("vars", .core,
                    help: "Lists the session's variables with their one-line summaries, sorted by name.",
                    example: "threshold = 0.5\nvars") { args in
            args.session.print(args.session.variableListing)
            return .none
        })
        add(Builtin("save", .core, [Parameter("path", .string)],
                    help: "Saves the session as a canonical script: a header with the Pleura version, the session seed "
                        + "and the date, then one line per successful statement. `pleura run` replays it. The file is "
                        + "written to a temporary name and renamed into place.",
                    example: "x = 2\nsave \"session.pleura\"", recorded: false) { args in
            let path = try args.writablePath("path")
            try args.session.save(to: path)
            args.session.print("saved \(args.session.statements.count) statements to \(try args.string("path"))")
            return .none
        })
    }
}
