import Foundation
import Core
import Lang
import Tensor

/// How to run a notebook.
public struct RunOptions: Sendable {
    /// Run, but write nothing beside the notebook; report what would change.
    public var check = false
    /// Go on past a failing block (the failure is still reported and counted).
    public var keepGoing = false
    public var parameters: [NotebookParameter] = []
    /// Ignore stored blocks and run everything (new results are stored).
    public var refresh = false
    /// A block with `cache=auto` is stored when it takes at least this many seconds.
    public var cacheAfterSeconds = 1.0
    /// The session seed.
    public var seed: UInt64 = 0
    /// Where the session's own writes go instead of their paths (`Sandbox.privateWrites`):
    /// set on the ranks other than 0 of an `mpirun` job.
    public var privateWrites: String?

    public init() {}
}

/// What a run did.
public struct RunReport: Sendable {
    /// Blocks run (1-based numbers among the notebook's code blocks).
    public var ran: [Int] = []
    /// Blocks whose results came from the cache.
    public var restored: [Int] = []
    /// Blocks that failed (an expected failure, `error=true`, is not counted).
    public var failed: [Int] = []
    /// The block the run stopped at (a failure without `keepGoing`), if any.
    public var stoppedAt: Int?
    /// What differs from the file (for `check`), one entry per block or figure.
    public var differences: [String] = []

    public var succeeded: Bool { failed.isEmpty }
}

/// Runs a notebook's blocks in order in one session and puts each block's output right
/// after it: text in a fenced block, figures as PNG files in `<name>_files/` linked as
/// images, errors inline. Only generated regions change; the result is written
/// atomically, and a run that changes nothing leaves the file untouched.
public struct NotebookRunner {
    public let path: String
    public let options: RunOptions

    private var directory: String { (absolute as NSString).deletingLastPathComponent }
    private var absolute: String { Sandbox().resolve(path) }
    private var fileName: String { (path as NSString).lastPathComponent }
    private var stem: String { (fileName as NSString).deletingPathExtension }
    /// `tour_files`: the figures' folder beside the notebook.
    public var figureFolder: String { stem + "_files" }

    public init(path: String, options: RunOptions = RunOptions()) {
        self.path = path
        self.options = options
    }

    public func run() throws -> RunReport {
        let original = try NotebookFile.read(path)
        var document = try NotebookParser.parse(original, source: path)
        let blocks = document.blocks
        let offered = blocks.first.map { NotebookParameter.names(assignedIn: $0.code) } ?? []
        try NotebookParameter.validate(options.parameters, offered: offered, notebook: fileName)

        let figureDirectory = directory + "/" + figureFolder
        let scratch = options.check ? FileManager.default.temporaryDirectory.path + "/pleura-check-\(UUID().uuidString)" : nil
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        let sink = NotebookSink(notebookDirectory: directory, figureFolder: figureFolder,
                                writeDirectory: scratch ?? figureDirectory)
        let session = Session(seed: options.seed, sink: sink, sandbox: Sandbox(workingDirectory: directory, privateWrites: options.privateWrites))
        let cache = BlockCache(directory: figureDirectory + "/.cache")
        let execution = BlockExecution(session: session, sink: sink, cache: cache, options: options,
                                       sourceName: fileName, parameterKey: options.parameters.map(\.assignment).joined(separator: "\n"))

        var report = RunReport()
        var written: [String: String] = [:]
        var chain = ""
        var keys: Set<String> = []
        var number = 0
        var stopped = false
        var parts: [NotebookDocument.Part] = []
        // Lines written so far: errors name lines of the file as it will be, outputs above included.
        var emitted = 0
        func emit(_ part: NotebookDocument.Part) {
            parts.append(part)
            switch part {
            case .prose(let lines), .orphanOutput(let lines): emitted += lines.count
            case .code(let block): emitted += block.lines.count
            }
        }
        for part in document.parts {
            guard case .code(var block) = part else {
                if case .orphanOutput(let lines) = part, !stopped {
                    report.differences.append("generated output with no block above it would be removed:\n"
                                              + lines.filter { !$0.isEmpty }.prefix(3).map { "- " + $0 }.joined(separator: "\n"))
                    continue
                }
                emit(part)
                continue
            }
            number += 1
            block.line = emitted + 1
            if stopped { emit(.code(block)); continue }
            let key = BlockExecution.key(block, chain: chain, parameters: execution.parameterKey)
            chain = key
            keys.insert(key)
            let outcome = try execution.run(block, number: number, key: key,
                                            injecting: number == 1 ? options.parameters : [])
            if RunInterruption.noted {
                throw InputError(path, at: "block \(number)", "interrupted; the notebook was left as it was")
            }
            switch outcome.source {
            case .ran: report.ran.append(number)
            case .restored: report.restored.append(number)
            case .skipped: break
            }
            written.merge(outcome.figures) { $1 }
            let region = OutputItem.region(outcome.items)
            if region != block.generated {
                report.differences.append(Self.difference(block: number, line: block.line, old: block.generated ?? [],
                                                          new: region ?? []))
            }
            block.generated = region
            emit(.code(block))
            if outcome.failed && !block.options.error {
                report.failed.append(number)
                if !options.keepGoing { report.stoppedAt = number; stopped = true }
            }
        }
        document.parts = parts
        if !stopped && !options.check { cache.prune(keeping: keys) }
        report.differences += figureDifferences(written, in: figureDirectory, removeStale: !stopped)
        let text = document.rendered()
        if !options.check {
            if text != original { try FileIO.writeAtomically(Array(text.utf8), to: absolute) }
        }
        return report
    }

    /// Figures that differ from the files beside the notebook (checking) and, after a
    /// complete run, figure files no block links any more (removed unless checking).
    private func figureDifferences(_ written: [String: String], in figureDirectory: String, removeStale: Bool) -> [String] {
        var differences: [String] = []
        for (link, file) in written.sorted(by: { $0.key < $1.key }) {
            let target = directory + "/" + link
            if file == target { continue }
            if FileManager.default.contents(atPath: file) != FileManager.default.contents(atPath: target) {
                differences.append("\(link) would change")
            }
        }
        guard removeStale, let names = try? FileManager.default.contentsOfDirectory(atPath: figureDirectory) else {
            return differences
        }
        for name in names.sorted() where NotebookSink.isFigureName(name) && written[figureFolder + "/" + name] == nil {
            if options.check {
                differences.append("\(figureFolder)/\(name) is no longer linked and would be removed")
            } else {
                try? FileManager.default.removeItem(atPath: figureDirectory + "/" + name)
            }
        }
        return differences
    }

    /// A diff-like description of a changed region: the lines that differ, old then new.
    static func difference(block: Int, line: Int, old: [String], new: [String]) -> String {
        var prefix = 0
        while prefix < min(old.count, new.count) && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(old.count, new.count) - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        let removed = old[prefix..<old.count - suffix], added = new[prefix..<new.count - suffix]
        let limit = 12
        func show(_ lines: ArraySlice<String>, _ sign: String) -> [String] {
            lines.prefix(limit).map { sign + " " + $0 } + (lines.count > limit ? ["\(sign) ... \(lines.count - limit) more lines"] : [])
        }
        return (["block \(block) (line \(line)): its output would change"] + show(removed, "-") + show(added, "+"))
            .joined(separator: "\n")
    }
}

/// Reading a notebook file, with errors that name it.
enum NotebookFile {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(path, "cannot read the notebook (no such file, or not readable)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw InputError(path, "the notebook is not UTF-8 text")
        }
        return text
    }
}
