import Augment
import Imaging
import Testing

/// Flips, transpose and quarter turns move pixels without interpolation: bit exact.
@Suite struct ExactTransformTests {
    let pair = Fixture.ramp(width: 3, height: 2)   // image rows: [0, .01, .02] / [.1, .11, .12]

    @Test func horizontalFlipMirrorsColumns() throws {
        let out = force(try HorizontalFlip(), pair).pair
        #expect(out.image.pixels == [0.02, 0.01, 0, 0.12, 0.11, 0.1].map(Float.init))
        #expect(out.mask.pixels == [1, 1, 0, 1, 0, 0])   // mask rows 011 / 001, mirrored
    }

    @Test func verticalFlipMirrorsRows() throws {
        let out = force(try VerticalFlip(), pair).pair
        #expect(out.image.pixels == [0.1, 0.11, 0.12, 0, 0.01, 0.02].map(Float.init))
        #expect(out.mask.pixels == [0, 0, 1, 0, 1, 1])
    }

    @Test func transposeSwapsAxesAndShape() throws {
        let out = force(try Transpose(), pair).pair
        #expect(out.width == 2 && out.height == 3)
        #expect(out.image.pixels == [0, 0.1, 0.01, 0.11, 0.02, 0.12].map(Float.init))
        #expect(out.mask.pixels == [0, 0, 1, 0, 1, 1])
    }

    /// Expected grids are numpy's: np.rot90([[0,1,2],[3,4,5]], k) for k = 1, 2, 3.
    @Test func rotate90MatchesNumpy() throws {
        let labels = Image(width: 3, height: 2, pixels: [0, 1, 2, 3, 4, 5])
        let expected: [Int: (w: Int, h: Int, pixels: [Float])] = [
            0: (3, 2, [0, 1, 2, 3, 4, 5]),
            1: (2, 3, [2, 5, 1, 4, 0, 3]),
            2: (3, 2, [5, 4, 3, 2, 1, 0]),
            3: (2, 3, [3, 0, 4, 1, 5, 2]),
        ]
        var seen = Set<Int>()
        for seed in UInt64(0)..<40 {
            let (out, drawn) = force(try RandomRotate90(), Pair(image: labels), seed: seed)
            let k = try #require(drawn.first?["k"]).rounded()
            let want = try #require(expected[Int(k)])
            #expect(out.width == want.w && out.height == want.h && out.image.pixels == want.pixels)
            seen.insert(Int(k))
        }
        #expect(seen == [0, 1, 2, 3])
    }

    @Test func flipTwiceIsIdentityBitForBit() throws {
        let noisy = Fixture.noise(width: 37, height: 23)
        for t: any Transform in [try HorizontalFlip(), try VerticalFlip(), try Transpose()] {
            #expect(force(t, force(t, noisy).pair).pair == noisy)
        }
    }
}
