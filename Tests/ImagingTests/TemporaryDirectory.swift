import Foundation

/// A fresh folder under the system temp directory, for files a test writes.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "pleura-imaging-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
