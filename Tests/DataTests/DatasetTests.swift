import Foundation
import Core
import Imaging
import Tensor
import Testing
import Data
import TestSupport

/// Writes an 8-bit gray PNG whose pixel (x, y) is `value(x, y)`.
private func writePNG(_ path: String, width: Int = 16, height: Int = 16, _ value: (Int, Int) -> UInt8) throws {
    var pixels = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height { for x in 0..<width { pixels[y * width + x] = value(x, y) } }
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try FileIO.writeAtomically(try PNG.encodeGray8(width: width, height: height, pixels: pixels), to: path)
}

/// train/a.png and train/b.png (16 x 16, intensity 16 x), masks/a.png (a 6 x 6 square at
/// (2, 2)), and masks/c.png without an image.
private func makePNGLayout(_ dir: TemporaryDirectory) throws -> String {
    let root = dir.path
    try writePNG(root + "/train/a.png") { x, _ in UInt8(16 * x) }
    try writePNG(root + "/train/b.png") { x, _ in UInt8(16 * x) }
    try writePNG(root + "/masks/a.png") { x, y in (2..<8).contains(x) && (2..<8).contains(y) ? 255 : 0 }
    try writePNG(root + "/masks/c.png") { _, _ in 0 }
    try writePNG(root + "/test/t.png") { _, _ in 7 }
    return root
}

extension InterruptibleWork {
    @Suite struct DatasetLoading {
        @Test func loadsThePNGLayout() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let root = try makePNGLayout(dir)
            // b has no mask: left out by default, kept unlabelled on request.
            let labelled = try Dataset.load(root, preprocessing: Preprocessing(size: 8), cacheDirectory: nil)
            #expect(labelled.ids == ["a"] && labelled.report.imagesWithoutLabels == ["b"])
            let ds = try Dataset.load(root, preprocessing: Preprocessing(size: 8), selection: DatasetSelection(unlabelled: .keep),
                                      cacheDirectory: nil)
            #expect(ds.layout == .png)
            #expect(ds.ids == ["a", "b"])
            // Halving averages columns 2i and 2i + 1: (32i + 32i + 16) / 2 = 32i + 8.
            let ramp: [UInt8] = (0..<64).map { k in UInt8(32 * (k % 8) + 8) }
            #expect(try Array(ds.pixels(of: 0)) == ramp)
            // The 6 x 6 square at (2, 2) covers whole 2 x 2 blocks 1...3 in each direction.
            let expected: [UInt8] = (0..<64).map { k in (1...3).contains(k % 8) && (1...3).contains(k / 8) ? 1 : 0 }
            #expect(try ds[0].mask?.pixels == expected)
            #expect(try ds[1].mask == nil)
            #expect(ds.report.imagesWithoutLabels == ["b"])
            #expect(ds.report.labelsWithoutImage == ["c"])
            #expect(ds.areas == [9, 0])
            #expect(try ds[0].image.pixels[1] == Float(40) / 255)
        }

