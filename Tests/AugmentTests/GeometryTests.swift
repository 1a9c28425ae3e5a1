import Augment
import Testing

@Suite struct GeometryTests {
    /// At zero strength every geometric transform reads each pixel at its own centre. Pleura
    /// centres its maps so that this holds exactly (albumentations' optical distortion and grid
    /// are off by up to a pixel here; see docs/augmentations.md).
    @Test func zeroStrengthIsTheIdentity() throws {
        let pair = Fixture.noise(width: 48, height: 48)
        let still: [any Transform] = [
            try ShiftScaleRotate(shiftLimit: 0...0, scaleLimit: 0...0, rotateLimit: 0...0),
            try ElasticTransform(alpha: 0, sigma: 6, alphaAffine: 0),
            try GridDistortion(distortLimit: 0...0),
            try GridDistortion(distortLimit: 0...0, normalized: true),
            try OpticalDistortion(distortLimit: 0...0, shiftLimit: 0...0),
            try RandomSizedCrop(minMaxHeight: 48...48, height: 48, width: 48),
            try RandomResizedCrop(height: 48, width: 48, scale: 1...1, ratio: 1...1),
            try RandomBrightnessContrast(brightnessLimit: 0...0, contrastLimit: 0...0),
            try RandomGamma(gammaLimit: 100...100),
            try GaussianBlur(blurLimit: 1...1),
        ]
        for t in still {
            #expect(force(t, pair).pair == pair, "\(t)")
        }
    }

    /// A quarter turn through ShiftScaleRotate about (W/2, H/2) is a pure permutation plus a
    /// one-pixel offset: out(x, y) = in(W − y, x) for 90° counter-clockwise, by hand from
    /// cv2.getRotationMatrix2D. The rows and columns that map inside must match exactly.
    @Test func rotationByNinetyDegreesMovesPixelsExactly() throws {
        let pair = Fixture.noise(width: 16, height: 16)
        let t = try ShiftScaleRotate(shiftLimit: 0...0, scaleLimit: 0...0, rotateLimit: 90...90, borderMode: .constant)
        let out = force(t, pair).pair
        for y in 1..<16 {
            for x in 0..<16 {
                #expect(abs(out.image[x, y] - pair.image[16 - y, x]) < 1e-6)
                #expect(out.mask[x, y] == pair.mask[16 - y, x])
            }
        }
        // row 0 reads column 16, outside: the constant border
        #expect((0..<16).allSatisfy { out.image[$0, 0] == 0 && out.mask[$0, 0] == 0 })
    }

    /// A shift of exactly 4 px on both axes moves the image by 4 px and fills with the border
    /// mode. Row 6 of the output reads source row 2 of the ramp: (x − 4 + 20)/100 inside.
    @Test func shiftUsesTheBorderMode() throws {
        let pair = Fixture.ramp(width: 8, height: 8)
        func row6(_ mode: BorderMode) throws -> [Float] {
            let t = try ShiftScaleRotate(shiftLimit: 0.5...0.5, scaleLimit: 0...0, rotateLimit: 0...0,
                                         borderMode: mode, value: 0.9)
            let image = force(t, pair).pair.image
            return (0..<8).map { (image[$0, 6] * 100).rounded() }
        }
        #expect(try row6(.constant) == [90, 90, 90, 90, 20, 21, 22, 23])
        #expect(try row6(.reflect101) == [24, 23, 22, 21, 20, 21, 22, 23])
        #expect(try row6(.reflect) == [23, 22, 21, 20, 20, 21, 22, 23])
        #expect(try row6(.replicate) == [20, 20, 20, 20, 20, 21, 22, 23])
    }

    /// Optical distortion follows r' = r(1 + k r² + k r⁴) about the centre, f = W.
    @Test func opticalDistortionFollowsTheLensFormula() throws {
        let pair = Fixture.ramp(width: 101, height: 101)
        let t = try OpticalDistortion(distortLimit: 0.5...0.5, shiftLimit: 0...0)
        let out = force(t, pair).pair.image
        // Output (75, 50): x = 25/101, y = 0, r² = x², read x·101·(1 + k r² + k r⁴) + 50.
        let x = 25.0 / 101, r2 = x * x
        let source = x * 101 * (1 + 0.5 * r2 + 0.5 * r2 * r2) + 50
        let want = Float(source + 10 * 50) / 100   // the ramp is linear in x and y
        #expect(abs(out[75, 50] - want) < 1e-5)
    }
}
