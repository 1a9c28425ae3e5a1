import Core
import Foundation
import Imaging
import Testing
import Data
import TestSupport

/// Statistics from the label file alone (run-length arithmetic) against the same statistics
/// from decoded masks.
@Suite struct LabelOnlyStatisticsTests {
    /// Hand-worked 4x4 masks (rows written top to bottom): the regions 8-connectivity gives.
    @Test func regionCountsOfHandWorkedMasks() {
        let cases: [(String, Int)] = [
            ("0000/0110/0110/0000", 1),
            ("1000/0100/0010/0001", 1),   // a diagonal is one region under 8-connectivity
            ("1001/0000/0000/1001", 4),
            ("1100/0000/0011/0000", 2),
            ("1111/1111/1111/1111", 1),   // one run across every column
            ("0000/0000/0000/0000", 0),
            ("1010/0000/1010/0000", 4),
            ("1000/0000/0100/0000", 2),   // two rows apart: not neighbours
        ]
        for (rows, regions) in cases {
            let m = mask(rows)
            #expect(RLE.regionCount(RLE.runs(of: m), height: m.height) == regions, "\(rows)")
            #expect(Components(m).count == regions, "\(rows)")
        }
    }

    /// Random masks: the run count equals the decoded count.
    @Test func regionCountsMatchConnectedComponents() {
        var rng = SeededGenerator(seed: 2026)
        for trial in 0..<200 {
            let w = Int.random(in: 1...12, using: &rng), h = Int.random(in: 1...12, using: &rng)
            let density = Double.random(in: 0.05...0.6, using: &rng)
            let m = Mask(width: w, height: h, pixels: (0..<(w * h)).map { _ in Double.random(in: 0..<1, using: &rng) < density ? 1 : 0 })
            #expect(RLE.regionCount(RLE.runs(of: m), height: h) == Components(m).count, "trial \(trial): \(w)x\(h) \(m.pixels)")
        }
    }

    /// The 50 real rows: each image's region count from its runs equals the 8-connected
    /// components of its decoded 1024² union, and the four overlapping rows of
    /// `...32579...` make fewer regions than rows.
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func realLabelsRegionsMatchDecodedMasks() throws {
        let labels = try Labels(contentsOf: SharedData.path("siim/train-rle.csv"))
        for image in labels.images {
            let decoded = RLE.mask(image.union, width: 1024, height: 1024)
            #expect(RLE.regionCount(image.union, height: 1024) == Components(decoded).count, "\(image.id)")
            #expect(decoded.area == image.area)
        }
        let overlapping = try #require(labels.images.first { $0.id.hasSuffix("32579.1517875161.299312") })
        #expect(overlapping.rows.count == 4 && overlapping.area == 16_904)
        #expect(RLE.regionCount(overlapping.union, height: 1024) < 4)
    }

    /// A dataset loaded at the labels' own size has, image by image, the areas and region
    /// counts that the labels give by run arithmetic.
    @Test func labelsAndAFullSizeDatasetAgree() throws {
        let dir = try TemporaryDirectory("labels-stats")
        defer { dir.remove() }
        try Synth.generate(to: dir.path, count: 12, size: 64, seed: 9, positiveRate: 0.5)
        let labels = try Labels(contentsOf: dir.path + "/train-rle.csv", width: 64, height: 64)
        let dataset = try Dataset.load(dir.path, preprocessing: Preprocessing(size: 64), cacheDirectory: nil)
        #expect(dataset.count == labels.images.count)
        let stats = LabelStatistics(labels)
        #expect(stats.positiveCount == dataset.positive.filter { $0 }.count)
        for (i, id) in dataset.ids.enumerated() {
            let label = try #require(labels[id])
            #expect(label.area == dataset.areas[i], "\(id)")
            let runs = try #require(dataset.masks[i])
            #expect(RLE.regionCount(label.union, height: 64)
                    == Components(RLE.mask(runs, width: 64, height: 64)).count, "\(id)")
        }
        #expect(abs(stats.meanCoverage - Double(dataset.areas.reduce(0, +)) / Double(64 * 64 * dataset.count)) < 1e-15)
    }

    /// `headers` of a synthetic SIIM folder: one row per DICOM, with the metadata the loader
    /// reads from the same files.
    @Test func headersMatchTheLoadedMetadata() throws {
        let dir = try TemporaryDirectory("headers")
        defer { dir.remove() }
        try Synth.generate(to: dir.path, count: 7, size: 64, seed: 3)
        let headers = try DICOMHeaders(folder: dir.path)
        #expect(headers.rows.count == 7 && headers.unreadable.isEmpty)
        let dataset = try Dataset.load(dir.path, preprocessing: Preprocessing(size: 32), cacheDirectory: nil)
        for row in headers.rows {
            let i = try #require(dataset.ids.firstIndex(of: row.id))
            #expect(Metadata(row.metadata) == dataset.metadata[i])
            #expect(row.metadata.rows == 64 && row.metadata.columns == 64)
        }
        #expect(throws: InputError.self) { try DICOMHeaders(folder: dir.path + "/absent") }
    }
}
