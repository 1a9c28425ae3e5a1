import Foundation
import Segmentation
import Tensor
import Testing

/// The loss lab: its probe predictions, its value/gradient table and its gradient maps.
@Suite struct LossLabTests {
    /// An 8x8 mask with a 2x2 square at rows and columns 2...3.
    func square() -> Tensor {
        var pixels = [Float](repeating: 0, count: 64)
        for y in 2...3 { for x in 2...3 { pixels[y * 8 + x] = 1 } }
        return Tensor(shape: [1, 1, 8, 8], data: pixels)
    }

    /// The positive pixels of logits, as (row, column) pairs.
    func positives(_ logits: Tensor, width: Int = 8) -> [[Int]] {
        logits.data.indices.filter { logits.data[$0] > 0 }.map { [$0 / width, $0 % width] }
    }

    @Test func probePredictions() throws {
        let probe = ProbePredictions(shift: 1, dilation: 1)
        let target = square()
        let perfect = try probe.logits(.perfect, targets: target)
        #expect(Set(perfect.data) == [5, -5])
        #expect(positives(perfect) == [[2, 2], [2, 3], [3, 2], [3, 3]])
        #expect(try probe.logits(.empty, targets: target).data.allSatisfy { $0 == -5 })
        #expect(positives(try probe.logits(.shifted, targets: target)) == [[3, 3], [3, 4], [4, 3], [4, 4]])
        // A 3x3 square element grows the 2x2 square to rows and columns 1...4.
        let dilated = positives(try probe.logits(.dilated, targets: target))
        #expect(dilated == (1...4).flatMap { y in (1...4).map { [y, $0] } })
        // Defaults scale with the width: 1/16 and 1/32 of 64 are 4 and 2.
        var big = [Float](repeating: 0, count: 64 * 64)
        big[10 * 64 + 10] = 1
        let bigTarget = Tensor(shape: [1, 1, 64, 64], data: big)
        #expect(positives(try ProbePredictions().logits(.shifted, targets: bigTarget), width: 64) == [[14, 14]])
        #expect(positives(try ProbePredictions().logits(.dilated, targets: bigTarget), width: 64).count == 25)
        #expect(throws: ShapeError.self) { try probe.logits(.perfect, targets: Tensor(zeros: [4, 4])) }
    }

    /// Noisy logits are the perfect ones plus N(0, σ²) noise, the same for the same seed.
    @Test func noisyPredictionsAreSeeded() throws {
        let target = Tensor(zeros: [1, 1, 64, 64])
        let perfect = try ProbePredictions().logits(.perfect, targets: target).data
        let noisy = try ProbePredictions(noise: 3, seed: 4).logits(.noisy, targets: target).data
        let noise = zip(noisy, perfect).map { Double($0 - $1) }
        let mean = noise.reduce(0, +) / Double(noise.count)
        let sd = (noise.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(noise.count)).squareRoot()
        #expect(abs(mean) < 0.15 && abs(sd - 3) < 0.15)   // 4096 draws: about 3 standard errors
        #expect(try ProbePredictions(noise: 3, seed: 4).logits(.noisy, targets: target).data == noisy)
        #expect(try ProbePredictions(noise: 3, seed: 5).logits(.noisy, targets: target).data != noisy)
    }

    @Test func reportTable() throws {
        // One image with the square, one empty.
        let targets = try Tensor.concat([square(), Tensor(zeros: [1, 1, 8, 8])], axis: 0)
        let report = try LossLab.run([BinaryCrossEntropy(), DiceLoss(), LovaszHingeLoss()], targets: targets)
        #expect(report.losses == ["bce", "dice", "lovasz"])
        #expect(report.kinds == ProbePredictions.Kind.allCases)
        #expect(report.measurements.count == 3 && report.measurements.allSatisfy { $0.count == 5 })
        // Perfect at margin 5: every pixel's BCE is softplus(−5), every gradient σ(−5)/n in size.
        let n = 128.0, bcePerfect = report.measurements[0][0]
        #expect(abs(Double(bcePerfect.value) - log1p(exp(-5.0))) < 1e-6)
        let sigma = 1 / (1 + exp(5.0))
        #expect(abs(Double(bcePerfect.gradientNorm) - sigma / n.squareRoot()) < 1e-7)
        // Margins of 5 leave every Lovász error negative: no loss, no gradient.
        #expect(report.measurements[2][0] == LossLab.Measurement(value: 0, gradientNorm: 0))
        // The empty prediction: Dice is 1 − 2·Σpt/(Σp + Σt) with p = σ(−5) everywhere.
        let p = 1 / (1 + exp(5.0))
        let dice = 1 - 2 * 4 * p / (128 * p + 4)
        #expect(abs(Double(report.measurements[1][1].value) - dice) < 1e-6)
    }

    /// On an empty image Lovász pushes only the highest logit; Dice does not push at all.
    @Test func gradientMapsOnAnEmptyImage() throws {
        let targets = try Tensor.concat([square(), Tensor(zeros: [1, 1, 8, 8])], axis: 0)
        let logits = try ProbePredictions(noise: 2, seed: 3).logits(.noisy, targets: targets)
        let secondImage = Array(logits.data[64...])
        let highest = secondImage.indices.max { secondImage[$0] < secondImage[$1] }
        let lovasz = try LossLab.gradientMap(LovaszHingeLoss(), logits: logits, target: targets, sample: 1)
        #expect(lovasz.count == 64)
        #expect(lovasz.indices.filter { lovasz[$0] != 0 } == [highest])
        #expect(lovasz[highest ?? 0] == 1)
        let dice = try LossLab.gradientMap(DiceLoss(), logits: logits, target: targets, sample: 1)
        #expect(dice.allSatisfy { $0 == 0 })
        // BCE's map is (σ(x) − t)/n at every pixel, the image taken alone.
        let bce = try LossLab.gradientMap(BinaryCrossEntropy(), logits: logits, target: targets, sample: 0)
        for (k, g) in bce.enumerated() {
            let x = Double(logits.data[k]), t = Double(targets.data[k])
            #expect(abs(Double(g) - (1 / (1 + exp(-x)) - t) / 64) < 1e-7)
        }
        #expect(throws: ShapeError.self) {
            try LossLab.gradientMap(DiceLoss(), logits: logits, target: targets, sample: 2)
        }
    }

    /// A loss that ignores the logits has a zero gradient, not an error.
    @Test func constantLoss() throws {
        let constant = CustomLoss(name: "zero") { _, target in target.sum() * 0 }
        let m = try LossLab.measure(constant, logits: Tensor(zeros: [1, 1, 2, 2]), target: Tensor(zeros: [1, 1, 2, 2]))
        #expect(m == LossLab.Measurement(value: 0, gradientNorm: 0))
    }
}
