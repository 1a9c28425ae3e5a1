/// What one block produced, in order: text, figures (paths relative to the notebook) and
/// errors. Rendered as the block's generated region and read back from it for export.
public enum OutputItem: Equatable, Sendable, Codable {
    case text(String)
    case figure(path: String)
    case error(String)
}

extension OutputItem {
    /// The generated region for `items`: a blank line, the start marker, each item (text in a
    /// ```` ```text ```` fence, errors in an ```` ```error ```` fence, figures as Markdown
    /// images) separated by blank lines, and the end marker. Nil when there is nothing to show.
    static func region(_ items: [OutputItem]) -> [String]? {
        guard !items.isEmpty else { return nil }
        var lines = ["", Markers.start]
        for (n, item) in items.enumerated() {
            if n > 0 { lines.append("") }
            switch item {
            case .text(let text): lines += fenced(text, language: "text")
            case .error(let text): lines += fenced(text, language: "error")
            case .figure(let path): lines.append("![figure](\(path))")
            }
        }
        lines.append(Markers.end)
        return lines
    }

    private static func fenced(_ text: String, language: String) -> [String] {
        let body = text.components(separatedBy: "\n")
        let fence = Fence.backticks(around: body)
        return [fence + language] + body + [fence]
    }

    /// The items of a generated region (as `region` writes it).
    static func items(in region: [String]) -> [OutputItem] {
        var items: [OutputItem] = []
        var i = 0
        while i < region.count {
            let line = region[i]
            if let fence = Fence(opening: line),
               let close = (i + 1..<region.count).first(where: { fence.isClosed(by: region[$0]) }) {
                let text = region[i + 1..<close].joined(separator: "\n")
                items.append(fence.language == "error" ? .error(text) : .text(text))
                i = close + 1
                continue
            }
            let trimmed = Substring(line).trimmingSpaces
            if trimmed.hasPrefix("!["), trimmed.hasSuffix(")"), let open = trimmed.range(of: "](") {
                items.append(.figure(path: String(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)])))
            }
            i += 1
        }
        return items
    }

    /// Joins neighbouring text items into one, as a reader expects one output block.
    static func merged(_ items: [OutputItem]) -> [OutputItem] {
        var result: [OutputItem] = []
        for item in items {
            if case .text(let next) = item, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + "\n" + next)
            } else {
                result.append(item)
            }
        }
        return result
    }
}
