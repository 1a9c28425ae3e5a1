import Foundation
import Lang
import Render

/// Collects one block's output at a time and writes the figures its statements give as
/// PNG files named after the block (`tour_files/block-03-1.png`), so names are stable
/// between runs and never collide. Values arrive apart from printed text, through the same
/// calls the Jupyter kernel's sink takes, so each can be exported as the kernel sends it.
final class NotebookSink: FigurePresenter, ValuePresenter {
    /// The notebook's directory: figure paths in the output are relative to it.
    let notebookDirectory: String
    /// The folder name beside the notebook that links point into (`tour_files`).
    let figureFolder: String
    /// Where figure files are written: `notebookDirectory/figureFolder`, or a scratch
    /// folder when checking (nothing beside the notebook may change).
    let writeDirectory: String

    private(set) var items: [OutputItem] = []
    /// The files written for the current block, by link path.
    private(set) var written: [String: String] = [:]
    private var block = 0
    private var figures = 0

    init(notebookDirectory: String, figureFolder: String, writeDirectory: String) {
        self.notebookDirectory = notebookDirectory
        self.figureFolder = figureFolder
        self.writeDirectory = writeDirectory
    }

    /// Starts collecting for block number `number` (1-based).
    func begin(block number: Int) {
        block = number
        figures = 0
        items = []
        written = [:]
    }

    func write(_ output: Output) {
        switch output {
        case .text(let text): items.append(.text(portable(text)))
        case .error(let text): items.append(.error(portable(text)))
        case .figure(let path): items.append(.figure(path: relative(path), caption: "figure: " + relative(path)))
        }
    }

    func present(value: Value, text: String) {
        items.append(.value(portable(text), html: value.html.map(portable)))
    }

    func present(_ figure: FigureObject) {
        figures += 1
        let name = Self.figureName(block: block, index: figures)
        let file = writeDirectory + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: writeDirectory, withIntermediateDirectories: true)
            try figure.figure.writePNG(to: file)
            let link = figureFolder + "/" + name
            written[link] = file
            items.append(.figure(path: link, caption: figure.caption))
        } catch {
            items.append(.error("cannot write the figure \(file): \(error)"))
        }
    }

    /// The text without trailing newlines (the fence ends the line), and with paths inside
    /// the notebook's folder made relative to it, so the output reads the same on every machine.
    private func portable(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") { text.removeLast() }
        let prefix = notebookDirectory.hasSuffix("/") ? notebookDirectory : notebookDirectory + "/"
        return text.replacingOccurrences(of: prefix, with: "")
    }

    /// `block-03-1.png`: the block number, then the figure's number within the block.
    static func figureName(block: Int, index: Int) -> String {
        let number = String(block)
        return "block-" + String(repeating: "0", count: max(0, 2 - number.count)) + number + "-\(index).png"
    }

    /// Whether `name` is one of the names `figureName` gives (so stale ones can be removed).
    static func isFigureName(_ name: String) -> Bool {
        name.hasPrefix("block-") && name.hasSuffix(".png")
            && name.dropFirst(6).dropLast(4).allSatisfy { $0.isNumber || $0 == "-" }
    }

    /// A path a statement wrote, made relative to the notebook when it lies inside it.
    private func relative(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let prefix = notebookDirectory.hasSuffix("/") ? notebookDirectory : notebookDirectory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
