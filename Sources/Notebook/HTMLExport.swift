import Foundation
import Render

extension NotebookExport {
    /// One self-contained HTML page: prose as HTML, code and its output in visibly different
    /// boxes, figures embedded as base64 PNG, every piece of text escaped.
    public func html() -> String {
        let markdown = MarkdownHTML { link in
            guard let bytes = self.file(link) else { return link }
            return "data:\(Self.mediaType(link));base64," + bytes.base64EncodedString()
        }
        var body: [String] = []
        for cell in cells {
            switch cell {
            case .prose(let lines):
                let html = markdown.render(lines)
                if !html.isEmpty { body.append(html) }
            case .code(let block, let items):
                var parts: [String] = []
                if block.options.echo {
                    parts.append("<pre class=\"code\"><code>\(HTML.escape(block.code))</code></pre>")
                }
                for item in items {
                    switch item {
                    case .text(let text): parts.append("<pre class=\"output\">\(HTML.escape(text))</pre>")
                    // A table's HTML is Pleura's own, its cells escaped where it was made.
                    case .value(_, let html?): parts.append("<div class=\"output table\">\n\(html)\n</div>")
                    case .value(let text, nil): parts.append("<pre class=\"output\">\(HTML.escape(text))</pre>")
                    case .error(let text): parts.append("<pre class=\"output error\">\(HTML.escape(text))</pre>")
                    case .figure(let link, _):
                        if let bytes = file(link) {
                            parts.append("<figure><img src=\"data:image/png;base64,\(bytes.base64EncodedString())\" alt=\"\(HTML.escape(link))\"></figure>")
                        } else {
                            parts.append("<p class=\"missing\">missing figure: \(HTML.escape(link))</p>")
                        }
                    }
                }
                body.append("<div class=\"cell\">\n" + parts.joined(separator: "\n") + "\n</div>")
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="pleura notebook export">
            <title>\(HTML.escape(title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <main>
            \(body.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    static func mediaType(_ link: String) -> String {
        switch (link as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": "image/jpeg"
        case "svg": "image/svg+xml"
        case "gif": "image/gif"
        default: "image/png"
        }
    }

    static let style = """
        body { margin: 0; background: #fafafa; color: #1d1d1f; font: 16px/1.6 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 860px; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
        h1, h2, h3 { line-height: 1.25; } h1 { border-bottom: 2px solid #ddd; padding-bottom: .3rem; }
        code, pre { font: 13.5px/1.45 "SFMono-Regular", Menlo, Consolas, monospace; }
        p code, li code, td code { background: #eee; padding: .1rem .3rem; border-radius: 4px; }
        pre { overflow-x: auto; padding: .75rem 1rem; border-radius: 6px; margin: .5rem 0; }
        .cell { margin: 1.25rem 0; }
        pre.code { background: #f0f4fa; border-left: 4px solid #3b6fc4; }
        pre.output { background: #fff; border: 1px solid #e2e2e2; border-left: 4px solid #9a9a9a; color: #333; }
        pre.output.error { border-left-color: #c4373b; background: #fff5f5; color: #8a1f22; }
        pre.prose-code { background: #f4f4f4; }
        figure { margin: .5rem 0; } img { max-width: 100%; image-rendering: pixelated; border: 1px solid #e2e2e2; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: .3rem .6rem; }
        div.output.table { overflow-x: auto; margin: .5rem 0; font-size: 14px; }
        blockquote { margin: 0; padding-left: 1rem; border-left: 4px solid #ddd; color: #555; }
        .missing { color: #8a1f22; }
        """
}
