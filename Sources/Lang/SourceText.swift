/// A piece of program text with a name for messages (`<stdin>`, `analysis.pleura`) and the
/// line it starts on, so errors in the fifth line of a script say "line 5".
public struct SourceText: Sendable {
    public let name: String
    public let text: String
    /// The text as characters, indexed by `Position.offset`.
    let characters: [Character]
    /// Number of the text's first line within its file (1 for a whole file).
    public let firstLine: Int

    public init(_ text: String, name: String = "<input>", firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.characters = Array(text)
        self.firstLine = firstLine
    }

    /// The full line (without its newline) that holds `offset`, and the offset where it starts.
    func line(containing offset: Int) -> (text: String, start: Int) {
        let clamped = min(max(0, offset), characters.count)
        var start = clamped
        while start > 0 && characters[start - 1] != "\n" { start -= 1 }
        var end = clamped
        while end < characters.count && characters[end] != "\n" { end += 1 }
        return (String(characters[start..<end]), start)
    }

    /// The text between two offsets.
    func slice(_ range: SourceRange) -> String {
        let lo = min(max(0, range.start.offset), characters.count)
        let hi = min(max(lo, range.end.offset), characters.count)
        return String(characters[lo..<hi])
    }
}

/// A place in a `SourceText`: character offset plus 1-based line and column.
public struct Position: Sendable, Hashable, Comparable {
    public var offset: Int
    public var line: Int
    public var column: Int

    public static func < (a: Position, b: Position) -> Bool { a.offset < b.offset }
}

/// The span of a token or syntax node, end exclusive.
public struct SourceRange: Sendable, Hashable {
    public var start: Position
    public var end: Position

    public init(_ start: Position, _ end: Position) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(Swift.min(start, other.start), Swift.max(end, other.end))
    }
}
