import ArgumentParser
import Foundation
import Notebook

/// `pleura notebook import NB.ipynb --md NB.md`: a Jupyter notebook run with the Pleura
/// kernel, back as a Markdown notebook with its outputs and figures.
struct ImportNotebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Turn a Jupyter notebook (.ipynb) run with the Pleura kernel into a Markdown notebook.")

    @Argument(help: "The Jupyter notebook.")
    var notebook: String

    @Option(help: ArgumentHelp("The Markdown notebook to write; figures go to NB_files/ beside it.", valueName: "NB.md"))
    var md: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: notebook) else {
            FileHandle.standardError.write(Data("pleura: cannot read `\(notebook)`\n".utf8))
            throw ExitCode.failure
        }
        let stem = ((md as NSString).lastPathComponent as NSString).deletingPathExtension
        do {
            let imported = try IpynbImport(data, source: notebook, figureFolder: stem + "_files")
            try imported.write(to: md)
            print("wrote \(md)" + (imported.figures.isEmpty ? "" : " and \(imported.figures.count) figure(s) in \(stem)_files/"))
        } catch {
            FileHandle.standardError.write(Data("pleura: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
