import Foundation

extension NotebookExport {
    /// The notebook as Jupyter's nbformat 4.5 JSON for the Pleura kernel: prose as markdown
    /// cells, blocks as code cells whose outputs are the messages the kernel sends for them:
    /// printed text as `stream` stdout, each statement's value as an `execute_result`
    /// (`text/plain`, plus `text/html` for a table), figures as `display_data` with
    /// `image/png` and their caption as `text/plain`, errors as error outputs. Code cells are
    /// counted 1, 2, ... as a run from the top would count them. Cell ids are numbered, so the
    /// same notebook gives the same file.
    public func ipynb() throws -> Data {
        var cellObjects: [[String: Any]] = []
        var executionCount = 0
        for cell in cells {
            let id = "cell-\(cellObjects.count + 1)"
            switch cell {
            case .prose(let lines):
                var trimmed = lines[...]
                while let first = trimmed.first, Substring(first).trimmingSpaces.isEmpty { trimmed.removeFirst() }
                while let last = trimmed.last, Substring(last).trimmingSpaces.isEmpty { trimmed.removeLast() }
                if trimmed.isEmpty { continue }
                cellObjects.append(["cell_type": "markdown", "id": id, "metadata": [String: Any](),
                                    "source": Self.sourceLines(trimmed.joined(separator: "\n"))])
            case .code(let block, let items):
                executionCount += 1
                let outputs = items.map { output($0, executionCount: executionCount) }
                var metadata: [String: Any] = [:]
                if !block.options.echo { metadata["jupyter"] = ["source_hidden": true] }
                cellObjects.append(["cell_type": "code", "id": id, "metadata": metadata, "execution_count": executionCount,
                                    "source": Self.sourceLines(block.code), "outputs": outputs])
            }
        }
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": [
                "kernelspec": ["name": "pleura", "display_name": "Pleura", "language": "pleura"],
                "language_info": ["name": "pleura", "file_extension": ".pleura", "mimetype": "text/x-pleura",
                                  "codemirror_mode": "python", "pygments_lexer": "python"],
                "title": title,
            ],
            "cells": cellObjects,
        ]
        var data = try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys])
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// One output item as the kernel would have sent it.
    private func output(_ item: OutputItem, executionCount: Int) -> [String: Any] {
        switch item {
        case .text(let text):
            return ["output_type": "stream", "name": "stdout", "text": text.components(separatedBy: "\n").map { $0 + "\n" }]
        case .value(let text, let html):
            var data: [String: Any] = ["text/plain": Self.sourceLines(text)]
            if let html { data["text/html"] = Self.sourceLines(html) }
            return ["output_type": "execute_result", "execution_count": executionCount, "data": data,
                    "metadata": [String: Any]()]
        case .error(let text):
            let first = text.components(separatedBy: "\n").first ?? text
            return ["output_type": "error", "ename": "PleuraError", "evalue": first,
                    "traceback": text.components(separatedBy: "\n")]
        case .figure(let link, let caption):
            guard let bytes = file(link) else {
                return ["output_type": "display_data", "metadata": [String: Any](),
                        "data": ["text/plain": ["missing figure: \(link)"]]]
            }
            return ["output_type": "display_data", "metadata": [String: Any](),
                    "data": ["image/png": bytes.base64EncodedString(), "text/plain": [caption]]]
        }
    }

    /// Jupyter's multi-line string: lines that keep their newline, the last without one.
    static func sourceLines(_ text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        return lines.enumerated().map { $0.offset < lines.count - 1 ? $0.element + "\n" : $0.element }
    }
}
