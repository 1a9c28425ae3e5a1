import Foundation
import Core
import Imaging
import Tensor

/// The folder layout `Synth.generate` writes.
public enum SynthLayout: String, Sendable, CaseIterable {
    /// `dicom-images-train/<study>/<series>/<SOPInstanceUID>.dcm` as JPEG-baseline DICOMs.
    case siim
    /// `train/<ImageId>.png` with same-named 0/255 `masks/<ImageId>.png`.
    case png
}

/// What `Synth.generate` wrote.
public struct SynthSummary: Sendable, Equatable {
    public let folder: String
    public let layout: SynthLayout
    /// ImageIds in generation order (index 0 first).
    public let ids: [String]
    /// ImageIds of the unlabelled test images, in generation order.
    public let testIds: [String]
    public let positives: Int
    /// Label rows written for positive images (one per region).
    public let regions: Int
}

/// A synthetic SIIM-format dataset: procedural chest radiographs (`SynthRadiograph`) with
/// pneumothorax in about 22% of them, written in the competition's layout with a
/// relative-RLE `train-rle.csv` holding one row per region (`-1` for negatives).
///
/// Image `i` of a set depends only on the seed and `i` (each has its own forked generator),
/// so generation runs in parallel and the same seed always gives the same bytes.
public enum Synth {
    /// The radiograph `index` of the set drawn with `seed`, exactly as `generate` writes it.
    public static func radiograph(index: Int, seed: UInt64, size: Int, positiveRate: Double = 0.22) -> SynthRadiograph {
        var root = SeededGenerator(seed: seed)
        var rng = root.fork(UInt64(index))
        return SynthRadiograph(size: size, positiveRate: positiveRate, rng: &rng)
    }

    /// The SIIM-style SOPInstanceUID of image `index` (with its study and series UIDs).
    public static func uids(index: Int, seed: UInt64) -> (study: String, series: String, instance: String) {
        // As in the competition files: study suffix = instance - 1, series = instance - 2.
        let stamp = 1_517_875_000 + Int(seed % 100_000), instance = 100_002 + 3 * index
        func uid(_ kind: Int, _ suffix: Int) -> String { "1.2.276.0.7230010.3.1.\(kind).8323329.\(index + 1).\(stamp).\(suffix)" }
        return (uid(2, instance - 1), uid(3, instance - 2), uid(4, instance))
    }

    /// Writes `count` images of `size` x `size` into `folder` in `layout`, plus
    /// `train-rle.csv`, and `testCount` unlabelled test images beside them
    /// (`dicom-images-test/`, or `test/` for PNGs): images `count..<count + testCount` of the
    /// same seed, so the training files do not depend on `testCount`. Checks `Interrupt`
    /// between images.
    @discardableResult
    public static func generate(to folder: String, count: Int, testCount: Int = 0, size: Int = 256, seed: UInt64,
                                layout: SynthLayout = .siim, positiveRate: Double = 0.22) throws -> SynthSummary {
        guard count >= 1, count <= 1_000_000 else { throw InputError(folder, "count \(count) is outside 1...1000000") }
        guard testCount >= 0, testCount <= 1_000_000 else { throw InputError(folder, "test count \(testCount) is outside 0...1000000") }
        guard (32...4096).contains(size) else { throw InputError(folder, "size \(size) is outside 32...4096") }
        guard (0...1).contains(positiveRate) else { throw InputError(folder, "positive rate \(positiveRate) is outside 0...1") }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        let total = count + testCount
        var rows = [[String]](repeating: [], count: total)
        var regions = [Int](repeating: 0, count: total)
        var failures = [String?](repeating: nil, count: total)
        let interrupt = Interrupt.current
        rows.withUnsafeMutableBufferPointer { rows in
            regions.withUnsafeMutableBufferPointer { regions in
                failures.withUnsafeMutableBufferPointer { failures in
                    Parallel.forEach(total) { i in
                        if interrupt.isRequested { return }
                        do {
                            (rows[i], regions[i]) = try write(index: i, seed: seed, size: size, positiveRate: positiveRate,
                                                              layout: layout, test: i >= count, folder: folder)
                        } catch {
                            failures[i] = "\(error)"
                        }
                    }
                }
            }
        }
        try interrupt.check()
        if let failure = failures.lazy.compactMap({ $0 }).first { throw InputError(folder, "could not write: \(failure)") }

        var csv = "ImageId, EncodedPixels\n"
        for lines in rows[..<count] { for line in lines { csv += line + "\n" } }
        try FileIO.writeAtomically(Array(csv.utf8), to: (folder as NSString).appendingPathComponent("train-rle.csv"))
        return SynthSummary(folder: folder, layout: layout, ids: (0..<count).map { uids(index: $0, seed: seed).instance },
                            testIds: (count..<total).map { uids(index: $0, seed: seed).instance },
                            positives: regions[..<count].filter { $0 > 0 }.count, regions: regions[..<count].reduce(0, +))
    }

    /// Renders and writes image `index` (into the test folder when `test`, without a mask
    /// file); returns its CSV rows and its number of regions.
    private static func write(index: Int, seed: UInt64, size: Int, positiveRate: Double,
                              layout: SynthLayout, test: Bool, folder: String) throws -> ([String], Int) {
        let picture = radiograph(index: index, seed: seed, size: size, positiveRate: positiveRate)
        let ids = uids(index: index, seed: seed)
        func path(_ parts: String...) throws -> String {
            let path = ([folder] + parts).joined(separator: "/")
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            return path
        }
        switch layout {
        case .siim:
            var header = DICOMMetadata(sopInstanceUID: ids.instance, studyInstanceUID: ids.study,
                                       seriesInstanceUID: ids.series, patientID: ids.instance, modality: "CR",
                                       patientSex: picture.metadata.sex, viewPosition: picture.metadata.view)
            header.patientAge = picture.metadata.age.flatMap { DICOMAge(String($0)) }
            // The competition's detectors are about 0.17 mm per pixel at 1024.
            let spacing = (0.168 * 1024 / Double(size) * 1000).rounded() / 1000
            header.pixelSpacing = [spacing, spacing]
            let bytes = try DICOMWriter.jpegBaseline(pixels: picture.pixels, width: size, height: size, metadata: header)
            try FileIO.writeAtomically(bytes, to: try path(test ? "dicom-images-test" : "dicom-images-train",
                                                           ids.study, ids.series, ids.instance + ".dcm"))
        case .png:
            try FileIO.writeAtomically(try PNG.encodeGray8(width: size, height: size, pixels: picture.pixels),
                                       to: try path(test ? "test" : "train", ids.instance + ".png"))
            if test { break }
            let mask = picture.mask.pixels.map { $0 != 0 ? UInt8(255) : 0 }
            try FileIO.writeAtomically(try PNG.encodeGray8(width: size, height: size, pixels: mask),
                                       to: try path("masks", ids.instance + ".png"))
        }
        if picture.regions.isEmpty { return (["\(ids.instance), -1"], 0) }
        return (picture.regions.map { "\(ids.instance), \(RLE.encode($0))" }, picture.regions.count)
    }
}
