import Data
import Foundation
import Tensor

/// EDA over a label file the size of the competition's (12,954 rows for 12,047 images,
/// 2,669 positive with 3,576 regions), generated with elliptical regions at 1024 x 1024.
func dataBench() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-bench-train-rle.csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try syntheticLabelFile().write(to: url)

    var best = Double.infinity
    var stats: LabelStatistics?
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        let labels = try Labels(contentsOf: url.path)
        let s = LabelStatistics(labels)
        _ = (s.medianArea, s.areaQuantile(0.9), s.meanCoverage, s.coverageHistogram(bins: 20))
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        stats = s
    }
    guard let stats else { return }
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    print("label file: \(stats.rowCount) rows, \(stats.imageCount) images, \(stats.positiveCount) positive, \(size / 1024) KiB")
    print(String(format: "EDA (read + parse + unions + statistics): %.3f s (floor 0.5 s), best of 5", best))
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
