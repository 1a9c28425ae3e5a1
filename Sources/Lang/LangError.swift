/// An error in a statement: what went wrong, where, and the nearest known name when a name
/// was misspelt. It renders as the source line with a caret under the offending token.
public struct LangError: Error, CustomStringConvertible, Sendable {
    /// One sentence saying what is wrong.
    public var message: String
    /// The span to underline; nil for errors with no place (a file that cannot be read).
    public var range: SourceRange?
    /// The text `range` points into.
    public var source: SourceText?
    /// A known name close to the one written ("did you mean `coverage`?").
    public var suggestion: String?
    /// A syntax error that more input could fix (an open bracket or string, a trailing operator).
    public var incomplete: Bool
    /// Ctrl-C stopped the work, rather than anything being wrong with it.
    public var interrupted = false

    public init(_ message: String, at range: SourceRange? = nil, suggestion: String? = nil,
                incomplete: Bool = false) {
        self.message = message
        self.range = range
        self.suggestion = suggestion
        self.incomplete = incomplete
    }

    /// The message with the place and the suggestion, without the source line.
    public var description: String {
        var text = ""
        if let source, let range {
            text += "\(source.name):\(range.start.line):\(range.start.column): "
        }
        text += "error: \(message)"
        if let suggestion { text += "; did you mean `\(suggestion)`?" }
        return text
    }

    /// The full report: location and message, the source line, and a caret line under the token.
    public func rendered(color: Bool) -> String {
        let red = color ? "\u{1B}[1;31m" : "", bold = color ? "\u{1B}[1m" : "", reset = color ? "\u{1B}[0m" : ""
        var place = ""
        if let source, let range { place = "\(source.name):\(range.start.line):\(range.start.column): " }
        var out = "\(bold)\(place)\(red)error:\(reset)\(bold) \(message)\(reset)\n"
        guard let source, let range else {
            if let suggestion { out += "  did you mean `\(suggestion)`?\n" }
            return out
        }
        let (lineText, lineStart) = source.line(containing: range.start.offset)
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        let column = range.start.offset - lineStart
        let width = max(1, min(range.end.offset, lineStart + lineText.count) - range.start.offset)
        // Keep tabs in the padding so the caret lines up under tab-indented text.
        let padding = String(lineText.prefix(column).map { $0 == "\t" ? "\t" : " " })
        out += " \(number) | \(lineText)\n"
        out += " \(gutter) | \(padding)\(red)\(String(repeating: "^", count: width))\(reset)"
        if let suggestion { out += " did you mean `\(suggestion)`?" }
        return out + "\n"
    }
}
