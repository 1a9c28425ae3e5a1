/// Writes statements back as canonical source: one line each, single spaces, comments
/// dropped, the command form kept where it was typed. This is what the journal and saved
/// scripts hold, and parsing it again gives the same statement.
///
/// Blocks print over several lines, their statements indented by four spaces, `}` alone on
/// the last line (`} else {` between branches).
public enum Printer {
    static let indentation = "    "

    public static func statement(_ s: Statement, indent: String = "") -> String {
        switch s.kind {
        case .expression(let e): return indent + topLevel(e)
        case .assignment(let name, _, let value): return indent + "\(name) = " + topLevel(value)
        case .function(let name, _, let parameters, let body):
            let list = parameters.map { p in p.name + (p.defaultValue.map { "=" + expression($0) } ?? "") }
            let head = indent + "fn \(name)(" + list.joined(separator: ", ") + ")"
            switch body {
            case .expression(let e): return head + " = " + expression(e)
            case .block(let b): return head + " " + block(b, indent: indent)
            }
        case .loop(let names, _, let sequence, let body):
            return indent + "for \(names.joined(separator: ", ")) in " + expression(sequence) + " " + block(body, indent: indent)
        case .branch(let conditions, let otherwise):
            var text = indent + conditions.map { "if " + expression($0.condition) + " " + block($0.body, indent: indent) }
                .joined(separator: " else ")
            if let otherwise { text += " else " + block(otherwise, indent: indent) }
            return text
        case .breakLoop: return indent + "break"
        case .continueLoop: return indent + "continue"
        case .returnValue(let value): return indent + "return" + (value.map { " " + topLevel($0) } ?? "")
        }
    }

    /// `{`, each statement on its own line one level deeper, then `}` at `indent`.
    private static func block(_ b: Block, indent: String) -> String {
        "{\n" + b.statements.map { statement($0, indent: indent + indentation) + "\n" }.joined() + indent + "}"
    }

    /// A statement-level expression: a command-form call prints as `verb a b k=v`.
    private static func topLevel(_ e: Expr) -> String {
        guard case .call(let callee, let arguments, true) = e.kind else { return expression(e) }
        let parts = arguments.enumerated().map { i, a in
            (a.name.map { $0 + "=" } ?? "") + commandArgument(a.value, first: i == 0 && a.name == nil)
        }
        return ([expression(callee)] + parts).joined(separator: " ")
    }

    /// A command argument is a postfix expression; anything looser is parenthesised. A
    /// negative number is written bare (`rotate img -15`, `threshold=-1`) except as the first
    /// argument, where `verb -1` would read as a subtraction.
    private static func commandArgument(_ e: Expr, first: Bool) -> String {
        switch e.kind {
        case .unary(.negate, let operand) where !first && precedence(of: operand) >= Level.postfix:
            return "-" + expression(operand)
        case .range(let l, let r) where precedence(of: l) >= Level.postfix && precedence(of: r) >= Level.postfix:
            return expression(e)
        default:
            return precedence(of: e) >= Level.postfix ? expression(e) : "(" + expression(e) + ")"
        }
    }

    private enum Level {
        static let pipe = 1, or = 2, and = 3, not = 4, comparison = 5, range = 6
        static let additive = 7, multiplicative = 8, unary = 9, power = 10, postfix = 11
    }

    private static func level(_ op: BinaryOperator) -> Int {
        switch op {
        case .pipe: Level.pipe
        case .or: Level.or
        case .and: Level.and
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: Level.comparison
        case .add, .subtract: Level.additive
        case .multiply, .divide, .remainder: Level.multiplicative
        case .power: Level.power
        }
    }

    private static func precedence(of e: Expr) -> Int {
        switch e.kind {
        case .binary(let op, _, _): level(op)
        case .range: Level.range
        case .unary(.not, _): Level.not
        case .unary(.negate, _): Level.unary
        case .call(_, _, true), .conditional: 0
        default: Level.postfix
        }
    }

