/// What one block produced, in order: printed text, statements' values, figures (paths
/// relative to the notebook) and errors. Rendered as the block's generated region and read
/// back from it for export, where they become the outputs the Jupyter kernel sends:
/// `stream`, `execute_result`, `display_data` and `error`.
public enum OutputItem: Equatable, Sendable, Codable {
    case text(String)
    /// A statement's value as the terminal shows it, with its HTML form for a table.
    case value(String, html: String?)
    /// A figure file, and the one-line text a reader without images sees instead.
    case figure(path: String, caption: String)
    case error(String)
}

extension OutputItem {
    /// The generated region for `items`: a blank line, the start marker, each item (text in a
    /// ```` ```text ```` fence, a value in a ```` ```value ```` fence followed, for a table, by
    /// its HTML inside a `<!-- text/html` comment, errors in an ```` ```error ```` fence,
    /// figures as Markdown images with their caption as the alternative text) separated by
    /// blank lines, and the end marker. Nil when there is nothing to show.
    static func region(_ items: [OutputItem]) -> [String]? {
        guard !items.isEmpty else { return nil }
        var lines = ["", Markers.start]
        for (n, item) in items.enumerated() {
            if n > 0 { lines.append("") }
            switch item {
            case .text(let text): lines += fenced(text, language: "text")
            case .value(let text, let html):
                lines += fenced(text, language: "value")
                // Escaped cells cannot hold `-->`, so the comment ends where it should.
                if let html { lines += [Self.htmlOpening] + html.components(separatedBy: "\n") + [Self.htmlClosing] }
            case .error(let text): lines += fenced(text, language: "error")
            case .figure(let path, let caption): lines.append("![\(Self.altText(caption))](\(path))")
            }
        }
        lines.append(Markers.end)
        return lines
    }

    static let htmlOpening = "<!-- text/html", htmlClosing = "-->"

    /// A caption as Markdown alternative text: one line, without the brackets that end it.
    static func altText(_ caption: String) -> String {
        String(caption.map { $0 == "[" || $0 == "]" || $0.isNewline ? " " : $0 })
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
                i = close + 1
                switch fence.language {
                case "error": items.append(.error(text))
                case "value":
                    var html: String?
                    if i < region.count, region[i] == htmlOpening,
                       let end = (i + 1..<region.count).first(where: { region[$0] == htmlClosing }) {
                        html = region[i + 1..<end].joined(separator: "\n")
                        i = end + 1
                    }
                    items.append(.value(text, html: html))
                default: items.append(.text(text))
                }
                continue
            }
            let trimmed = Substring(line).trimmingSpaces
            if trimmed.hasPrefix("!["), trimmed.hasSuffix(")"), let open = trimmed.range(of: "](") {
                items.append(.figure(path: String(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)]),
                                     caption: String(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<open.lowerBound])))
            }
            i += 1
        }
        return items
    }

    /// Joins neighbouring text items into one, as a reader expects one output block (and as
    /// Jupyter front ends join neighbouring `stream` messages). Values stay apart: each is
    /// one `execute_result`.
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
