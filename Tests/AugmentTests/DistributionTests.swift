import Augment
import Tensor
import Testing

/// Over many seeds the drawn parameters cover the stated ranges with the stated frequencies.
/// Tolerances are about four standard errors of the sample sizes used.
@Suite struct DistributionTests {
    let tiny = Fixture.noise(width: 8, height: 8)

    func draws(_ t: any Transform, _ n: Int, on pair: Pair? = nil) -> [[Drawn]] {
        (0..<n).map { t.apply(to: pair ?? tiny, seed: UInt64($0)).drawn }
    }

    @Test func gammaCoversItsRange() throws {
        let g = draws(try RandomGamma(p: 1), 2_000).compactMap { $0.first?["gamma"] }
        #expect(g.count == 2_000)
        #expect(g.allSatisfy { $0 >= 0.8 && $0 < 1.2 })
        #expect(g.min()! < 0.805 && g.max()! > 1.195)
        #expect(abs(g.reduce(0, +) / 2_000 - 1) < 0.01)   // uniform: mean 1, sd 0.115/√2000
    }

    @Test func probabilityIsTheFiringRate() throws {
        let fired = draws(try HorizontalFlip(p: 0.3), 4_000).filter { !$0.isEmpty }.count
        #expect(abs(Double(fired) / 4_000 - 0.3) < 0.03)
    }

    @Test func quarterTurnsAreUniform() throws {
        let ks = draws(try RandomRotate90(p: 1), 4_000).compactMap { $0.first?["k"] }
        for k in 0..<4 {
            #expect(abs(Double(ks.filter { $0 == Double(k) }.count) / 4_000 - 0.25) < 0.03)
        }
    }

    @Test func oneOfPicksByWeight() throws {
        let t = try OneOf([RandomGamma(p: 0.25), RandomContrast(p: 0.75)], p: 1)
        let names = draws(t, 4_000).map { $0.map(\.transform) }
        #expect(names.allSatisfy { $0.count == 1 })
        #expect(abs(Double(names.filter { $0 == ["contrast"] }.count) / 4_000 - 0.75) < 0.03)
    }

    @Test func someOfAppliesNDistinctInOrder() throws {
        let t = try SomeOf([HorizontalFlip(), VerticalFlip(), Transpose(), RandomRotate90()], n: 2)
        let order = ["hflip", "vflip", "transpose", "rot90"]
        var pairs = Set<[String]>()
        for names in draws(t, 600).map({ $0.map(\.transform) }) {
            #expect(names.count == 2 && names[0] != names[1])
            #expect(order.firstIndex(of: names[0])! < order.firstIndex(of: names[1])!)
            pairs.insert(names)
        }
        #expect(pairs.count == 6)
    }

    /// In the preset each of the six OneOf children fires with probability 0.3/3 = 0.1.
    @Test func presetRatesMatchTheRecipe() throws {
        let t = try Presets.siim2019(size: 32)
        let runs = draws(t, 3_000, on: Fixture.noise(width: 32, height: 32)).map { Set($0.map(\.transform)) }
        func rate(_ name: String) -> Double { Double(runs.filter { $0.contains(name) }.count) / 3_000 }
        #expect(abs(rate("hflip") - 0.5) < 0.04)
        #expect(abs(rate("sized_crop") - 0.25) < 0.035)
        for name in ["contrast", "gamma", "brightness", "elastic", "grid", "optical"] {
            #expect(abs(rate(name) - 0.1) < 0.025, "\(name): \(rate(name))")
        }
    }

    @Test func sizedCropCoversEveryHeightAndOffset() throws {
        let t = try RandomSizedCrop(minMaxHeight: 20...30, height: 32, width: 32)
        let d = draws(t, 3_000, on: Fixture.noise(width: 32, height: 32)).compactMap(\.first)
        #expect(Set(d.map { $0["h"]! }) == Set((20...30).map(Double.init)))
        // 2.x offsets: every origin 0...32−h is reachable, the last one included
        #expect(d.contains { $0["y"]! == 32 - $0["h"]! } && d.contains { $0["y"]! == 0 })
        #expect(d.allSatisfy { $0["y"]! + $0["h"]! <= 32 && $0["x"]! + $0["w"]! <= 32 })
    }

    /// shift_limit 0.5 rounds half to even, so the 2019 recipe's optical shift is always 0.
    @Test func opticalShiftOfHalfAPixelIsDead() throws {
        let d = draws(try OpticalDistortion(distortLimit: -2...2, shiftLimit: -0.5...0.5, p: 1), 1_000).compactMap(\.first)
        #expect(d.allSatisfy { $0["dx"] == 0 && $0["dy"] == 0 })
        #expect(d.allSatisfy { abs($0["k"]!) <= 2 })
        #expect(d.map { $0["k"]! }.min()! < -1.9 && d.map { $0["k"]! }.max()! > 1.9)
        let wide = draws(try OpticalDistortion(shiftLimit: -3...3, p: 1), 1_000).compactMap { $0.first?["dx"] }
        #expect(Set(wide) == [-3, -2, -1, 0, 1, 2, 3])
    }

    @Test func shiftScaleRotateDrawsWithinItsLimits() throws {
        let d = draws(try ShiftScaleRotate(p: 1), 2_000).compactMap(\.first)
        let angles = d.map { $0["angle"]! }, scales = d.map { $0["scale"]! }, shifts = d.map { $0["dx"]! }
        let (lowAngle, highAngle) = (angles.min()!, angles.max()!)
        #expect(lowAngle >= -45 && lowAngle < -44)
        #expect(highAngle < 45 && highAngle > 44)
        let (lowScale, highScale) = (scales.min()!, scales.max()!)
        #expect(lowScale >= 0.9 && lowScale < 0.901)
        #expect(highScale < 1.1 && highScale > 1.099)
        #expect(shifts.allSatisfy { abs($0) <= 0.0625 })
    }

    @Test func gaussianBlurDrawsOddKernels() throws {
        let k = draws(try GaussianBlur(blurLimit: 3...7, p: 1), 900).compactMap { $0.first?["ksize"] }
        #expect(Set(k) == [3, 5, 7])
        for size in [3.0, 5, 7] {
            let share = Double(k.filter { $0 == size }.count) / 900
            #expect(abs(share - 1.0 / 3) < 0.07)
        }
    }

    /// The 2019 setting (α = 120, σ = 6, uniform noise) on 256 x 256: with scipy's
    /// gaussian_filter, the largest displacement length per draw averages 15.6 px with a spread
    /// of 1.8 px over 60 draws (numpy), so the mean of 12 draws lies in 15.6 ± 2.1 (4 standard errors).
    @Test func elasticDisplacementHasTheReferenceMagnitude() throws {
        let t = try ElasticTransform(alpha: 120, sigma: 6, alphaAffine: 0, p: 1)
        let shifts = draws(t, 12, on: Fixture.noise(width: 256, height: 256)).compactMap { $0.first?["max_shift"] }
        #expect(shifts.count == 12)
        let mean = shifts.reduce(0, +) / Double(shifts.count)
        #expect(mean > 13.5 && mean < 17.7, "mean largest displacement \(mean) px")
    }
}
