import Core
import Imaging
import Segmentation
import Tensor
import Testing

/// The threshold search: a hand-built validation set with one known best setting, and the
/// fast search scores checked against applying each setting and scoring it directly.
@Suite struct PostProcessSearchTests {
    /// Three 12x12 images:
    /// A: a 4x4 pneumothorax at 0.7 and a 2-pixel false speck at 0.9;
    /// B: no pneumothorax, a 3-pixel speck at 0.8;
    /// C: a faint 3x3 pneumothorax at 0.45.
    /// Only threshold 0.3 with min_area 4 gets all three right (score 1): a higher threshold
    /// loses C, a smaller min_area keeps B's speck, and the triplet (top 0.6) calls C empty.
    private func validationSet() -> (probabilities: [Image], truths: [Mask]) {
        func image(_ cells: [(x: Int, y: Int, p: Float)]) -> Image {
            var image = Image(width: 12, height: 12)
            for c in cells { image[c.x, c.y] = c.p }
            return image
        }
        func square(_ x0: Int, _ y0: Int, _ side: Int) -> [(x: Int, y: Int)] {
            (y0..<(y0 + side)).flatMap { y in (x0..<(x0 + side)).map { (x: $0, y: y) } }
        }
        func truth(_ cells: [(x: Int, y: Int)]) -> Mask {
            var mask = Mask(width: 12, height: 12)
            for c in cells { mask[c.x, c.y] = 1 }
            return mask
        }
        let a = square(2, 2, 4), c = square(6, 6, 3)
        let probabilities = [
            image(a.map { ($0.x, $0.y, 0.7) } + [(10, 0, 0.9), (11, 0, 0.9)]),
            image([(0, 11, 0.8), (1, 10, 0.8), (2, 11, 0.8)]),
            image(c.map { ($0.x, $0.y, 0.45) }),
        ]
        return (probabilities, [truth(a), Mask(width: 12, height: 12), truth(c)])
    }

    private let search = ThresholdSearch(thresholds: [0.3, 0.5, 0.75], triplets: [(0.6, 5, 0.4)], minAreas: [0, 3, 4])

    @Test func findsTheKnownOptimum() throws {
        let (probabilities, truths) = validationSet()
        let result = try search.run(probabilities: probabilities, truths: truths)
        #expect(result.ranking.count == 12)
        #expect(result.best.setting == PostProcessing(.threshold(0.3), minArea: 4))
        #expect(result.best.score == 1)
        #expect(result.ranking[1].score < 1)
        // By hand, threshold 0.3 keeping everything: A = 2·16/(18 + 16), B = 0, C = 1.
        let keepAll = try #require(result.ranking.first { $0.setting == PostProcessing(.threshold(0.3)) })
        #expect(abs(keepAll.score - (32.0 / 34 + 0 + 1) / 3) < 1e-12)
        // The triplet with min_area 4: A = 1, B = 1 (empty), C = 0 (declared empty).
        let triplet = try #require(result.ranking.first { $0.setting == PostProcessing(.triplet(top: 0.6, minPixels: 5, bottom: 0.4), minArea: 4) })
        #expect(abs(triplet.score - 2.0 / 3) < 1e-12)
        #expect(result.description.contains("1.0000  postprocess(threshold=0.3, min_area=4)"))
    }

    /// On random blobs, at the model size and upsampled, every setting's search score equals
    /// the mean competition Dice of `PostProcessing.apply` scored one image at a time.
    @Test func searchScoresEqualDirectApplication() throws {
        var rng = SeededGenerator(seed: 3)
        var probabilities: [Image] = []
        for _ in 0..<6 {
            var image = Image(width: 16, height: 16)
            for _ in 0..<(1 + rng.int(below: 3)) {
                let (cx, cy, r) = (rng.uniform(0, 16), rng.uniform(0, 16), rng.uniform(1, 5))
                let peak = Float(rng.uniform(0.35, 1))
                for y in 0..<16 {
                    for x in 0..<16 {
                        let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                        image[x, y] = max(image[x, y], peak * Float(max(0, 1 - d / r)))
                    }
                }
            }
            probabilities.append(image)
        }
        for size in [nil, 32] as [Int?] {
            let side = size ?? 16
            let truths = try probabilities.map { p in
                Mask(width: side, height: side, pixels: try PostProcessing(.threshold(0.4), size: size).apply(to: p).pixels.enumerated().map {
                    $0.element != 0 && ($0.offset % 7 != 0) ? 1 : 0
                })
            }
            let grid = ThresholdSearch(thresholds: [0.2, 0.4, 0.6], triplets: [(0.7, 10, 0.3), (0.5, 3, 0.2)],
                                       minAreas: [0, 5, 20], size: size)
            let result = try grid.run(probabilities: probabilities, truths: truths)
            #expect(result.ranking.count == grid.settings.count)
            for (setting, score) in result.ranking {
                let direct = try zip(probabilities, truths).map { p, t in
                    try ImageScore(prediction: setting.apply(to: p).pixels, truth: t.pixels).dice
                }.reduce(0, +) / Double(probabilities.count)
                #expect(abs(direct - score) < 1e-12, "\(setting): direct \(direct), search \(score)")
            }
        }
    }

    @Test func mismatchedTruthsAreAnError() {
        let (probabilities, truths) = validationSet()
        #expect(throws: ShapeError.self) { try search.run(probabilities: probabilities, truths: Array(truths.prefix(2))) }
        #expect(throws: ShapeError.self) {
            try ThresholdSearch(size: 24).run(probabilities: probabilities, truths: truths)
        }
    }
}
