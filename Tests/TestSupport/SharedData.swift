import Foundation

/// The real sample files in `../shared/data` beside the package root, found from this file's
/// path. CI has them; a fresh clone of this repository alone does not, and the tests that
/// need them are skipped with a message.
public enum SharedData {
    public static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // TestSupport
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .appendingPathComponent("../shared/data").standardizedFileURL.path

    public static var isPresent: Bool { FileManager.default.fileExists(atPath: path("README.md")) }

    public static func path(_ relative: String) -> String { root + "/" + relative }

    /// The one real SIIM DICOM (ImageId ...6904.1517875201.850819).
    public static let siimDICOM = path("siim/dicom-images-train/1.2.276.0.7230010.3.1.2.8323329.6904.1517875201.850818/1.2.276.0.7230010.3.1.3.8323329.6904.1517875201.850817/1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm")

    /// The NIH chest X-ray: 512 x 512, 8-bit gray, pixel sum 33,590,126.
    public static let chestPNG = path("cxr/00000001_000.png")
}
