/// What a command did when it did less than it was asked: a `fit` stopped early by Ctrl-C,
/// a time budget or early stopping. The journal and the saved script record the call as
/// it actually ran (`epochs=40 stop=26` in place of `epochs=40 budget=60`) with a comment
/// saying why, so replaying the script reproduces the weights instead of training on.
public struct Amendment: Sendable {
    /// Arguments to set (replacing the typed ones of the same name).
    public var setting: [(name: String, value: Expr)]
    /// Arguments to drop (the `budget=` whose stop is now written as `stop=`).
    public var removing: [String]
    /// Why the call was recorded differently: `stopped after epoch 26 of 40: interrupted`.
    public var comment: String

    public init(setting: [(name: String, value: Expr)], removing: [String] = [], comment: String) {
        self.setting = setting
        self.removing = removing
        self.comment = comment
    }

    /// The call `expr` with the amended arguments, or nil when `expr` is not a call.
    func apply(to expr: Expr) -> Expr? {
        guard case .call(let callee, var arguments, let command) = expr.kind else { return nil }
        arguments.removeAll { a in a.name.map { removing.contains($0) || setting.map(\.name).contains($0) } ?? false }
        for (name, value) in setting {
            arguments.append(CallArgument(name: name, nameRange: nil, value: value))
        }
        return Expr(kind: .call(callee, arguments, command: command), range: expr.range)
    }
}

extension Arguments {
    /// Records that this call ran differently from how it was typed (see `Amendment`).
    /// Values are numbers, strings, bools or lists of them, written as literals in the recorded call.
    public func amend(setting: [(name: String, value: Value)], removing: [String] = [], comment: String) {
        func literal(_ value: Value) -> Expr {
            let kind: Expr.Kind
            switch value {
            case .number(let x): kind = .number(x, spelling: Value.exact(x))
            case .string(let s): kind = .string(s)
            case .bool(let b): kind = .bool(b)
            case .list(let items): kind = .list(items.map(literal))
            default: kind = .none
            }
            return Expr(kind: kind, range: callRange)
        }
        let literals = setting.map { (name, value) in (name: name, value: literal(value)) }
        session.amendments.append((callRange, Amendment(setting: literals, removing: removing, comment: comment)))
    }
}
