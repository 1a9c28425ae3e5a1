import Augment
import Testing

@Suite struct CropTests {
    /// A 2 x 2 crop of the 4 x 4 ramp resized to 4 x 4. By hand, with half-pixel centres:
    /// output X reads crop column (X + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped to the
    /// crop, so columns x0 + [0, 0.25, 0.75, 1]; rows likewise. The ramp is linear, so bilinear
    /// sampling is exact there. The mask takes the nearest column: x0 + [0, 0, 1, 1].
    @Test func cropThenResizeMatchesHandComputation() throws {
        let ramp = Fixture.ramp(width: 4, height: 4)
        let t = try RandomSizedCrop(minMaxHeight: 2...2, height: 4, width: 4)
        var origins = Set<[Int]>()
        for seed in UInt64(0)..<30 {
            let (out, drawn) = force(t, ramp, seed: seed)
            let d = try #require(drawn.first)
            let (x0, y0) = (Int(d["x"]!), Int(d["y"]!))
            #expect(d["h"] == 2 && d["w"] == 2 && (0...2).contains(x0) && (0...2).contains(y0))
            origins.insert([x0, y0])
            let offsets: [Float] = [0, 0.25, 0.75, 1]
            let nearest = [0, 0, 1, 1]
            for y in 0..<4 {
                for x in 0..<4 {
                    let want = (Float(x0) + offsets[x] + 10 * (Float(y0) + offsets[y])) / 100
                    #expect(abs(out.image[x, y] - want) < 1e-6)
                    #expect(out.mask[x, y] == ramp.mask[x0 + nearest[x], y0 + nearest[y]])
                }
            }
        }
        #expect(origins.count == 9)   // every offset 0...2 on both axes is reachable
    }

    @Test func resizedCropKeepsTheAreaAndRatioBounds() throws {
        let t = try RandomResizedCrop(height: 16, width: 16, scale: 0.25...0.5, ratio: 0.75...(4.0 / 3.0))
        let image = Fixture.noise(width: 64, height: 64)
        for seed in UInt64(0)..<200 {
            let (out, drawn) = force(t, image, seed: seed)
            let d = try #require(drawn.first)
            let (w, h) = (d["w"]!, d["h"]!)
            #expect(out.width == 16 && out.height == 16)
            // rounding each side to whole pixels moves the area and ratio only slightly
            #expect(w * h >= 0.25 * 4096 * 0.95 && w * h <= 0.5 * 4096 * 1.05)
            #expect(w / h >= 0.75 * 0.95 && w / h <= 4.0 / 3.0 * 1.05)
            #expect(d["x"]! + w <= 64 && d["y"]! + h <= 64)
        }
    }

    @Test func resizedCropFallsBackToACentreCrop() throws {
        // No area of 2.0 fits inside the image, so every try fails: a centre crop, clamped ratio.
        let t = try RandomResizedCrop(height: 8, width: 8, scale: 2...2, ratio: 1...1)
        let (_, drawn) = force(t, Fixture.noise(width: 40, height: 20))
        #expect(drawn == [Drawn("resized_crop", [.init("h", 20), .init("w", 20), .init("y", 0), .init("x", 10)])])
    }

    /// Sizes a user can ask for that no Int holds (`scale=[1, 1e300]`, `ratio` up to 1e300,
    /// `w2h_ratio=1e300`) fall back or clamp to the image as smaller ones do, instead of
    /// trapping in an integer conversion.
    @Test func hugeScalesAndRatiosClampToTheImage() throws {
        let image = Fixture.noise(width: 40, height: 20)
        // No try fits (every area is at least the image's), so the centre crop: with the
        // ratio range [1e-300, 1e300] holding the image's 2:1, the whole image.
        let huge = try RandomResizedCrop(height: 8, width: 8, scale: 1...1e300, ratio: 1e-300...1e300)
        for seed in UInt64(0)..<20 {
            let (out, drawn) = force(huge, image, seed: seed)
            #expect(out.width == 8 && out.height == 8)
            #expect(drawn == [Drawn("resized_crop", [.init("h", 20), .init("w", 40), .init("y", 0), .init("x", 0)])])
        }
        // A ratio range far above the image's 2:1: the whole width, and a height of
        // 40 / 1e300 rounded, at least 1, centred (y = (20 − 1) / 2).
        let wide = try RandomResizedCrop(height: 8, width: 8, scale: 1e10...1e10, ratio: 1e300...1e300)
        #expect(force(wide, image).1 == [Drawn("resized_crop", [.init("h", 1), .init("w", 40), .init("y", 9), .init("x", 0)])])
        // w = h * w2h_ratio, clamped to the image width 40.
        let sized = try RandomSizedCrop(minMaxHeight: 10...10, height: 8, width: 8, w2hRatio: 1e300)
        let d = try #require(force(sized, image).1.first)
        #expect(d["h"] == 10 && d["w"] == 40)
    }
}
