import Augment
import Core
import Testing

/// Degenerate sizes and extreme strengths must give a result, never a trap.
@Suite struct RobustnessTests {
    static func everyTransform() throws -> [any Transform] {
        try Catalog.entries.filter { !$0.takesTransforms }.map { entry in
            let required = entry.parameters.filter { $0.default == nil }.map {
                TransformSpec.Argument($0.name, $0.name == "min_max_height" ? .range(1, 3) : .number(3))
            }
            return try Catalog.make(TransformSpec(entry.name, required + [.init("p", .number(1))]))
        }
    }

    @Test(arguments: [(0, 0), (1, 1), (2, 2), (1, 7), (9, 1), (5, 3)])
    func tinyImagesSurvive(_ size: (Int, Int)) throws {
        let pair = Fixture.noise(width: size.0, height: size.1)
        for t in try Self.everyTransform() {
            for seed in UInt64(0)..<4 {
                let out = t.apply(to: pair, seed: seed).pair
                #expect(out.image.width == out.mask.width && out.image.height == out.mask.height, "\(t)")
                #expect(out.mask.pixels.allSatisfy { $0 <= 1 }, "\(t)")
            }
        }
    }

    @Test func extremeStrengthsStayFinite() throws {
        let pair = Fixture.noise(width: 16, height: 16)
        let wild: [any Transform] = [
            try ShiftScaleRotate(shiftLimit: -1e6...1e6, scaleLimit: -0.999999...1e9, rotateLimit: -1e9...1e9, p: 1),
            try ElasticTransform(alpha: 1e30, sigma: 1, alphaAffine: 1e30, p: 1),
            try OpticalDistortion(distortLimit: -1e12...1e12, shiftLimit: -1e9...1e9, p: 1),
            try GridDistortion(numSteps: 1_024, distortLimit: -0.999...1e6, p: 1),
        ]
        for t in wild {
            for seed in UInt64(0)..<8 {
                let out = t.apply(to: pair, seed: seed).pair
                #expect(out.image.pixels.allSatisfy { $0.isFinite }, "\(t)")
            }
        }
    }

    @Test func outOfRangeParametersAreErrors() {
        #expect(throws: InputError.self) { try HorizontalFlip(p: -0.1) }
        #expect(throws: InputError.self) { try RandomSizedCrop(minMaxHeight: 10...20, height: 0, width: 256) }
        #expect(throws: InputError.self) { try RandomSizedCrop(minMaxHeight: 10...20, height: 100_000, width: 256) }
        #expect(throws: InputError.self) { try GaussianBlur(blurLimit: 4...4) }
        #expect(throws: InputError.self) { try ElasticTransform(sigma: 0) }
        #expect(throws: InputError.self) { try ShiftScaleRotate(maskValue: 2) }
        #expect(throws: InputError.self) { try RandomGamma(gammaLimit: -10...120) }
    }
}
