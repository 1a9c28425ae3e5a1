import Augment
import Imaging
import Testing

/// Pixel transforms against closed forms worked by hand. A range with equal ends fixes the
/// drawn value, so the expected output is exact arithmetic.
@Suite struct PixelTransformTests {
    let pair = try! Pair(image: Image(width: 4, height: 1, pixels: [0, 0.2, 0.4, 0.6]),
                         mask: Mask(width: 4, height: 1, pixels: [0, 1, 1, 0]))

    @Test func gammaRaisesToThePower() throws {
        let (out, drawn) = force(try RandomGamma(gammaLimit: 200...200), pair)
        #expect(drawn == [Drawn("gamma", [.init("gamma", 2)])])
        let want: [Float] = [0, 0.04, 0.16, 0.36]
        for (a, b) in zip(out.image.pixels, want) { #expect(abs(a - b) < 1e-6) }
        #expect(out.mask == pair.mask)
    }

    @Test func brightnessContrastByMaxIsScaleThenShift() throws {
        let t = try RandomBrightnessContrast(brightnessLimit: 0.1...0.1, contrastLimit: 0.5...0.5)
        let out = force(t, pair).pair
        // 1.5·x + 0.1, clipped: 0.6 → 1.0
        let want: [Float] = [0.1, 0.4, 0.7, 1.0]
        for (a, b) in zip(out.image.pixels, want) { #expect(abs(a - b) < 1e-6) }
        #expect(out.mask == pair.mask)
    }

    @Test func brightnessByMeanScalesTheShiftByTheImageMean() throws {
        let t = try RandomBrightnessContrast(brightnessLimit: 0.1...0.1, contrastLimit: 0.5...0.5, brightnessByMax: false)
        let out = force(t, pair).pair
        // mean 0.3, so the shift is 0.1·0.3 = 0.03
        let want: [Float] = [0.03, 0.33, 0.63, 0.93]
        for (a, b) in zip(out.image.pixels, want) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func legacyBrightnessAndContrastChangeOneThingEach() throws {
        let brighter = force(try RandomBrightness(limit: -0.1...(-0.1)), pair)
        #expect(brighter.drawn.first?["beta"] == -0.1)
        let want: [Float] = [0, 0.1, 0.3, 0.5]
        for (a, b) in zip(brighter.pair.image.pixels, want) { #expect(abs(a - b) < 1e-6) }
        let stronger = force(try RandomContrast(limit: 0.5...0.5), pair).pair
        let scaled: [Float] = [0, 0.3, 0.6, 0.9]
        for (a, b) in zip(stronger.image.pixels, scaled) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func gaussianBlurSpreadsAnImpulseAsTheKernel() throws {
        var impulse = Image(width: 5, height: 5)
        impulse[2, 2] = 1
        let small = force(try GaussianBlur(blurLimit: 3...3), Pair(image: impulse)).pair.image
        #expect(small[2, 2] == 0.25 && small[1, 2] == 0.125 && small[1, 1] == 0.0625 && small[0, 0] == 0)
        // k = 5, σ = 1: normalised exp(−i²/2) = [.0544887, .2442013, .4026200, …] (numpy)
        let wide = force(try GaussianBlur(blurLimit: 5...5, sigmaLimit: 1...1), Pair(image: impulse)).pair.image
        #expect(abs(wide[2, 2] - 0.1621028) < 1e-6)
        #expect(abs(wide[1, 2] - 0.0983203) < 1e-6)
    }

    @Test func gaussianBlurReflectsWithoutRepeatingTheEdge() throws {
        let row = Pair(image: Image(width: 3, height: 1, pixels: [1, 0, 0]))
        // reflect-101: in[−1] = in[1] = 0 and in[3] = in[1] = 0
        let out = force(try GaussianBlur(blurLimit: 3...3), row).pair.image.pixels
        #expect(out == [0.5, 0.25, 0])
    }

    @Test func motionBlurIsANormalisedLine() throws {
        var impulse = Image(width: 15, height: 15)
        impulse[7, 7] = 1
        for seed in UInt64(0)..<20 {
            let (out, drawn) = force(try MotionBlur(blurLimit: 7...7), Pair(image: impulse), seed: seed)
            let d = try #require(drawn.first)
            let total = out.image.pixels.reduce(0, +)
            #expect(abs(total - 1) < 1e-5)
            let nonzero = out.image.pixels.filter { $0 != 0 }
            #expect(Set(nonzero).count == 1)   // every cell of the line weighs the same
            // correlation puts the kernel cell (kx, ky) at output (7 − (kx − 3), 7 − (ky − 3))
            for (kx, ky) in [(d["x1"]!, d["y1"]!), (d["x2"]!, d["y2"]!)] {
                #expect(out.image[10 - Int(kx), 10 - Int(ky)] > 0)
            }
        }
    }

    @Test func centredMotionBlurKeepsTheCentroid() throws {
        var impulse = Image(width: 15, height: 15)
        impulse[7, 7] = 1
        for seed in UInt64(0)..<30 {
            let out = force(try MotionBlur(blurLimit: 7...7, allowShifted: false), Pair(image: impulse), seed: seed).pair.image
            var (sx, sy) = (Float(0), Float(0))
            for y in 0..<15 { for x in 0..<15 { sx += Float(x) * out[x, y]; sy += Float(y) * out[x, y] } }
            #expect(abs(sx - 7) <= 0.5 && abs(sy - 7) <= 0.5)   // Bresenham rounds by at most half a cell
        }
    }

    @Test func gaussNoiseHasTheDrawnSpread() throws {
        let flat = Pair(image: Image(width: 128, height: 128, fill: 0.5))
        let (out, drawn) = force(try GaussNoise(varLimit: 10...50), flat)
        let variance = try #require(drawn.first?["var"])
        #expect(variance >= 10 && variance < 50)
        let diffs = out.image.pixels.map { Double($0) - 0.5 }
        let mean = diffs.reduce(0, +) / Double(diffs.count)
        let std = (diffs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(diffs.count)).squareRoot()
        #expect(abs(mean) < 0.001)                                   // 16,384 draws: standard error 0.0002
        #expect(abs(std - variance.squareRoot() / 255) < 0.02 * variance.squareRoot() / 255)
    }
}
