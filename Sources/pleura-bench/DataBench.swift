import Augment
import Core
import Data
import Foundation
import Imaging
import Segmentation
import Synchronization
import Tensor

/// The Data module's figures: label EDA at competition scale, decoding, loading a
/// full-size set (time, memory, then from the cache), and how fast it streams to `fit`.
func dataBench() throws {
    try edaBench()
    try decodeBench()
    try fullScaleBench()
}

/// Seconds one call of `body` takes (for work that must not be repeated, such as a cold load).
private func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Decoding a real SIIM JPEG DICOM (../shared/data) and resizing it to 256 px, the
/// loader's work per image: ms per image on one thread and images/s on every core, from
/// rounds that alternate the two settings (so machine load hits both alike), medians.
private func decodeBench() throws {
    let folder = "../shared/data/siim/dicom-images-train"
    guard let found = FileManager.default.enumerator(atPath: folder)?
        .first(where: { ($0 as? String)?.hasSuffix(".dcm") == true }) as? String else {
        print("decode: no real DICOM in \(folder); skipped")
        return
    }
    let path = folder + "/" + found
    let bytes = try FileIO.read(path: path)
    let saved = Parallel.threadCount, cores = ProcessInfo.processInfo.activeProcessorCount
    defer { Parallel.threadCount = saved }
    let perRound = 40
    var single: [Double] = [], all: [Double] = []
    for _ in 0..<7 {
        for threads in [1, cores] {
            Parallel.threadCount = threads
            let failure = Mutex<(any Error)?>(nil)
            let time = seconds {
                Parallel.forEach(perRound) { _ in
                    do {
                        _ = try DICOMFile(bytes: bytes, source: path).image(width: 256, height: 256)
                    } catch {
                        failure.withLock { $0 = error }
                    }
                }
            }
            if let error = failure.withLock({ $0 }) { throw error }
            if threads == 1 { single.append(time / Double(perRound)) } else { all.append(time / Double(perRound)) }
        }
    }
    let one = single.sorted()[single.count / 2], many = all.sorted()[all.count / 2]
    print("decode \(bytes.count / 1024) KiB JPEG DICOM 1024² + resize to 256 (\(found.split(separator: "/").last ?? "")):")
    print("  1 thread: \(fmt(one * 1000, 2)) ms/image (median of 7 rounds of \(perRound))")
    print("  \(cores) threads: \(fmt(1 / many, 0)) images/s (\(fmt(many * 1000, 2)) ms/image)")
}

/// Loads a full-size set in the competition layout at 512 px: cold (decoding every image
/// into a new cache file) with its wall time, peak RSS and peak anonymous memory, then
/// again from the cache; then a `fit` at 512 px, batch 2, with the siim2019 augmentation,
/// over a bounded number of batches, and the share of time the trainer waited for data.
///
/// The set is the folder named by PLEURA_BENCH_SIIM, else one generated in a temporary
/// folder with PLEURA_BENCH_COUNT images (default 1,000; the issue's figure is at 12,047).
private func fullScaleBench() throws {
    let environment = ProcessInfo.processInfo.environment
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-bench-data-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let folder: String
    if let given = environment["PLEURA_BENCH_SIIM"], !given.isEmpty {
        folder = given
    } else {
        let count = environment["PLEURA_BENCH_COUNT"].flatMap { Int($0) } ?? 1_000
        folder = scratch + "/siim"
        let made = try seconds { try Synth.generate(to: folder, count: count, size: 1024, seed: 7) }
        print("generated \(count) 1024² JPEG DICOMs in \(fmt(made)) s (set PLEURA_BENCH_SIIM to use an existing set)")
    }
    let cache = scratch + "/cache", settings = Preprocessing(size: 512)
    let memory = AnonymousMemoryMonitor()
    var dataset: Dataset?
    let cold = try seconds { dataset = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache) }
    let peaks = memory.stop()
    guard let loaded = dataset else { return }
    let count = loaded.count
    print("load \(count) images at 512 px from \(folder):")
    print("  cold (decode into the cache file): \(fmt(cold)) s, \(fmt(Double(count) / cold)) images/s, cache: \(loaded.report.cache)")
    print("  anonymous memory (RssAnon): \(fmt(peaks.baseline)) MiB before, peak \(fmt(peaks.peak)) MiB "
          + "(+\(fmt(peaks.peak - peaks.baseline)) MiB for the load); peak RSS (VmHWM) \(fmt(peaks.hwm)) MiB")
    print("  pixels: \((count * 512 * 512) >> 20) MiB, in the mapped cache file (file-backed, not anonymous)")
    dataset = nil
    var again: Dataset?
    let warm = try seconds { again = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache) }
    guard let reloaded = again else { return }
    print("  second load, from the cache: \(fmt(warm, 3)) s (\(reloaded.report.cache == .hit ? "hit" : "not a hit: \(reloaded.report.cache)"))")
    try streamingBench(reloaded)
}