    public static func expression(_ e: Expr) -> String {
        switch e.kind {
        case .number(_, let spelling): return spelling
        case .string(let s): return quote(s)
        case .interpolated(let parts):
            // String literals inside the braces print with `"`, so the whole string takes `'` then.
            let code = parts.map { part -> String? in
                guard case .value(let e, let format) = part else { return nil }
                return "{" + expression(e) + (format.map { ":" + $0.spelling } ?? "") + "}"
            }
            let mark: Character = code.contains { $0?.contains("\"") ?? false } ? "'" : "\""
            return String(mark) + zip(parts, code).map { part, code -> String in
                guard case .text(let text) = part else { return code ?? "" }
                return String(quote(text, with: mark).dropFirst().dropLast())
                    .replacingOccurrences(of: "{", with: "{{").replacingOccurrences(of: "}", with: "}}")
            }.joined() + String(mark)
        case .conditional(let c, let a, let b):
            return "if " + expression(c) + " then " + expression(a) + " else " + expression(b)
        case .comprehension(let element, let names, let sequence, let condition):
            return "[" + expression(element) + " for " + names.joined(separator: ", ") + " in " + expression(sequence)
                + (condition.map { " if " + expression($0) } ?? "") + "]"
        case .bool(let b): return b ? "true" : "false"
        case .none: return "none"
        case .name(let n): return n
        case .list(let items): return "[" + items.map(expression).joined(separator: ", ") + "]"
        case .record(let fields):
            return "{" + fields.map { "\($0.name): " + expression($0.value) }.joined(separator: ", ") + "}"
        case .unary(.negate, let operand): return "-" + wrap(operand, above: Level.unary - 1)
        case .unary(.not, let operand): return "not " + wrap(operand, above: Level.not - 1)
        case .binary(let op, let l, let r):
            let p = level(op)
            // Left-associative operators bind a right operand of equal level in parentheses;
            // `^` is right-associative, so the reverse; comparisons never chain.
            let (leftMin, rightMin) = op == .power ? (p + 1, p)
                : (p == Level.comparison ? (p + 1, p + 1) : (p, p + 1))
            return wrap(l, above: leftMin - 1) + " \(op.rawValue) " + wrap(r, above: rightMin - 1)
        case .range(let l, let r):
            return wrap(l, above: Level.range) + ".." + wrap(r, above: Level.range)
        case .member(let base, let name): return wrap(base, above: Level.postfix - 1) + "." + name
        case .index(let base, let index): return wrap(base, above: Level.postfix - 1) + "[" + expression(index) + "]"
        case .slice(let base, let lower, let upper):
            return wrap(base, above: Level.postfix - 1) + "["
                + (lower.map(expression) ?? "") + ":" + (upper.map(expression) ?? "") + "]"
        case .call(let callee, let arguments, _):
            let list = arguments.map { a in (a.name.map { $0 + "=" } ?? "") + expression(a.value) }
            return wrap(callee, above: Level.postfix - 1) + "(" + list.joined(separator: ", ") + ")"
        }
    }

    /// `e`, in parentheses unless it binds more tightly than `level`.
    private static func wrap(_ e: Expr, above level: Int) -> String {
        precedence(of: e) > level ? expression(e) : "(" + expression(e) + ")"
    }

    /// A string literal that reads back as `s`.
    public static func quote(_ s: String) -> String { quote(s, with: "\"") }

    /// A literal between `mark`s (`"` or `'`) that reads back as `s`.
    static func quote(_ s: String, with mark: Character) -> String {
        var out = String(mark)
        for c in s.unicodeScalars {
            switch c {
            case _ where Character(c) == mark: out += "\\" + String(mark)
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if c.value < 0x20 || c.value == 0x7F { out += "\\u{\(String(c.value, radix: 16))}" }
                else { out.unicodeScalars.append(c) }
            }
        }
        return out + String(mark)
    }
}
