import Core
import Foundation
import Imaging

/// Pleura's kernelspec: the folder Jupyter finds kernels by (`kernels/pleura` with
/// `kernel.json` and two logos), where to put it, and Jupyter's search path to list it.
/// https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs
public enum Kernelspec {
    public static let name = "pleura"

    /// The `kernel.json` that starts `executable` on a connection file.
    public static func json(executable: String) -> [String: Any] {
        ["argv": [executable, "kernel", "-f", "{connection_file}"],
         "display_name": "Pleura", "language": "pleura", "interrupt_mode": "message",
         "metadata": ["debugger": false]]
    }

    /// Jupyter's per-user data folder: `$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter`,
    /// else `~/.local/share/jupyter` (what jupyter_core uses on Linux).
    public static var userDataDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/jupyter" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/jupyter"
    }

    /// The data folder under an installation prefix (`--prefix DIR`, `--sys-prefix`).
    public static func dataDirectory(prefix: String) -> String { prefix + "/share/jupyter" }

    /// Every data folder Jupyter searches, first match wins: the user's, `$JUPYTER_PATH`,
    /// then the system-wide ones.
    public static var searchPath: [String] {
        let extra = ProcessInfo.processInfo.environment["JUPYTER_PATH"]?.split(separator: ":").map(String.init) ?? []
        return [userDataDirectory] + extra + ["/usr/local/share/jupyter", "/usr/share/jupyter"]
    }

    /// Writes the kernelspec into `dataDirectory/kernels/pleura`, replacing an older one;
    /// every file goes to a temporary name first. Returns the folder.
    @discardableResult
    public static func install(into dataDirectory: String, executable: String) throws -> String {
        let folder = dataDirectory + "/kernels/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var spec = try JSONSerialization.data(withJSONObject: json(executable: executable),
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        spec.append(UInt8(ascii: "\n"))
        try FileIO.writeAtomically(Array(spec), to: folder + "/kernel.json")
        for size in [32, 64] {
            try FileIO.writeAtomically(try KernelLogo.png(size: size), to: folder + "/logo-\(size)x\(size).png")
        }
        return folder
    }

    /// Installed Pleura kernelspecs, in search order.
    public static func installed() -> [String] {
        searchPath.map { $0 + "/kernels/" + name }
            .filter { FileManager.default.fileExists(atPath: $0 + "/kernel.json") }
    }

    /// Removes the kernelspec from `dataDirectory`; false when there was none.
    public static func uninstall(from dataDirectory: String) throws -> Bool {
        let folder = dataDirectory + "/kernels/" + name
        guard FileManager.default.fileExists(atPath: folder) else { return false }
        try FileManager.default.removeItem(atPath: folder)
        return true
    }
}