/// A `fit` at 512 px, batch 2, siim2019 augmentation, on unet(base=16, depth=4), over one
/// epoch of a bounded subset, with the wait share from the loader's own counters.
private func streamingBench(_ dataset: Dataset) throws {
    let batches = Int(ProcessInfo.processInfo.environment["PLEURA_BENCH_BATCHES"] ?? "") ?? 12
    let labelled = (0..<dataset.count).filter { dataset.masks[$0] != nil }
    let train = dataset.subset(Array(labelled.prefix(2 * batches)))
    var config = ModelConfig(.unet)
    config.base = 16
    config.depth = 4
    var options = FitOptions(loss: BinaryCrossEntropy())
    options.batchSize = 2
    options.augmentation = try Presets.siim2019(size: 512)
    options.seed = 1
    let trainer = try Trainer(model: try makeModel(config), options: options)
    let history = try trainer.fit(train: train, validation: nil)
    guard let record = history.records.first, let wait = record.dataWaitSeconds, let made = record.dataSeconds else { return }
    print("fit \(config.call) at 512 px, batch 2, siim2019 augmentation, \(train.count / 2) batches (one epoch of the first "
          + "\(train.count) labelled images; PLEURA_BENCH_BATCHES sets it):")
    print("  \(fmt(record.seconds)) s training, waited for data \(fmt(wait, 2)) s = \(fmt(100 * wait / record.seconds, 2))% "
          + "(first batch included); making batches took \(fmt(made, 2)) s (\(fmt(1000 * made / Double(train.count / 2))) ms/batch)")
}

/// Samples this process's anonymous resident memory (RssAnon in /proc/self/status) every
/// 10 ms on a thread of its own, for the peak during a load; VmHWM gives the peak RSS.
private final class AnonymousMemoryMonitor: @unchecked Sendable {
    private let peak = Mutex<Double>(0)
    private let running = Atomic<Bool>(true)
    private let done = DispatchSemaphore(value: 0)
    let baseline: Double

    init() {
        baseline = Self.field("RssAnon") ?? 0
        peak.withLock { $0 = baseline }
        Thread.detachNewThread { [self] in
            while running.load(ordering: .relaxed) {
                if let anon = Self.field("RssAnon") { peak.withLock { $0 = max($0, anon) } }
                usleep(10_000)
            }
            done.signal()
        }
    }

    /// Stops sampling: the baseline, the peak anonymous memory and VmHWM, in MiB.
    func stop() -> (baseline: Double, peak: Double, hwm: Double) {
        running.store(false, ordering: .relaxed)
        done.wait()
        return (baseline, peak.withLock { $0 }, Self.field("VmHWM") ?? 0)
    }

    /// A "kB" field of /proc/self/status, in MiB.
    private static func field(_ name: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Double($0) }.map { $0 / 1024 }
        }
        return nil
    }
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
