import ArgumentParser
import Foundation
import Kernel
import Lang
import Tensor

/// `pleura kernel -f CONNECTION.json`: Pleura as a Jupyter kernel, with `install`, `list`
/// and `uninstall` for its kernelspec.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run as a Jupyter kernel (what a front end starts), or manage the Pleura kernelspec.",
        subcommands: [InstallKernel.self, ListKernels.self, UninstallKernel.self])

    @Option(name: .customShort("f"), help: ArgumentHelp("The connection file a Jupyter front end wrote.", valueName: "CONNECTION"))
    var connectionFile: String?

    @OptionGroup var options: SessionOptions

    @Option(help: "Worker threads. Reductions split by thread, so the notebook runner's count (2) gives its numbers.")
    var threads = 2

    func run() throws {
        Parallel.threadCount = threads
        guard let connectionFile else {
            throw ValidationError("give the connection file with -f (Jupyter does), or use `pleura kernel install`")
        }
        let connection: ConnectionFile
        do { connection = try ConnectionFile.load(connectionFile) } catch {
            Self.log("pleura kernel: \(error)")
            throw ExitCode.failure
        }
        // The REPL's session, journaled as the REPL journals it, so `pleura --recover`
        // replays a killed kernel's statements.
        let session = options.makeSession()
        session.color = false
        try StateDirectory.ensure(StateDirectory.journals)
        let journalPath = Recovery.newJournalPath()
        session.journal = try Journal(path: journalPath, seed: session.seed)
        Pleura.catchInterrupts()
        let kernel: Kernel
        do { kernel = try Kernel(connection: connection, session: session, log: Self.log) } catch {
            Self.log("pleura kernel: \(error)")
            throw ExitCode.failure
        }
        _ = kernel.run()
        // A clean shutdown (a restart too: the front end starts a fresh process) closes the journal.
        session.journal = nil
        try? FileManager.default.removeItem(atPath: journalPath)
    }

    /// One line on stderr, which Jupyter front ends show in their log.
    @Sendable static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Where a kernelspec goes: the user's Jupyter folder, or under an installation prefix.
struct KernelspecLocation: ParsableArguments {
    @Flag(help: "The user's Jupyter data folder (the default).")
    var user = false

    @Option(help: ArgumentHelp("Under DIR/share/jupyter, as `jupyter kernelspec install --prefix` does.", valueName: "DIR"))
    var prefix: String?

    @Flag(help: "Under /usr/local/share/jupyter, which every Jupyter on the machine searches.")
    var sysPrefix = false

    func validate() throws {
        if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
            throw ValidationError("give at most one of --user, --prefix and --sys-prefix")
        }
    }

    var dataDirectory: String {
        if let prefix { return Kernelspec.dataDirectory(prefix: URL(fileURLWithPath: prefix).standardizedFileURL.path) }
        if sysPrefix { return Kernelspec.dataDirectory(prefix: "/usr/local") }
        return Kernelspec.userDataDirectory
    }
}

struct InstallKernel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install the Pleura kernelspec for Jupyter.")

    @OptionGroup var location: KernelspecLocation

    func run() throws {
        // The absolute path of this very executable, so the kernelspec works from any folder.
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        do {
            let folder = try Kernelspec.install(into: location.dataDirectory, executable: executable)
            print("installed the Pleura kernelspec in \(folder)")
        } catch {
            KernelCommand.log("pleura kernel install: cannot write the kernelspec: \(error)")
            throw ExitCode.failure
        }
    }
}

struct ListKernels: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the installed Pleura kernelspecs, in Jupyter's search order.")

    func run() throws {
        let found = Kernelspec.installed()
        if found.isEmpty { print("no Pleura kernelspec is installed; `pleura kernel install` installs one") }
        for folder in found { print("pleura  \(folder)") }
    }
}

struct UninstallKernel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the Pleura kernelspec.")

    @OptionGroup var location: KernelspecLocation

    func run() throws {
        do {
            let folder = location.dataDirectory + "/kernels/" + Kernelspec.name
            print(try Kernelspec.uninstall(from: location.dataDirectory) ? "removed \(folder)" : "no Pleura kernelspec in \(folder)")
        } catch {
            KernelCommand.log("pleura kernel uninstall: \(error)")
            throw ExitCode.failure
        }
    }
}