        @Test func claheRunsAfterTheResizeAndKeysTheCache() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let root = try makePNGLayout(dir), cache = dir.path + "/cache"
            let plain = try Dataset.load(root, preprocessing: Preprocessing(size: 8), cacheDirectory: cache)
            let settings = Preprocessing(size: 8, clahe: CLAHESettings(clipLimit: 0.02, kernelSize: 4))
            let equalised = try Dataset.load(root, preprocessing: settings, cacheDirectory: cache)
            #expect(equalised.report.cache == .rebuilt(reason: "no entry"))
            let expected = Quantize.toUInt8(CLAHE.skimage(try plain[0].image, kernelSize: (4, 4), clipLimit: 0.02).pixels)
            #expect(try Array(equalised.pixels(of: 0)) == expected)
            #expect(try Array(equalised.pixels(of: 0)) != Array(plain.pixels(of: 0)))
        }

        @Test func skipsAndReportsUnreadableImages() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let root = dir.path
            try writePNG(root + "/a.png") { _, _ in 10 }
            try dir.write("not a png", to: "b.png")
            try writePNG(root + "/c.png") { _, _ in 30 }
            let ds = try Dataset.load(root, preprocessing: Preprocessing(size: 8), cacheDirectory: nil)
            #expect(ds.ids == ["a", "c"])
            #expect(ds.report.unreadable.count == 1)
            #expect(ds.report.unreadable.first?.contains("b.png") == true)
            #expect(try ds.pixels(of: 1).allSatisfy { $0 == 30 })
            #expect(try ds.pixels(of: 0).allSatisfy { $0 == 10 })
        }

        @Test func loadsAnUnlabelledFolder() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let test = try makePNGLayout(dir) + "/test"
            let ds = try Dataset.load(test, preprocessing: Preprocessing(size: 32), cacheDirectory: nil)
            #expect(ds.layout == .unlabelled)
            #expect(ds.ids == ["t"])
            #expect(try ds[0].mask == nil)
            // Growing a constant image keeps it constant.
            #expect(try ds.pixels(of: 0).allSatisfy { $0 == 7 })
            #expect(ds.report == { var r = LoadReport(); r.cache = .none; return r }())
        }

        @Test func rejectsAFolderWithoutImages() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            try dir.write("x", to: "notes.txt")
            #expect(throws: InputError.self) { try Dataset.load(dir.path, cacheDirectory: nil) }
            #expect(throws: InputError.self) { try Dataset.load(dir.path + "/absent", cacheDirectory: nil) }
        }

        @Test func cacheHitsThenDetectsStaleAndCorruptEntries() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let root = try makePNGLayout(dir), cache = dir.path + "/cache"
            let settings = Preprocessing(size: 8)
            func load(_ root: String, preprocessing: Preprocessing, cacheDirectory: String) throws -> Dataset {
                try Dataset.load(root, preprocessing: preprocessing, selection: DatasetSelection(unlabelled: .keep),
                                 cacheDirectory: cacheDirectory)
            }

            let first = try load(root, preprocessing: settings, cacheDirectory: cache)
            #expect(first.report.cache == .rebuilt(reason: "no entry"))
            let second = try load(root, preprocessing: settings, cacheDirectory: cache)
            #expect(second.report.cache == .hit)
            #expect(second.ids == first.ids && second.masks == first.masks)
            #expect(try Array(second.pixels(of: 1)) == Array(first.pixels(of: 1)))
            #expect(second.report.labelsWithoutImage == ["c"] && second.report.imagesWithoutLabels == ["b"])

            // Other settings get their own entry.
            #expect(try load(root, preprocessing: Preprocessing(size: 16), cacheDirectory: cache).report.cache
                    == .rebuilt(reason: "no entry"))

            // A changed source makes the entry stale.
            try writePNG(root + "/train/b.png", width: 20, height: 20) { _, _ in 200 }
            let third = try load(root, preprocessing: settings, cacheDirectory: cache)
            guard case .rebuilt(let reason) = third.report.cache else { Issue.record("expected a rebuild"); return }
            #expect(reason.hasPrefix("stale"))
            #expect(try third.pixels(of: 1).allSatisfy { $0 == 200 })

            // A damaged entry is detected by its checksum and rebuilt.
            let entries = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".pleuracache") }
            for entry in entries {
                let path = cache + "/" + entry
                var bytes = try FileIO.read(path: path)
                bytes[bytes.count - 20] ^= 0xFF
                try FileIO.writeAtomically(bytes, to: path)
            }
            let fourth = try load(root, preprocessing: settings, cacheDirectory: cache)
            #expect(fourth.report.cache == .rebuilt(reason: "corrupt: index checksum mismatch"))
            #expect(try Array(fourth.pixels(of: 1)) == Array(third.pixels(of: 1)))
            #expect(try load(root, preprocessing: settings, cacheDirectory: cache).report.cache == .hit)

            // A truncated entry is detected too.
            for entry in entries {
                let path = cache + "/" + entry
                try FileIO.writeAtomically(Array(try FileIO.read(path: path).prefix(30)), to: path)
            }
            guard case .rebuilt(let cut) = try load(root, preprocessing: settings, cacheDirectory: cache).report.cache else {
                Issue.record("expected a rebuild"); return
            }
            #expect(cut.hasPrefix("corrupt"))
        }

        @Test func interruptStopsALoad() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let root = try makePNGLayout(dir)
            // A source of its own: the process's flag is shared with every test running beside this one.
            let interrupt = InterruptSource()
            interrupt.request()
            Interrupt.$current.withValue(interrupt) {
                #expect(throws: Interrupted.self) { try Dataset.load(root, preprocessing: Preprocessing(size: 8), cacheDirectory: nil) }
            }
            #expect(!interrupt.isRequested, "the load consumed the request")
        }

        @Test func intensityAndSubsetsComeFromStoredPixels() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let ds = try Dataset.load(try makePNGLayout(dir), preprocessing: Preprocessing(size: 8),
                                      selection: DatasetSelection(unlabelled: .keep), cacheDirectory: nil)
            // Both images store 32i + 8 for i in 0..<8: mean 120/255, variance 32² (8² - 1) / 12.
            let (mean, std) = ds.intensity
            #expect(abs(mean - 120.0 / 255) < 1e-12)
            #expect(abs(std - (1024.0 * 63 / 12).squareRoot() / 255) < 1e-12)
            let part = ds.subset([1])
            #expect(part.ids == ["b"] && part.count == 1)
            #expect(try Array(part.pixels(of: 0)) == Array(ds.pixels(of: 1)))
        }

        /// The real competition DICOM and label sample in ../shared/data/siim.
        @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
        func loadsTheRealSIIMSample() throws {
            let ds = try Dataset.load(SharedData.path("siim"), preprocessing: Preprocessing(size: 256), cacheDirectory: nil)
            #expect(ds.layout == .siim)
            #expect(ds.ids == ["1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819"])
            #expect(ds.metadata[0] == Metadata(sex: "M", age: 62, view: "PA"))
            // Its label row is -1: labelled, empty.
            #expect(try ds[0].mask?.isEmpty == true)
            #expect(ds.labels?.images.count == 40)
            // The other 39 labelled images have no DICOM here: reported, not fatal.
            #expect(ds.report.labelsWithoutImage.count == 39)
            #expect(ds.report.unreadable.isEmpty && ds.report.imagesWithoutLabels.isEmpty)
            // 4 x 4 block sums of the decoded pixels (numpy over pydicom) give 10,513,874 when each
            // mean rounds half up; 4,350 blocks sit exactly on .5, which Float may round either way.
            let sum = try ds.pixels(of: 0).reduce(0) { $0 + Int($1) }
            #expect((10_509_524...10_513_874).contains(sum))
        }
    }
}
