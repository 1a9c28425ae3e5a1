import Foundation

/// Where Pleura keeps its own files: `$XDG_STATE_HOME/pleura`, else `~/.local/state/pleura`.
enum StateDirectory {
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/pleura" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/pleura"
    }

    static var historyFile: String { path + "/history" }
    static var journals: String { path + "/journals" }

    /// Creates `directory` (and its parents) if needed.
    static func ensure(_ directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }
}
