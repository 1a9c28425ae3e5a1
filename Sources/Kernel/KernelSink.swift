import Foundation
import Lang

/// Where a session's output goes inside the kernel: text becomes `stream` messages as it
/// is written (so `fit` progress arrives line by line), values become `execute_result`,
/// figures `display_data` with `image/png` and the figure's one-line caption as the text
/// fallback. Nothing is published for a silent request. The notebook runner's sink takes
/// the same two calls (`FigurePresenter`, `ValuePresenter`), so an exported `.ipynb` holds
/// what this sends.
final class KernelSink: FigurePresenter, ValuePresenter {
    private let iopub: Channel
    /// The request being executed, and its execution count.
    private var parent: WireMessage?
    private var executionCount = 0
    private var silent = false

    /// Bound on a figure file a statement wrote that is read back to send inline.
    static let maximumFigureBytes = 32 << 20

    init(iopub: Channel) { self.iopub = iopub }

    func begin(_ request: WireMessage, executionCount: Int, silent: Bool) {
        (parent, self.executionCount, self.silent) = (request, executionCount, silent)
    }

    func end() { parent = nil }

    private func publish(_ type: String, _ content: [String: Any]) {
        // Output outside any request (none should arrive) has no cell to go to.
        guard !silent, let parent else { return }
        iopub.send(type, content, parent: parent, routed: false)
    }

    func write(_ output: Output) {
        switch output {
        case .text(let text): publish("stream", ["name": "stdout", "text": text + "\n"])
        case .error(let text): publish("stream", ["name": "stderr", "text": text.hasSuffix("\n") ? text : text + "\n"])
        case .figure(let path): figureFile(path)
        }
    }

    func present(_ figure: FigureObject) {
        do {
            let png = try figure.figure.pngData()
            publish("display_data", ["data": ["image/png": Data(png).base64EncodedString(),
                                              "text/plain": figure.caption] as [String: Any],
                                     "metadata": [String: Any](), "transient": [String: Any]()])
        } catch {
            write(.error("cannot draw the figure: \(error)"))
        }
    }

    func present(value: Value, text: String) {
        var data: [String: Any] = ["text/plain": text]
        if let html = value.html { data["text/html"] = html }
        publish("execute_result", ["execution_count": executionCount, "data": data, "metadata": [String: Any]()])
    }

    /// A PNG a statement wrote to disk (`save_png` and the like): shown inline, as in the
    /// notebook runner, with its path as the text fallback.
    private func figureFile(_ path: String) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = attributes?[.size] as? Int, size <= Self.maximumFigureBytes,
              let bytes = FileManager.default.contents(atPath: path), bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
            publish("stream", ["name": "stdout", "text": "figure: \(path)\n"])
            return
        }
        publish("display_data", ["data": ["image/png": bytes.base64EncodedString(), "text/plain": "figure: \(path)"] as [String: Any],
                                 "metadata": [String: Any](), "transient": [String: Any]()])
    }
}
