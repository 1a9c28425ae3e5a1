import Augment
import Core
import Imaging
import Tensor
import Testing

/// Every geometric transform moves the image and the mask together: the thresholded image of
/// a probe whose bright region is its mask stays within 1 px of the transformed mask.
@Suite struct ConsistencyTests {
    static let geometric: [any Transform] = [
        try! HorizontalFlip(), try! VerticalFlip(), try! Transpose(), try! RandomRotate90(),
        try! RandomSizedCrop(minMaxHeight: 96...200, height: 256, width: 256),
        try! RandomResizedCrop(height: 160, width: 200),
        try! ShiftScaleRotate(), try! ShiftScaleRotate(borderMode: .constant),
        try! ElasticTransform(alpha: 120, sigma: 6, alphaAffine: 3.6),
        try! ElasticTransform(alpha: 300, sigma: 10, alphaAffine: 20, borderMode: .replicate),
        try! GridDistortion(), try! GridDistortion(distortLimit: -0.5...0.5, normalized: true),
        try! OpticalDistortion(distortLimit: -2...2, shiftLimit: -0.5...0.5),
        try! OpticalDistortion(distortLimit: -0.5...0.5, shiftLimit: -3...3, borderMode: .constant),
    ]

    @Test(arguments: geometric.indices)
    func geometricTransformKeepsMaskOnImage(_ i: Int) throws {
        let results = try Self.geometric[i].checkConsistency(trials: 12, seed: UInt64(i))
        for r in results {
            #expect(r.passed, "\(r)")
            #expect(r.compared > 0, "\(r)")
        }
    }

    @Test func everyTransformOfThePresetPasses() throws {
        let results = try Presets.siim2019(size: 128).checkConsistency(sample: consistencyProbe(width: 128, height: 128), trials: 8)
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0.passed }, "\(results)")
    }

    /// A requested interrupt stops the check between transforms and is consumed by it.
    @Test func anInterruptStopsACheck() throws {
        let interrupt = InterruptSource()
        interrupt.request()
        Interrupt.$current.withValue(interrupt) {
            #expect(throws: Interrupted.self) { try Presets.siim2019(size: 64).checkConsistency(trials: 2) }
        }
        #expect(!interrupt.isRequested)
    }

    /// The classic silent bug: a transform that moves the image but not the mask must fail.
    @Test func aTransformThatForgetsTheMaskFails() throws {
        let results = try ImageOnlyShift().checkConsistency(trials: 4)
        #expect(results.count == 1)
        #expect(!results[0].passed)
        #expect(abs(results[0].worstCentroidError - 3) < 0.01)
    }

    @Test func theCheckUsesTheSampleMask() throws {
        var mask = Mask(width: 64, height: 64)
        for y in 10..<20 { for x in 40..<60 { mask[x, y] = 1 } }
        let sample = try Pair(image: Image(width: 64, height: 64), mask: mask)
        let results = try HorizontalFlip().checkConsistency(sample: sample, trials: 2)
        #expect(results[0].passed && results[0].compared == 2)
        #expect(consistencyProbe(mask: mask).image[45, 15] == 0.8 && consistencyProbe(mask: mask).image[5, 5] == 0.2)
    }
}

/// Shifts the image 3 px to the right and leaves the mask where it was.
private struct ImageOnlyShift: Transform {
    let p = 1.0
    var spec: TransformSpec { TransformSpec("image_only_shift", []) }

    func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        var out = pair
        for y in 0..<pair.height {
            for x in 0..<pair.width { out.image[x, y] = x >= 3 ? pair.image[x - 3, y] : 0.2 }
        }
        return out
    }
}
