import ArgumentParser
import Foundation
import Core
import Imaging
import Notebook
import Tensor

/// `pleura notebook run|export`: literate Markdown notebooks.
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook", abstract: "Run, check and export Markdown notebooks (```pleura blocks).",
        subcommands: [RunNotebook.self, ExportNotebook.self, ImportNotebook.self])
}

/// `pleura notebook run NB.md`: runs every block and writes the outputs into the file.
struct RunNotebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a notebook's blocks in one session and write each block's output below it.",
        discussion: """
            Text goes in a fenced `text` block between <!-- pleura:output --> and <!-- pleura:end --> \
            markers, figures into NAME_files/ as PNG, errors inline. Only those parts change. \
            Block options: ```pleura {echo=false, skip=true, cache=true|false|auto, error=true}. \
            Blocks that take a second or more are cached in NAME_files/.cache/ by their text, \
            options, the parameters and every block before them.
            """)

    @Argument(help: "The notebook (Markdown).")
    var notebook: String

    @Flag(help: "Run without writing anything; exit non-zero, showing what differs, if any output would change.")
    var check = false

    @Flag(help: "Go on past a failing block (the exit status still reports the failure).")
    var keepGoing = false

    @Option(name: .customLong("param"), help: ArgumentHelp("Override a variable the first block assigns (repeatable).", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Flag(help: "Ignore cached blocks and run everything.")
    var refresh = false

    @Option(help: "The session seed.")
    var seed: UInt64 = 0

    @Option(help: "Worker threads. Reductions split by thread, so a fixed count keeps outputs identical across machines.")
    var threads = 2

    func run() throws {
        Parallel.threadCount = threads
        Pleura.catchInterrupts()
        signal(SIGINT) { _ in
            Interrupt.process.request()
            RunInterruption.note()
        }
        Ranks.catchStopRequests()
        var options = RunOptions()
        options.check = check
        options.keepGoing = keepGoing
        options.refresh = refresh
        options.seed = seed
        if Ranks.world.size > 1 {
            // Every rank runs every block (a rank restoring a block from the cache while
            // another runs it would leave their collectives unmatched); only rank 0 writes
            // the notebook, its figures and its cache.
            options.refresh = true
            options.check = options.check || Ranks.world.rank != 0
            options.privateWrites = Ranks.privateWrites
        }
        let report: RunReport
        do {
            options.parameters = try parameters.map(NotebookParameter.init(parsing:))
            report = try NotebookRunner(path: notebook, options: options).run()
        } catch {
            Ranks.report("pleura: \(error)")
            Ranks.failed()
            throw ExitCode.failure
        }
        if !report.succeeded && Ranks.world.size > 1 {
            Ranks.report("pleura: \(notebook): block(s) " + report.failed.map(String.init).joined(separator: ", ") + " failed")
            Ranks.failed()
        }
        // The other ranks ran the same blocks; rank 0 reports for the job.
        guard Ranks.world.rank == 0 else { return }
        var lines: [String] = []
        if check {
            lines += report.differences
            lines.append(report.differences.isEmpty ? "\(notebook): up to date" : "\(notebook): \(report.differences.count) difference(s); run `pleura notebook run \(notebook)` to update it")
        } else {
            var summary = "\(notebook): ran \(report.ran.count) block(s)"
            if !report.restored.isEmpty { summary += ", \(report.restored.count) from the cache" }
            lines.append(summary + (report.differences.isEmpty ? ", no output text changed" : ", \(report.differences.count) output(s) updated"))
        }
        if !report.failed.isEmpty {
            lines.append("failed: block(s) " + report.failed.map(String.init).joined(separator: ", ")
                         + (report.stoppedAt.map { "; stopped at block \($0) (--keep-going runs the rest)" } ?? ""))
        }
        let stream = report.succeeded && (!check || report.differences.isEmpty) ? FileHandle.standardOutput : FileHandle.standardError
        stream.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if !report.succeeded || (check && !report.differences.isEmpty) { throw ExitCode.failure }
    }
}

/// `pleura notebook export NB.md --html OUT --ipynb OUT`: the notebook with its last outputs.
struct ExportNotebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a notebook with its outputs as one self-contained HTML page and/or a Jupyter notebook.")

    @Argument(help: "The notebook (Markdown), as its last run left it.")
    var notebook: String

    @Option(help: ArgumentHelp("Write an HTML page (figures embedded).", valueName: "OUT.html"))
    var html: String?

    @Option(help: ArgumentHelp("Write a Jupyter notebook (nbformat 4).", valueName: "OUT.ipynb"))
    var ipynb: String?

    func validate() throws {
        if html == nil && ipynb == nil { throw ValidationError("give --html OUT.html, --ipynb OUT.ipynb or both") }
    }

    func run() throws {
        do {
            let export = try NotebookExport(path: notebook)
            if let html {
                try FileIO.writeAtomically(Array(export.html().utf8), to: html)
                print("wrote \(html)")
            }
            if let ipynb {
                try FileIO.writeAtomically(Array(try export.ipynb()), to: ipynb)
                print("wrote \(ipynb)")
            }
        } catch {
            FileHandle.standardError.write(Data("pleura: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
