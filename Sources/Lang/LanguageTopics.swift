/// `help` for the language's own constructs, which are keywords rather than builtins:
/// `help for`, `help if`, `help fn`. Each has a runnable example, checked by the tests as
/// the builtins' examples are.
public struct LanguageTopic: Sendable {
    public let keywords: [String]
    public let syntax: String
    public let help: String
    public let example: String

    /// The help entry, laid out as a builtin's is.
    public var helpText: String {
        syntax + "\n" + Builtin.wrap(help, width: 78, indent: "  ") + "\nexample:\n"
            + example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    }

    public static let all: [LanguageTopic] = [
        LanguageTopic(
            keywords: ["for", "in", "break", "continue"],
            syntax: "for NAME in SEQUENCE { STATEMENTS }    for A, B in PAIRS { ... }",
            help: "Runs the block once per item of a list, range, string, dataset (samples) or table (rows), read one at "
                + "a time. Several names unpack each item, a list of that length (`enumerate`, `zip`). `break` leaves "
                + "the loop, `continue` starts its next iteration. Ctrl-C stops the loop at the next safe point, and "
                + "the saved script holds the loop cut to the iterations that ran. An error names the iteration and the "
                + "loop variable's value.",
            example: "for i, name in enumerate([\"bce\", \"dice\", \"focal\"]) {\n    if i == 2 { break }\n"
                + "    print \"{i}: {name}\"\n}"),
        LanguageTopic(
            keywords: ["if", "else", "then"],
            syntax: "if COND { ... } else if COND { ... } else { ... }    if COND then A else B",
            help: "The block form is a statement; `if c then a else b` is an expression that evaluates only the chosen "
                + "side. Conditions must be bools. Write `} else {` on the line of the closing brace in the shell.",
            example: "x = 0.42\nif x > 0.5 {\n    print \"high\"\n} else if x > 0.3 {\n    print \"middle\"\n} else {\n"
                + "    print \"low\"\n}\nlabel = if x > 0.5 then \"pos\" else \"neg\"\nlabel"),
        LanguageTopic(
            keywords: ["fn", "return"],
            syntax: "fn NAME(A, B=DEFAULT) = EXPRESSION    fn NAME(A, B=DEFAULT) { STATEMENTS }",
            help: "Defines a function. A block body's result is what `return` gives, or else its last statement's value "
                + "when that is an expression, or else none; its assignments are the call's own. A function of "
                + "(probabilities, target) built from tensor operations is a differentiable loss.",
            example: "fn clipped_mean(xs, limit=1) {\n    kept = [x for x in xs if x <= limit]\n"
                + "    if len(kept) == 0 { return none }\n    sum(kept) / len(kept)\n}\nclipped_mean([0.2, 0.4, 3])"),
        LanguageTopic(
            keywords: ["strings", "format", "interpolation"],
            syntax: "\"text {EXPRESSION} text {EXPRESSION:FORMAT}\"",
            help: "A `{...}` in a string is replaced by its value; `{{` and `}}` are braces. Formats: `.4f` fixed, `.2e` "
                + "exponent, `.3g` significant digits, `.1%` percent, `d` integer, and a width with `<`, `>` or `^` "
                + "alignment (`{n:>5d}`). A string inside the braces uses the other quote.",
            example: "lr = 0.00025\nscore = 0.81234\nprint \"lr {lr:.1e}: dice {score:.3f} ({score:.0%}) [{7:>4d}]\""),
        LanguageTopic(
            keywords: ["comprehension", "comprehensions"],
            syntax: "[EXPRESSION for NAME in SEQUENCE if CONDITION]",
            help: "Builds a list from a sequence, keeping the items for which the optional condition holds. The variable "
                + "belongs to the comprehension alone.",
            example: "[x * x for x in 0..10 if x % 3 == 0]"),
    ]

    /// The topic a word names, if any.
    public static func named(_ word: String) -> LanguageTopic? {
        all.first { $0.keywords.contains(word) }
    }
}
