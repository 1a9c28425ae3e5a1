import Data
import Foundation
import Imaging
import Segmentation
import Testing
import TestSupport

/// Scoring at the competition's resolution: a dataset loaded small is predicted small,
/// resized to the scored size and scored against the original masks.
@Suite struct FullResolutionEvaluationTests {
    /// A SIIM-layout set written at 1024² (labels at 1024²) and loaded at 32 px.
    static func siimAt1024(_ label: String) throws -> (Dataset, TemporaryDirectory) {
        let dir = try TemporaryDirectory(label)
        try Synth.generate(to: dir.path, count: 6, size: 1024, seed: 11, positiveRate: 0.5)
        return (try Dataset.load(dir.path, preprocessing: Preprocessing(size: 32), cacheDirectory: nil), dir)
    }

    /// With threshold -1 every pixel is predicted, whatever the model says: an image with a
    /// mask of A pixels scores Dice 2A / (A + 1024²), an empty one 0. The areas come from the
    /// label file, so the expected mean is worked out without the evaluation's code path; a
    /// mask upsampled from 32 px would have other areas and miss it.
    @Test func everyPixelPredictedScoresTheHandComputedDiceAt1024() throws {
        let (dataset, dir) = try Self.siimAt1024("fullres-dice")
        defer { dir.remove() }
        let labels = try Labels(contentsOf: dir.path + "/train-rle.csv")
        let n = 1024.0 * 1024.0
        let expected = dataset.ids.map { id -> Double in
            let area = Double(labels[id]?.area ?? 0)
            return area > 0 ? 2 * area / (area + n) : 0
        }
        #expect(expected.contains { $0 > 0 } && expected.contains { $0 == 0 })
        let model = try testUNet(base: 4, depth: 2, seed: 1)
        let result = try evaluate(Predictor([.init(model)]), on: dataset,
                                  postProcessing: PostProcessing(.threshold(-1), size: 1024), chunk: 4)
        #expect(result.side == 1024)
        for (score, dice) in zip(result.scores.images, expected) { #expect(abs(score.dice - dice) < 1e-12) }
        #expect(abs(result.scores.meanDice - expected.reduce(0, +) / Double(expected.count)) < 1e-12)
        // The truth areas are the label file's, exactly.
        #expect(result.scores.images.map(\.counts.truthArea) == dataset.ids.map { labels[$0]?.area ?? 0 })
        #expect(result.mask(0).area == 1024 * 1024)
    }

    /// Chunks change nothing: one image at a time and all at once give the same scores and masks.
    @Test func chunkSizeDoesNotChangeTheResult() throws {
        let (dataset, dir) = try Self.siimAt1024("fullres-chunks")
        defer { dir.remove() }
        let predictor = Predictor([.init(try testUNet(base: 4, depth: 2, seed: 3))])
        let post = PostProcessing(.threshold(0.5), minArea: 50, size: 256)
        let one = try evaluate(predictor, on: dataset, postProcessing: post, chunk: 1)
        let all = try evaluate(predictor, on: dataset, postProcessing: post, chunk: 100)
        #expect(one.scores == all.scores)
        #expect(one.maskRuns == all.maskRuns)
    }

    /// The search's best setting, applied by `evaluate` at the same size, scores what the
    /// search said: two implementations (component sums against post-processed masks) agree,
    /// both against the original masks at 1024².
    @Test func thresholdSearchAt1024AgreesWithEvaluate() throws {
        let (dataset, dir) = try Self.siimAt1024("fullres-search")
        defer { dir.remove() }
        let predictor = Predictor([.init(try testUNet(base: 4, depth: 2, seed: 5))])
        let search = ThresholdSearch(thresholds: [0.45, 0.5, 0.55], triplets: [(0.6, 2000, 0.4)], minAreas: [0, 5000], size: 1024)
        var totals = ThresholdSearch.Totals(search: search)
        for start in stride(from: 0, to: dataset.count, by: 4) {
            let range = start..<min(dataset.count, start + 4)
            try totals.add(probabilities: try predictor.probabilities(try range.map { try dataset[$0].image }),
                           truths: try range.map { try dataset.truth(of: $0, side: 1024) })
        }
        let result = try totals.result()
        #expect(result.imageCount == dataset.count)
        for (setting, score) in result.ranking {
            let evaluated = try evaluate(predictor, on: dataset, postProcessing: setting)
            #expect(abs(evaluated.scores.meanDice - score) < 1e-12, "\(setting)")
        }
    }

    /// A PNG set's original masks are its files under masks/, re-read at their own size.
    @Test func pngMasksAreReadAtTheirOwnSize() throws {
        let dir = try TemporaryDirectory("fullres-png")
        defer { dir.remove() }
        try Synth.generate(to: dir.path, count: 4, size: 128, seed: 4, layout: .png, positiveRate: 0.5)
        let dataset = try Dataset.load(dir.path, preprocessing: Preprocessing(size: 32), cacheDirectory: nil)
        for i in 0..<dataset.count {
            let samples = try PNG.readSamples(path: dir.path + "/masks/\(dataset.ids[i]).png")
            let area = samples.values.filter { Int($0) * 2 > samples.maxValue }.count
            #expect(dataset.originalMaskSource(of: i) == .file(dir.path + "/masks/\(dataset.ids[i]).png"))
            #expect(try dataset.truth(of: i, side: 128).area == area)
        }
    }
}
