import ArgumentParser
import Foundation
import Lang

/// Options every way of running statements shares.
struct SessionOptions: ParsableArguments {
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "The session seed (for `run`, overrides the seed in the script's header).")
    var seed: UInt64?

    @Option(help: "Colour output: auto (a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Option(name: .customLong("allow-write"), help: ArgumentHelp("Also allow writing under PATH (repeatable).", valueName: "PATH"))
    var allowWrite: [String] = []

    @Option(help: ArgumentHelp("A directory the session may write to, besides the working directory.", valueName: "DIR"))
    var out: String?

    /// Explicit flag first, then NO_COLOR, then whether stdout is a terminal.
    var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
            return isatty(STDOUT_FILENO) == 1
        }
    }

    /// A session writing to the console, seeded with `seed`, or else `fallbackSeed`.
    func makeSession(fallbackSeed: UInt64 = 0) -> Session {
        if let out { try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
        return Session(seed: seed ?? fallbackSeed, sink: Ranks.sink(ConsoleSink()),
                       sandbox: Sandbox(out: out, allowed: allowWrite, privateWrites: Ranks.privateWrites), color: useColor)
    }
}
