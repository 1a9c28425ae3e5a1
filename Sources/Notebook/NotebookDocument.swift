/// A notebook as its lines, split into prose, code blocks and the generated output under each
/// block. Rendering gives back exactly the text it was parsed from, so a run changes only
/// the generated parts.
public struct NotebookDocument: Sendable {
    public enum Part: Sendable {
        /// Lines that are not Pleura code: Markdown, other fenced blocks.
        case prose([String])
        case code(CodeBlock)
        /// Generated output whose block is gone (the user deleted or retagged it); a run drops it.
        case orphanOutput([String])
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// The code blocks in order.
    public var blocks: [CodeBlock] {
        parts.compactMap { if case .code(let block) = $0 { block } else { nil } }
    }

    /// The notebook's text.
    public func rendered() -> String {
        var lines: [String] = []
        for part in parts {
            switch part {
            case .prose(let p), .orphanOutput(let p): lines += p
            case .code(let block): lines += block.lines
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A fenced ```` ```pleura ```` block and the generated output that follows it.
public struct CodeBlock: Sendable {
    /// The opening fence line, as written.
    public var openingFence: String
    public var codeLines: [String]
    public var closingFence: String
    /// The 1-based line number of the opening fence.
    public var line: Int
    public var options: BlockOptions
    /// The generated region's lines (blank lines before the start marker included), or nil.
    public var generated: [String]?

    /// The code between the fences.
    public var code: String { codeLines.joined(separator: "\n") }

    /// The line number of the first line of code.
    public var firstCodeLine: Int { line + 1 }

    var lines: [String] { [openingFence] + codeLines + [closingFence] + (generated ?? []) }
}

/// The marker lines that bracket generated output. HTML comments, so Markdown viewers hide them.
public enum Markers {
    public static let start = "<!-- pleura:output -->"
    public static let end = "<!-- pleura:end -->"
}
