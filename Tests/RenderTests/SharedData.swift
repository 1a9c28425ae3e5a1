import Foundation

/// Locates the real sample files in `../shared/data` beside the package root.
enum SharedData {
    /// The package root: two folders up from this file (`Tests/RenderTests/`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let root = packageRoot.appendingPathComponent("../shared/data").standardizedFileURL.path

    static var isPresent: Bool { FileManager.default.fileExists(atPath: root + "/README.md") }

    /// The NIH chest X-ray: 512 x 512, 8-bit gray, pixel sum 33,590,126.
    static let chestPNG = root + "/cxr/00000001_000.png"
}
