import Core

/// Reads a notebook's Markdown: CommonMark fences (three or more backticks or tildes,
/// indented at most three spaces); a fence whose info string starts with `pleura` is code,
/// everything else is prose. Generated output is the span from a start marker right after a
/// code block (blank lines between allowed) to the matching end marker.
public enum NotebookParser {
    /// Parses `text`; `source` names the file in errors.
    public static func parse(_ text: String, source: String) throws -> NotebookDocument {
        let lines = text.components(separatedBy: "\n")
        var parts: [NotebookDocument.Part] = []
        var prose: [String] = []
        func flushProse() {
            if !prose.isEmpty { parts.append(.prose(prose)); prose = [] }
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if isMarker(line, Markers.start) {
                let end = try generatedEnd(lines, from: i, source: source)
                flushProse()
                parts.append(.orphanOutput(Array(lines[i...end])))
                i = end + 1
                continue
            }
            guard let fence = Fence(opening: line) else { prose.append(line); i += 1; continue }
            let close = (i + 1..<lines.count).first { fence.isClosed(by: lines[$0]) }
            guard fence.isPleura else {
                // Other fenced blocks are prose; an unclosed one runs to the end, as in CommonMark.
                let last = close ?? lines.count - 1
                prose += lines[i...last]
                i = last + 1
                continue
            }
            guard let close else {
                throw InputError(source, at: "line \(i + 1)", "this ```pleura block is never closed (add a line \(fence.marker))")
            }
            let options = try BlockOptions(parsing: fence.options, source: source, place: "line \(i + 1)")
            var block = CodeBlock(openingFence: line, codeLines: Array(lines[i + 1..<close]), closingFence: lines[close],
                                  line: i + 1, options: options, generated: nil)
            i = close + 1
            var next = i
            while next < lines.count, lines[next].allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { next += 1 }
            if next < lines.count, isMarker(lines[next], Markers.start) {
                let end = try generatedEnd(lines, from: next, source: source)
                block.generated = Array(lines[i...end])
                i = end + 1
            }
            flushProse()
            parts.append(.code(block))
        }
        flushProse()
        return NotebookDocument(parts: parts)
    }

    static func isMarker(_ line: String, _ marker: String) -> Bool {
        Substring(line).trimmingSpaces == marker
    }

    /// The index of the end marker for the start marker at `start`, skipping fenced text
    /// (an output may print anything, markers included).
    private static func generatedEnd(_ lines: [String], from start: Int, source: String) throws -> Int {
        var i = start + 1
        while i < lines.count {
            if isMarker(lines[i], Markers.end) { return i }
            if let fence = Fence(opening: lines[i]) {
                guard let close = (i + 1..<lines.count).first(where: { fence.isClosed(by: lines[$0]) }) else { break }
                i = close
            }
            i += 1
        }
        throw InputError(source, at: "line \(start + 1)", "generated output starts here but has no \(Markers.end) line")
    }
}

/// A CommonMark fence line: its character, length and info string.
struct Fence {
    let character: Character
    let length: Int
    let info: Substring

    init?(opening line: String) {
        var rest = Substring(line)
        var indent = 0
        while rest.first == " " && indent < 4 { rest.removeFirst(); indent += 1 }
        guard indent < 4, let c = rest.first, c == "`" || c == "~" else { return nil }
        let run = rest.prefix { $0 == c }
        guard run.count >= 3 else { return nil }
        let info = rest.dropFirst(run.count).trimmingSpaces
        if c == "`" && info.contains("`") { return nil }
        (character, length, self.info) = (c, run.count, info)
    }

    /// Whether `line` closes this fence: the same character, at least as many, nothing after.
    func isClosed(by line: String) -> Bool {
        var rest = Substring(line)
        var indent = 0
        while rest.first == " " && indent < 4 { rest.removeFirst(); indent += 1 }
        guard indent < 4 else { return false }
        let run = rest.prefix { $0 == character }
        return run.count >= length && rest.dropFirst(run.count).trimmingSpaces.isEmpty
    }

    var language: Substring { info.prefix { $0 != " " && $0 != "{" && $0 != "\t" } }
    var isPleura: Bool { language == "pleura" }
    /// The info string after the language.
    var options: String { String(info.dropFirst(language.count)) }
    var marker: String { String(repeating: character, count: length) }

    /// A backtick fence long enough to hold `lines` without any of them closing it.
    static func backticks(around lines: [String]) -> String {
        var longest = 2
        for line in lines {
            let run = Substring(line).drop { $0 == " " }.prefix { $0 == "`" }
            longest = max(longest, run.count)
        }
        return String(repeating: "`", count: longest + 1)
    }
}
