import Foundation

extension Registry {
    /// `help` and `example`, both read from the builtins' declarations.
    func addHelp() {
        add(Builtin("help", .core, [Parameter("name", .name, default: Value.none)],
                    help: "Without an argument, lists every command by domain. With a name, shows that command's "
                        + "signature, defaults, description and example, a user function's definition, or what a "
                        + "variable holds: its type, summary, members and the commands that take it.",
                    example: "help\nhelp len\nthreshold = 0.5\nhelp threshold", recorded: false) { args in
            let session = args.session
            // The session's registry, not the one this closure was added to: a session whose builtins were
            // narrowed (Registry.limitingWork) must describe the limits it enforces.
            let registry = session.registry
            guard let name = try args.optionalString("name") else {
                session.print(registry.overview())
                return .none
            }
            if let builtin = registry[name] {
                session.print(builtin.helpText)
            } else if let topic = LanguageTopic.named(name) {
                session.print(topic.helpText)
            } else if case .function(.user(let f))? = session.variables[name] {
                session.print(f.definition)
            } else if let value = session.variables[name] {
                session.print(registry.explanation(of: name, value))
            } else {
                // Every name suggested here is one `help` accepts: commands and variables.
                throw LangError("no command, function or variable is called `\(name)`",
                                at: args.ranges["name"] ?? args.callRange,
                                suggestion: Suggestions.nearest(to: name, in: registry.names + session.variables.keys))
            }
            return .none
        })
        add(Builtin("example", .core, [Parameter("name", .name)],
                    help: "Runs the example of a command in a scratch scope, echoing each statement. "
                        + "The session's variables are left as they were, and files it writes go to a temporary directory.",
                    example: "example len", recorded: false) { args in
            let name = try args.string("name")
            let registry = args.session.registry
            guard let example = registry[name]?.example ?? LanguageTopic.named(name)?.example else {
                throw LangError("no command is called `\(name)`", at: args.ranges["name"] ?? args.callRange,
                                suggestion: Suggestions.nearest(to: name, in: registry.names))
            }
            let session = args.session
            // Examples that write files write them into a scratch directory, removed afterwards.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-example-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let sandbox = session.sandbox
            defer {
                session.sandbox = sandbox
                try? FileManager.default.removeItem(atPath: scratch)
            }
            session.sandbox = Sandbox(workingDirectory: scratch)
            let succeeded = session.isolated(output: session.sink) { () -> Bool in
                session.variables.removeAll()
                // Statement by statement, each echoed as written (a block over several lines).
                let source = SourceText(example, name: "example \(name)")
                for parsed in Parser.parse(source) {
                    do throws(LangError) {
                        let statement = try parsed.get()
                        session.print(source.slice(statement.range).split(separator: "\n", omittingEmptySubsequences: false)
                            .enumerated().map { ($0.offset == 0 ? "> " : "  ") + $0.element }.joined(separator: "\n"))
                        try session.execute(statement)
                    } catch {
                        session.report(error)
                        return false
                    }
                }
                return true
            }
            if !succeeded { throw LangError("the example of `\(name)` failed") }
            return .none
        })
    }

    /// `help VAR`: what a variable holds, its members, and the commands whose first
    /// argument takes it (for engine objects, where that list is short and telling).
    func explanation(of name: String, _ value: Value) -> String {
        let summary = value.brief(200)
        let type = value.typeName
        let article = type.first.map { "aeiou".contains($0) } ?? false ? "an" : "a"
        // A summary that starts with its kind reads on from it ("ds is a dataset of 8
        // images"); any other follows a colon ("threshold is a number: 0.5").
        let sentence = summary.hasPrefix(type + " ") ? summary : "\(type): \(summary)"
        var lines = [Builtin.wrap(sentence, width: 80, indent: "  ", first: "\(name) is \(article) ")]
        let members: [String]
        switch value {
        case .record(let r): members = r.fields.map(\.name)
        case .object(let o): members = o.memberNames
        default: members = []
        }
        if !members.isEmpty {
            lines.append(Builtin.wrap(members.map { "\(name).\($0)" }.joined(separator: ", "), width: 80, indent: "  ",
                                      first: "members: "))
        }
        if case .object = value {
            let takers = builtins.values.filter { b in
                guard let first = b.parameters.first else { return false }
                if case .any = first.type { return false }
                return first.accepts(value)
            }.map(\.name).sorted()
            if !takers.isEmpty {
                lines.append(Builtin.wrap(takers.joined(separator: ", "), width: 80, indent: "  ", first: "commands that take it: "))
            }
        }
        lines.append("`describe \(name)` shows it in full.")
        return lines.joined(separator: "\n")
    }

    /// `help` without a name: one line per command, grouped by domain, each wrapped
    /// between words under its description so that nothing passes 80 columns.
    public func overview() -> String {
        var lines: [String] = []
        for category in Builtin.Category.allCases {
            let members = builtins.values.filter { $0.category == category }.sorted { $0.name < $1.name }
            if members.isEmpty { continue }
            lines.append("\(category.rawValue):")
            let width = members.map(\.name.count).max() ?? 0
            for b in members {
                let sentences = b.help.components(separatedBy: ". ")
                let firstSentence = sentences.count > 1 ? sentences[0] + "." : b.help
                let label = "  " + b.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                lines.append(Builtin.wrap(firstSentence, width: 80, indent: String(repeating: " ", count: label.count),
                                          first: label))
            }
        }
        lines.append("`help NAME` shows a command in full; `example NAME` runs its example.")
        return lines.joined(separator: "\n")
    }
}
