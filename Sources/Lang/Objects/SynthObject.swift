import Data

/// What `synth` wrote: a folder of synthetic chest X-rays and their labels. A statement
/// that makes one prints a single line (how many images, how many positive, how to load
/// them) rather than every file's path; the paths stay reachable as `.files`.
public final class SynthObject: EngineObject {
    /// The folder as the user wrote it, so messages and `load` use the same spelling.
    let folder: String
    let written: SynthSummary
    /// The image files, under `folder`, in generation order.
    let files: [String]

    init(folder: String, written: SynthSummary, files: [String]) {
        self.folder = folder
        self.written = written
        self.files = files
    }

    public var kind: String { "synthetic dataset" }

    public var summary: String {
        let n = written.ids.count
        let tests = written.testIds.count
        let test = tests == 0 ? "" : " and \(tests) unlabelled test image\(tests == 1 ? "" : "s") "
            + "(`load \(Printer.quote(folder)) part=\"test\"`)"
        return "wrote \(n) synthetic image\(n == 1 ? "" : "s") to \(folder) (\(written.positives) with pneumothorax, "
            + "\(written.regions) region\(written.regions == 1 ? "" : "s"))\(test); "
            + "`load \(Printer.quote(folder))` reads them"
    }

    public var details: String {
        let shown = files.prefix(Value.listPreview).map { "  " + $0 }
        let more = files.count > shown.count ? ["  ... (\(files.count) files; `.files` lists them)"] : []
        return ([summary, "layout: \(written.layout.rawValue)"] + shown + more).joined(separator: "\n")
    }

    public var memberNames: [String] { ["folder", "files", "count", "positives", "regions"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "folder": return .string(folder)
        case "files": return .list(files.map { .string($0) })
        case "count": return .number(Double(written.ids.count))
        case "positives": return .number(Double(written.positives))
        case "regions": return .number(Double(written.regions))
        default: return nil
        }
    }
}
