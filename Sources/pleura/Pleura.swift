import ArgumentParser
import CEditLine
import Core
import Data
import Foundation
import Lang
import Tensor

/// `pleura`: the interactive shell, one-liners (`-c`), journal recovery, and the
/// subcommands (`run`, `synthesize`, `notebook`).
@main
struct Pleura: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pleura",
        abstract: "A REPL and scripting language for chest X-ray pneumothorax segmentation.",
        version: Script.version,
        subcommands: [Run.self, Synthesize.self, NotebookCommand.self, KernelCommand.self])

    @OptionGroup var options: SessionOptions

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these statements (separated by `;`) and exit.", valueName: "STATEMENTS"))
    var statements: String?

    @Flag(help: "List the journals of sessions that did not end cleanly and offer to replay one.")
    var recover = false

    mutating func run() throws {
        if let statements {
            // Like statements piped to stdin: an error is reported and the rest still run;
            // the exit status says whether any failed.
            let session = options.makeSession()
            guard session.run(statements, name: "-c", keepGoing: true) else { throw ExitCode.failure }
            return
        }
        if recover {
            guard let journal = Recovery.choose() else { return }
            try interactive(replaying: journal)
            return
        }
        try interactive(replaying: nil)
    }

    /// The shell: libedit when stdin is a terminal, plain lines otherwise. The session is
    /// journaled as it goes; the journal is removed when the session ends cleanly.
    private func interactive(replaying recovered: String?) throws {
        let recoveredText = try recovered.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let session = options.makeSession(fallbackSeed: recoveredText.flatMap(Script.seed(in:)) ?? 0)
        try StateDirectory.ensure(StateDirectory.journals)
        let journalPath = Recovery.newJournalPath()
        session.journal = try Journal(path: journalPath, seed: session.seed)
        if let recovered, let recoveredText {
            session.print("replaying \(recovered)")
            session.run(recoveredText, name: recovered, keepGoing: true)
            try? FileManager.default.removeItem(atPath: recovered)
        }
        var editor: LineEditor?
        if isatty(STDIN_FILENO) == 1 {
            Self.catchInterrupts()
            editor = LineEditor(historyPath: StateDirectory.historyFile) { line, cursor in
                MetaCommands.complete(line, cursor: cursor, session: session) ?? session.complete(line, cursor: cursor)
            }
            session.print("Pleura \(Script.version). `help` lists the commands, `:help` the meta commands, Ctrl-D leaves.")
        }
        var repl = Repl(session: session, editor: editor)
        let succeeded = repl.run()
        session.journal = nil
        try? FileManager.default.removeItem(atPath: journalPath)
        if !succeeded && editor == nil { throw ExitCode.failure }
    }
}

extension Pleura {
    /// Ctrl-C requests cancellation instead of killing the process; the engine polls for it
    /// at safe points. SIGINT is unblocked first, since a parent may have blocked it.
    static func catchInterrupts() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        _ = Interrupt.process
        signal(SIGINT) { _ in Interrupt.process.request() }
    }
}

/// `pleura run FILE`: replays a script.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a .pleura script; the exit status says whether every statement succeeded.")

    @Argument(help: "The script to run.")
    var file: String

    @Flag(help: "Report errors and go on with the next statement.")
    var keepGoing = false

    @OptionGroup var options: SessionOptions

    func run() throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            let reason = FileManager.default.fileExists(atPath: file) ? "it is not readable UTF-8 text" : "there is no such file"
            Ranks.report("pleura: cannot run `\(file)`: \(reason)")
            Ranks.failed()
            throw ExitCode.failure
        }
        Ranks.catchStopRequests()
        let session = options.makeSession(fallbackSeed: Script.seed(in: text) ?? 0)
        guard session.run(text, name: file, keepGoing: keepGoing) else {
            Ranks.failed()
            throw ExitCode.failure
        }
    }
}

/// `pleura synth DIR`: writes a synthetic SIIM-style dataset, for trying Pleura without the
/// competition data.
struct Synthesize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth", abstract: "Write a synthetic chest X-ray dataset (DICOMs or PNGs plus train-rle.csv, and optionally a test folder).")

    @Argument(help: "The folder to write.")
    var directory: String

    @Option(help: "How many labelled training images.")
    var count = 100

    @Option(help: "How many unlabelled test images to write beside them (dicom-images-test/, or test/ for png).")
    var test = 0

    @Option(help: "Image side in pixels.")
    var size = 256

    @Option(help: "The seed; the same seed writes the same files.")
    var seed: UInt64 = 0

    @Option(help: "siim (DICOM folders) or png (train/ and masks/).")
    var layout = "siim"

    func run() throws {
        guard let chosen = SynthLayout(rawValue: layout) else {
            throw ValidationError("--layout must be " + SynthLayout.allCases.map(\.rawValue).joined(separator: " or "))
        }
        do {
            let made = try Synth.generate(to: directory, count: count, testCount: test, size: size, seed: seed, layout: chosen)
            let tests = made.testIds.isEmpty ? "" : " and \(made.testIds.count) unlabelled test images"
            print("wrote \(made.ids.count) images (\(made.positives) with pneumothorax, \(made.regions) regions)\(tests) to \(directory)")
        } catch {
            FileHandle.standardError.write(Data("pleura: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
