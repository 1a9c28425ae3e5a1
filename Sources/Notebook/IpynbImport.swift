import Core
import Foundation
import Imaging

/// A Jupyter notebook run under the Pleura kernel, turned back into a Markdown notebook:
/// markdown cells become prose, code cells ```` ```pleura ```` blocks, and their outputs the
/// generated regions `pleura notebook run` writes (figures as PNGs in `<name>_files/`).
public struct IpynbImport {
    /// The Markdown text.
    public let markdown: String
    /// The figures to write beside it, by path relative to the Markdown file.
    public let figures: [(path: String, bytes: Data)]

    /// Converts the .ipynb `data`; `source` names it in errors, `figureFolder` is the
    /// folder name figure links point into (`tour_files`).
    public init(_ data: Data, source: String, figureFolder: String) throws(InputError) {
        guard let json = try? JSONSerialization.jsonObject(with: data), let notebook = json as? [String: Any] else {
            throw InputError(source, "not a Jupyter notebook: it is not a JSON object")
        }
        guard notebook["nbformat"] as? Int == 4, let cells = notebook["cells"] as? [[String: Any]] else {
            throw InputError(source, "not an nbformat 4 notebook (no `nbformat: 4` or no list of cells)")
        }
        let language = ((notebook["metadata"] as? [String: Any])?["kernelspec"] as? [String: Any])?["language"] as? String
        if let language, language != "pleura" {
            throw InputError(source, "the notebook's kernel runs \(language), not Pleura")
        }
        var lines: [String] = []
        var figures: [(path: String, bytes: Data)] = []
        var blocks = 0
        for (index, cell) in cells.enumerated() {
            let text = Self.text(cell["source"])
            if !lines.isEmpty { lines.append("") }
            guard cell["cell_type"] as? String == "code" else {
                lines += text.components(separatedBy: "\n")
                continue
            }
            blocks += 1
            let code = text.components(separatedBy: "\n")
            let fence = Fence.backticks(around: code)
            lines += [fence + "pleura"] + code + [fence]
            var items: [OutputItem] = []
            var blockFigures = 0
            for output in cell["outputs"] as? [[String: Any]] ?? [] {
                switch output["output_type"] as? String {
                case "stream":
                    items.append(.text(Self.trimmed(Self.text(output["text"]))))
                case .some(let type) where type == "execute_result" || type == "display_data":
                    let data = output["data"] as? [String: Any] ?? [:]
                    let plain = data["text/plain"].map { Self.trimmed(Self.text($0)) }
                    if let png = data["image/png"] as? String {
                        guard let bytes = Data(base64Encoded: png, options: .ignoreUnknownCharacters) else {
                            throw InputError(source, at: "cell \(index + 1)", "an image/png output is not base64")
                        }
                        blockFigures += 1
                        let path = figureFolder + "/" + NotebookSink.figureName(block: blocks, index: blockFigures)
                        figures.append((path, bytes))
                        items.append(.figure(path: path, caption: plain ?? "figure"))
                    } else if let plain, type == "execute_result" {
                        // HTML from elsewhere is kept only if the Markdown comment holding it can end where it should.
                        let html = data["text/html"].map { Self.trimmed(Self.text($0)) }
                        items.append(.value(plain, html: html?.contains(OutputItem.htmlClosing) == true ? nil : html))
                    } else if let plain {
                        items.append(.text(plain))
                    }
                case "error":
                    let traceback = (output["traceback"] as? [String])?.joined(separator: "\n")
                    items.append(.error(Self.trimmed(traceback ?? (output["evalue"] as? String ?? "error"))))
                default:
                    continue
                }
            }
            if let region = OutputItem.region(OutputItem.merged(items)) { lines += region }
        }
        markdown = lines.joined(separator: "\n") + "\n"
        self.figures = figures
    }

    /// Jupyter's multi-line string: one string, or a list of lines that keep their newlines.
    static func text(_ value: Any?) -> String {
        if let lines = value as? [String] { return lines.joined() }
        return value as? String ?? ""
    }

    private static func trimmed(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Writes the Markdown to `path` and the figures beside it, each atomically.
    public func write(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        for figure in figures {
            let file = (directory.isEmpty ? "." : directory) + "/" + figure.path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try figure.bytes.write(to: URL(fileURLWithPath: file), options: .atomic)
        }
        try Data(markdown.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
