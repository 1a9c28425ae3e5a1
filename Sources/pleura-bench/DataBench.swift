import Core
import Data
import Foundation
import Tensor

/// The Data module's figures: label EDA at competition scale, synthetic generation, and
/// dataset loading cold and from the cache.
func dataBench() throws {
    try edaBench()
    try synthAndLoadBench()
}

/// Seconds one call of `body` takes (for work that must not be repeated, such as a cold load).
private func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// 200 synthetic images at 256 px (the generator's target: seconds), then 64 at the
/// competition's 1024 px loaded at 256: cold (DICOM decode + resize) and from the cache.
private func synthAndLoadBench() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-bench-synth-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    print("threads: \(Parallel.threadCount)")
    let small = try seconds { try Synth.generate(to: root + "/256", count: 200, size: 256, seed: 1) }
    print(String(format: "synth 200 images at 256 px (JPEG DICOM + CSV): %.2f s", small))
    let big = try seconds { try Synth.generate(to: root + "/1024", count: 64, size: 1024, seed: 1) }
    print(String(format: "synth 64 images at 1024 px: %.2f s", big))

    let settings = Preprocessing(size: 256), cache = root + "/cache"
    var dataset: Dataset?
    let cold = try seconds { dataset = try Dataset.load(root + "/1024", preprocessing: settings, cacheDirectory: cache) }
    let warm = try seconds { dataset = try Dataset.load(root + "/1024", preprocessing: settings, cacheDirectory: cache) }
    guard let dataset, dataset.report.cache == .hit else { print("cache was not used"); return }
    print(String(format: "load 64 DICOMs 1024 -> 256: cold %.2f s (%.1f images/s), cached %.3f s (%.0f images/s)",
                 cold, 64 / cold, warm, 64 / warm))
    let bytesPerImage = 256 * 256
    print("stored per image at 256 px: \(bytesPerImage) bytes; 12,047 images: \(12_047 * bytesPerImage / 1_048_576) MiB")
    print("peak resident memory: \(fmt(peakResidentMiB())) MiB")
}

/// EDA over a label file the size of the competition's (12,954 rows for 12,047 images,
/// 2,669 positive with 3,576 regions), generated with elliptical regions at 1024 x 1024.
private func edaBench() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-bench-train-rle.csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try syntheticLabelFile().write(to: url)

    var stats: LabelStatistics?
    let median = try medianSeconds {
        let s = LabelStatistics(try Labels(contentsOf: url.path))
        _ = (s.medianArea, s.areaQuantile(0.9), s.meanCoverage, s.coverageHistogram(bins: 20))
        stats = s
    }
    guard let stats else { return }
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    print("label file: \(stats.rowCount) rows, \(stats.imageCount) images, \(stats.positiveCount) positive, \(size / 1024) KiB")
    print("EDA (read + parse + unions + statistics): \(fmt(median, 3)) s (floor 0.5 s), median of 5")
    print("median union area: \(Int(stats.medianArea ?? 0)) px")
}

/// The CSV text: images with 1…10 regions in the competition's proportions, each region an
/// ellipse whose area is log-normal around 7,000 px (union median near the real 8,630).
private func syntheticLabelFile() -> Data {
    var rng = SeededGenerator(seed: 2019)
    let regionsPerPositive = [(1, 2_045), (2, 447), (3, 112), (4, 40), (5, 18), (6, 3), (7, 1), (8, 2), (10, 1)]
    var text = "ImageId, EncodedPixels\n"
    var image = 0
    func id() -> String { image += 1; return "1.2.276.0.7230010.3.1.4.8323329.\(image).1517875000.\(100_000 + image)" }
    for (regions, images) in regionsPerPositive {
        for _ in 0..<images {
            let name = id()
            for _ in 0..<regions { text += "\(name), \(RLE.encode(ellipse(&rng)))\n" }
        }
    }
    for _ in 0..<(12_047 - 2_669) { text += "\(id()), -1\n" }
    return Data(text.utf8)
}

private func ellipse(_ rng: inout SeededGenerator) -> [Run] {
    let size = 1024
    let area = min(160_000, max(60, 7_000 * exp(0.9 * rng.normal())))
    let aspect = rng.uniform(0.4, 2.5)
    let a = (area * aspect / Double.pi).squareRoot(), b = area / (Double.pi * a)   // half-width, half-height
    let cx = rng.uniform(a, Double(size) - a), cy = rng.uniform(b, Double(size) - b)
    var runs: [Run] = []
    for x in max(0, Int(cx - a))...min(size - 1, Int(cx + a)) {
        let dx = (Double(x) - cx) / a
        guard dx * dx < 1 else { continue }
        let half = b * (1 - dx * dx).squareRoot()
        let top = max(0, Int(cy - half)), bottom = min(size - 1, Int(cy + half))
        runs.append(Run(start: x * size + top, length: bottom - top + 1))
    }
    return runs
}
