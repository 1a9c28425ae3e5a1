import Foundation

/// `../shared/data` beside the package root, found from this file's path. A fresh clone has
/// no such folder; CI does, so tests that need it are skipped with a message when it is absent.
enum SharedData {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // AugmentTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .appendingPathComponent("../shared/data").standardizedFileURL

    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("README.md").path)
    }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}
