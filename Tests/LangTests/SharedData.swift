import Foundation

/// The real sample files in `../shared/data` beside the package root (CI has them; a fresh
/// clone does not, and the tests that need them are skipped).
enum SharedData {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }   // Tests/LangTests/SharedData.swift
        return url.deletingLastPathComponent().appendingPathComponent("shared/data").standardizedFileURL.path
    }()

    static var isPresent: Bool { FileManager.default.fileExists(atPath: root + "/siim/train-rle.csv") }
}
