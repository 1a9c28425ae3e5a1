import Foundation
import Imaging

/// A fresh empty directory under the system temp folder, removed by `cleanup()`.
struct TempDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pleura-data-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ text: String, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }
}

/// A mask written as rows of 0/1 separated by `/`, e.g. "0110/0000" (2 rows, 4 columns).
func mask(_ rows: String) -> Mask {
    let lines = rows.split(separator: "/")
    let width = lines.first?.count ?? 0
    let pixels = lines.flatMap { $0.map { $0 == "1" ? UInt8(1) : 0 } }
    return Mask(width: width, height: lines.count, pixels: pixels)
}
