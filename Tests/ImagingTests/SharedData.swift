import Foundation

/// Locates the real sample files in `../shared/data` beside the package root.
enum SharedData {
    /// The package root: two folders up from this file (`Tests/ImagingTests/`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let root = packageRoot.appendingPathComponent("../shared/data").standardizedFileURL.path

    static var isPresent: Bool { FileManager.default.fileExists(atPath: root + "/README.md") }

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// The one real SIIM DICOM (ImageId ...6904.1517875201.850819).
    static let siimDICOM = path("siim/dicom-images-train/1.2.276.0.7230010.3.1.2.8323329.6904.1517875201.850818/1.2.276.0.7230010.3.1.3.8323329.6904.1517875201.850817/1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm")

    static let chestPNG = path("cxr/00000001_000.png")
}

/// A fresh folder under the system temp directory, for files a test writes.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "pleura-imaging-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
