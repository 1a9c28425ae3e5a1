/// One builtin: its name, parameters, help and a runnable example, and the Swift closure
/// that does the work. `help`, `example`, completion and suggestions all read these.
public struct Builtin {
    /// Groups builtins in `help`; one per builtins file.
    public enum Category: String, CaseIterable, Sendable {
        case core, math, tensor, imaging, data, table, augment, render, model, loss, training
    }

    public let name: String
    public let category: Category
    public internal(set) var parameters: [Parameter]
    /// A paragraph: what it does, what it returns.
    public let help: String
    /// Statements that `example NAME` runs in a scratch session.
    public let example: String
    /// False for commands about the session itself (`save`), which a saved script leaves out.
    public let recorded: Bool
    let body: (Arguments) throws -> Value
    /// What the bare name stands for inside arithmetic (`bce + dice`), if anything.
    public var operand: ((Session) throws -> Value)?
    /// How leading positional arguments gather into the first parameter's list, if they do.
    public var positionalPacking: PositionalPacking?

    /// Ways positional arguments can fill a first parameter that takes a list.
    public enum PositionalPacking: Sendable {
        /// Every leading positional argument is an item: `oneof(gamma(), contrast(), p=0.3)`.
        case items
        /// Two leading positional arguments are a [low, high] pair: `gamma(80, 120)`.
        case pair
    }

    /// The call's arguments with leading positionals gathered as `positionalPacking` says
    /// (a single list literal is left as it is).
    func packing(_ arguments: [CallArgument]) -> [CallArgument] {
        guard let packing = positionalPacking else { return arguments }
        let leading = arguments.prefix { $0.name == nil }
        switch packing {
        case .items:
            if leading.isEmpty { return arguments }
            if leading.count == 1, case .list = leading[leading.startIndex].value.kind { return arguments }
        case .pair:
            guard leading.count == 2 else { return arguments }
        }
        let items = leading.map(\.value)
        let range = items.dropFirst().reduce(items[0].range) { $0.union($1.range) }
        let list = CallArgument(name: nil, nameRange: nil, value: Expr(kind: .list(items), range: range))
        return [list] + arguments.dropFirst(leading.count)
    }

    public init(_ name: String, _ category: Category, _ parameters: [Parameter] = [], help: String,
                example: String, recorded: Bool = true, _ body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.category = category
        self.parameters = parameters
        self.help = help
        self.example = example
        self.recorded = recorded
        // A command that prints a table and then draws checks its `png=` path first, so a
        // refused path is the only thing it reports.
        self.body = !parameters.contains { $0.name == "png" } ? body : { args in
            if args.has("png") { _ = try args.writablePath("png") }
            return try body(args)
        }
    }

    /// `coverage(ds: dataset, bins: integer = 20)`.
    public var signature: String {
        name + "(" + parameters.map(\.signature).joined(separator: ", ") + ")"
    }

    /// The help entry: signature, description and example, none of it past 80 columns
    /// except an example line longer than that (code is not broken).
    public var helpText: String {
        var text = wrappedSignature(width: 80) + "\n"
        for parameter in parameters where parameter.listsChoicesApart {
            let choices = (parameter.choices ?? []).map { "\"\($0)\"" }.joined(separator: ", ")
            text += Self.wrap("one of " + choices, width: 78, indent: "    ", first: "  \(parameter.name): ") + "\n"
        }
        text += Self.wrap(help, width: 78, indent: "  ") + "\n"
        text += "example:\n" + example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        return text
    }

    /// The signature broken between parameters so that no line passes `width` columns;
    /// continuation lines are indented four spaces.
    public func wrappedSignature(width: Int) -> String {
        let pieces = parameters.isEmpty ? [")"]
            : parameters.enumerated().map { $0.element.signature + ($0.offset == parameters.count - 1 ? ")" : ",") }
        var lines: [String] = []
        var line = name + "("
        var fresh = true   // nothing yet after the `(` or the indent
        for piece in pieces {
            if !fresh && line.count + 1 + piece.count > width {
                lines.append(line)
                (line, fresh) = ("    ", true)
            }
            line += (fresh ? "" : " ") + piece
            fresh = false
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Word-wraps `text` to `width` columns, each line starting with `indent` (the first
    /// with `first`, when given: a label that the text hangs from).
    static func wrap(_ text: String, width: Int, indent: String, first: String? = nil) -> String {
        var lines: [String] = []
        var start = first ?? indent
        var line = start
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width && line != start {
                lines.append(line)
                start = indent
                line = indent
            }
            line += (line == start ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// `head; intro a, b, c` on one line when it fits an 80-column error line (which starts
    /// with about 24 columns of place and `error: `); otherwise the names go on lines of
    /// their own below it, broken between names, never inside one.
    static func listing(_ head: String, _ names: [String], as intro: String, none: String) -> String {
        guard !names.isEmpty else { return head + "; " + none }
        let list = names.map { "`\($0)`," }.joined(separator: " ").dropLast()
        let oneLine = head + "; " + intro + " " + list
        if oneLine.count + 24 <= 80 { return oneLine }
        return head + "; " + intro + ":\n" + wrap(String(list), width: 78, indent: "  ")
    }
}

/// A builtin's parameter. A parameter without a default is required; one whose default is
/// `none` also accepts `none` ("not given"). A `Domain` narrows the type to choices or a range.
public struct Parameter {
    public let name: String
    public let type: ValueType
    public let rule: Domain.Rule?
    public let defaultValue: Value?
    /// Names offered by Tab inside `name="` where the string is read by something other than
    /// a choice (a schedule or optimizer catalog): completion only, no check.
    public private(set) var completions: [String]?

    public init(_ name: String, _ type: ValueType, default defaultValue: Value? = nil) {
        self.name = name
        self.type = type
        self.rule = nil
        self.defaultValue = defaultValue
    }

    public init(_ name: String, _ domain: Domain, default defaultValue: Value? = nil) {
        self.name = name
        self.type = domain.type
        self.rule = domain.rule
        self.defaultValue = defaultValue
    }

    /// The parameter with `names` offered by completion inside its strings.
    public func completing(_ names: [String]) -> Parameter {
        var parameter = self
        parameter.completions = names
        return parameter
    }

    /// `bins: integer ≥ 1 = 20`, `size: integer in 8...4096`, `tta: "none"|"hflip" = "none"`.
    var signature: String {
        let kind = switch rule {
        case .choices? where !listsChoicesApart: rule!.description
        case .choices?: type.shortName
        case let other?: type.shortName + " " + other.description
        case nil: type.shortName
        }
        return "\(name): \(kind)" + (defaultValue.map { " = \($0.summary)" } ?? "")
    }

    /// Whether the choices are too long to show in the signature (they would take a line of
    /// their own), so `help` lists them below it.
    var listsChoicesApart: Bool { (rule?.description.count ?? 0) > 40 }

    /// The choices the parameter names, if it takes one of a few strings.
    public var choices: [String]? {
        guard case .choices(let names)? = rule else { return nil }
        return names
    }

    public func accepts(_ value: Value) -> Bool {
        if case .none = value, case .some(.none) = defaultValue { return true }
        return type.accepts(value)
    }

    /// Why an accepted `value` breaks the parameter's choices or range, if it does.
    public func violation(_ value: Value) -> (reason: String, suggestion: String?)? {
        if case .none = value { return nil }
        return rule?.violation(value)
    }
}
