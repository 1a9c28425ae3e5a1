import Foundation

/// A notebook read for export: its parts with the outputs of its last run, and figure
/// files read from beside it.
public struct NotebookExport {
    public let document: NotebookDocument
    /// The notebook's directory, against which figure links resolve.
    let directory: String
    let title: String

    public init(path: String) throws {
        let text = try NotebookFile.read(path)
        document = try NotebookParser.parse(text, source: path)
        directory = ((path as NSString).standardizingPath as NSString).deletingLastPathComponent
        let heading = text.components(separatedBy: "\n").first { $0.hasPrefix("# ") }
        title = heading.map { String($0.dropFirst(2)) } ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// The bytes of a linked local file, or nil for a remote or missing one.
    func file(_ link: String) -> Data? {
        guard !link.contains("://"), !link.hasPrefix("data:") else { return nil }
        let path = link.hasPrefix("/") ? link : (directory.isEmpty ? "." : directory) + "/" + link
        return FileManager.default.contents(atPath: path)
    }

    /// The parts as exports show them: prose (without generated-output leftovers) and code
    /// blocks with their output items.
    var cells: [Cell] {
        document.parts.compactMap { part in
            switch part {
            case .prose(let lines): .prose(lines)
            case .code(let block): .code(block, OutputItem.items(in: block.generated ?? []))
            case .orphanOutput: nil
            }
        }
    }

    enum Cell {
        case prose([String])
        case code(CodeBlock, [OutputItem])
    }
}
