import Foundation

extension NotebookExport {
    /// The notebook as Jupyter's nbformat 4.5 JSON for the Pleura kernel: prose as markdown
    /// cells, blocks as code cells whose outputs are what the kernel sends for them (text as
    /// `stream` stdout, figures as `image/png` display data with a `text/plain` fallback,
    /// errors as error outputs). Cell ids are numbered, so the same notebook gives the same file.
    public func ipynb() throws -> Data {
        var cellObjects: [[String: Any]] = []
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
                var outputs: [[String: Any]] = []
                for item in items {
                    switch item {
                    case .text(let text):
                        outputs.append(["output_type": "stream", "name": "stdout",
                                        "text": text.components(separatedBy: "\n").map { $0 + "\n" }])
                    case .error(let text):
                        let first = text.components(separatedBy: "\n").first ?? text
                        outputs.append(["output_type": "error", "ename": "PleuraError", "evalue": first,
                                        "traceback": text.components(separatedBy: "\n")])
                    case .figure(let link):
                        guard let bytes = file(link) else {
                            outputs.append(["output_type": "display_data", "metadata": [String: Any](),
                                            "data": ["text/plain": ["missing figure: \(link)"]]])
                            continue
                        }
                        outputs.append(["output_type": "display_data", "metadata": [String: Any](),
                                        "data": ["image/png": bytes.base64EncodedString(), "text/plain": ["figure: \(link)"]]])
                    }
                }
                var metadata: [String: Any] = [:]
                if !block.options.echo { metadata["jupyter"] = ["source_hidden": true] }
                cellObjects.append(["cell_type": "code", "id": id, "metadata": metadata, "execution_count": NSNull(),
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

    /// Jupyter's multi-line string: lines that keep their newline, the last without one.
    static func sourceLines(_ text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        return lines.enumerated().map { $0.offset < lines.count - 1 ? $0.element + "\n" : $0.element }
    }
}
