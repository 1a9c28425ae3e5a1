import Core
import Foundation
import Notebook
import TestSupport

/// A fresh folder holding one notebook, for a test to run and inspect.
struct Scratch {
    let directory: String
    let path: String

    init(_ text: String, name: String = "nb.md") throws {
        directory = try TemporaryDirectory("nb").path
        path = directory + "/" + name
        try write(text)
    }

    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    func write(_ text: String) throws { try FileIO.writeAtomically(Array(text.utf8), to: path) }

    /// Replaces the first occurrence of `old` in the notebook.
    func edit(_ old: String, _ new: String) throws {
        let current = text
        guard let range = current.range(of: old) else { throw EditError(old: old) }
        try write(current.replacingCharacters(in: range, with: new))
    }

    struct EditError: Error { var old: String }

    @discardableResult
    func run(_ configure: (inout RunOptions) -> Void = { _ in }) throws -> RunReport {
        var options = RunOptions()
        configure(&options)
        return try NotebookRunner(path: path, options: options).run()
    }

    func file(_ relative: String) -> Data? { FileManager.default.contents(atPath: directory + "/" + relative) }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

extension NotebookDocument {
    /// The document with every generated region dropped: what the user wrote.
    var authored: String {
        var copy = self
        copy.parts = parts.compactMap { part in
            switch part {
            case .code(var block):
                block.generated = nil
                return .code(block)
            case .orphanOutput: return nil
            case .prose: return part
            }
        }
        return copy.rendered()
    }
}
