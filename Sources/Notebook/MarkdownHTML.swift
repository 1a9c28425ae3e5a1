import Render

/// The Markdown that notebooks' prose uses, as HTML: ATX headings, paragraphs, lists,
/// block quotes, pipe tables, rules, fenced code, and inline code, emphasis, links and
/// images. Not all of CommonMark, but everything is escaped, so no input can inject markup.
struct MarkdownHTML {
    /// The `src` for an image link: local files become `data:` URLs, so the page stands alone.
    let image: (String) -> String

    func render(_ lines: [String]) -> String {
        var html: [String] = []
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { html.append("<p>" + inline(paragraph.joined(separator: "\n")) + "</p>") }
            paragraph = []
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = String(Substring(line).trimmingSpaces)
            if let fence = Fence(opening: line) {
                flush()
                let close = (i + 1..<lines.count).first { fence.isClosed(by: lines[$0]) } ?? lines.count
                let body = lines[min(i + 1, close)..<close].joined(separator: "\n")
                let language = fence.language.isEmpty ? "" : " class=\"language-\(HTML.escape(String(fence.language)))\""
                html.append("<pre class=\"prose-code\"><code\(language)>\(HTML.escape(body))</code></pre>")
                i = close + 1
                continue
            }
            if trimmed.isEmpty || (trimmed.hasPrefix("<!--") && trimmed.hasSuffix("-->")) {
                flush(); i += 1; continue
            }
            if let (level, text) = heading(trimmed) {
                flush()
                html.append("<h\(level)>\(inline(text))</h\(level)>")
                i += 1
                continue
            }
            if trimmed.count >= 3, Set(trimmed.filter { $0 != " " }).count == 1, "-*_".contains(trimmed.first ?? " ") {
                flush(); html.append("<hr>"); i += 1; continue
            }
            if trimmed.hasPrefix(">") {
                flush()
                var quoted: [String] = []
                while i < lines.count, Substring(lines[i]).trimmingSpaces.hasPrefix(">") {
                    quoted.append(String(Substring(lines[i]).trimmingSpaces.dropFirst().drop { $0 == " " }))
                    i += 1
                }
                html.append("<blockquote>" + render(quoted) + "</blockquote>")
                continue
            }
            if listMarker(line) != nil {
                flush()
                let ordered = listMarker(line)?.ordered ?? false
                var items: [String] = []
                while i < lines.count, let marker = listMarker(lines[i]), marker.ordered == ordered {
                    var item = marker.text
                    i += 1
                    // Indented lines continue the item.
                    while i < lines.count, lines[i].hasPrefix("  "), listMarker(lines[i]) == nil {
                        item += "\n" + Substring(lines[i]).trimmingSpaces
                        i += 1
                    }
                    items.append("<li>" + inline(item) + "</li>")
                }
                html.append((ordered ? "<ol>" : "<ul>") + items.joined() + (ordered ? "</ol>" : "</ul>"))
                continue
            }
            if trimmed.hasPrefix("|"), i + 1 < lines.count, isTableRule(lines[i + 1]) {
                flush()
                var rows = [cells(trimmed)]
                i += 2
                while i < lines.count, Substring(lines[i]).trimmingSpaces.hasPrefix("|") {
                    rows.append(cells(String(Substring(lines[i]).trimmingSpaces)))
                    i += 1
                }
                let head = "<tr>" + rows[0].map { "<th>\(inline($0))</th>" }.joined() + "</tr>"
                let body = rows.dropFirst().map { "<tr>" + $0.map { "<td>\(inline($0))</td>" }.joined() + "</tr>" }.joined()
                html.append("<table><thead>\(head)</thead><tbody>\(body)</tbody></table>")
                continue
            }
            paragraph.append(trimmed)
            i += 1
        }
        flush()
        return html.joined(separator: "\n")
    }

    private func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (hashes, String(rest.trimmingSpaces))
    }

    private func listMarker(_ line: String) -> (ordered: Bool, text: String)? {
        let body = Substring(line).drop { $0 == " " }
        guard line.count - body.count < 4 else { return nil }
        if let c = body.first, "-*+".contains(c), body.dropFirst().first == " " {
            return (false, String(body.dropFirst(2)))
        }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        let after = body.dropFirst(digits.count)
        if (1...9).contains(digits.count), let c = after.first, c == "." || c == ")", after.dropFirst().first == " " {
            return (true, String(after.dropFirst(2)))
        }
        return nil
    }

    private func isTableRule(_ line: String) -> Bool {
        let t = Substring(line).trimmingSpaces
        return t.hasPrefix("|") && t.contains("-") && t.allSatisfy { "|-: ".contains($0) }
    }

    private func cells(_ row: String) -> [String] {
        var body = Substring(row)
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") { body = body.dropLast() }
        return body.split(separator: "|", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
    }

    /// Inline Markdown: code spans, images, links, strong and emphasis; all other text escaped.
    func inline(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        var strong = false, emphasis = false
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                out += "<code>" + HTML.escape(String(chars[(i + 1)..<end])) + "</code>"
                i = end + 1
                continue
            }
            if c == "!" || c == "[", let link = link(chars, at: c == "!" ? i + 1 : i) {
                if c == "!" {
                    out += "<img src=\"\(HTML.escape(image(link.target)))\" alt=\"\(HTML.escape(link.text))\">"
                } else {
                    out += "<a href=\"\(HTML.escape(HTML.safeLink(link.target)))\">\(inline(link.text))</a>"
                }
                i = link.end
                continue
            }
            if c == "*" || c == "_", i + 1 < chars.count, chars[i + 1] == c {
                out += strong ? "</strong>" : "<strong>"
                strong.toggle()
                i += 2
                continue
            }
            if c == "*" || (c == "_" && (i == 0 || !chars[i - 1].isLetter || emphasis)) {
                out += emphasis ? "</em>" : "<em>"
                emphasis.toggle()
                i += 1
                continue
            }
            out += HTML.escape(String(c))
            i += 1
        }
        if emphasis { out += "</em>" }
        if strong { out += "</strong>" }
        return out
    }

    /// `[text](target)` starting at `start`, with the index after it.
    private func link(_ chars: [Character], at start: Int) -> (text: String, target: String, end: Int)? {
        guard start < chars.count, chars[start] == "[", let close = chars[start...].firstIndex(of: "]"),
              close + 1 < chars.count, chars[close + 1] == "(",
              let end = chars[(close + 1)...].firstIndex(of: ")") else { return nil }
        return (String(chars[(start + 1)..<close]), String(chars[(close + 2)..<end]).trimmingCharacters(), end + 1)
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String { String(Substring(self).trimmingSpaces) }
}
