import Imaging
import Segmentation
import Tensor
import Testing

/// Post-processing on hand-drawn probability maps and masks.
@Suite struct PostProcessTests {
    /// A probability map drawn as rows of digits: digit d is probability d/10, `.` is 0.
    private func drawn(_ rows: [String]) -> Image {
        let width = rows[0].count
        let pixels = rows.flatMap { $0.map { Float($0.wholeNumberValue ?? 0) / 10 } }
        return Image(width: width, height: rows.count, pixels: pixels)
    }

    /// A mask drawn as rows, `#` set.
    private func mask(_ rows: [String]) -> Mask {
        Mask(width: rows[0].count, height: rows.count, pixels: rows.flatMap { $0.map { $0 == "#" ? 1 : 0 } })
    }

    @Test func thresholdIsStrict() {
        let p = drawn(["456"])
        #expect(Binarization.threshold(0.5).apply(to: p) == mask(["..#"]))
        #expect(Binarization.threshold(0.39).apply(to: p) == mask(["###"]))
    }

    /// The diagonal chain is one 8-connected component of 3 pixels and stays at min_area 3; the
    /// 2-pixel pair goes. At min_area 4 only nothing is left.
    @Test func smallComponentsGoWithEightConnectivity() throws {
        let p = drawn(["9....",
                       ".9..9",
                       "..9.9"])
        #expect(try PostProcessing(.threshold(0.5), minArea: 3).apply(to: p) == mask(["#....",
                                                                                   ".#...",
                                                                                   "..#.."]))
        #expect(try PostProcessing(.threshold(0.5), minArea: 4).apply(to: p) == mask([".....", ".....", "....."]))
        #expect(try PostProcessing(.threshold(0.5)).apply(to: p) == mask(["#....", ".#..#", "..#.#"]))
    }

    /// Three pixels above the top threshold 0.75: with min_pixels 3 the mask is everything above
    /// the bottom threshold 0.3; with min_pixels 4 the image is declared empty.
    @Test func tripletRule() {
        let p = drawn(["8842",
                       "8.51",
                       "...."])
        #expect(Binarization.triplet(top: 0.75, minPixels: 3, bottom: 0.3).apply(to: p) == mask(["###.",
                                                                                                  "#.#.",
                                                                                                  "...."]))
        #expect(Binarization.triplet(top: 0.75, minPixels: 4, bottom: 0.3).apply(to: p).isEmpty)
    }

    /// Resizing before the threshold differs from thresholding first: [0.3, 0.6] grows to
    /// [0.3, 0.375, 0.525, 0.6] (half-pixel bilinear, worked by hand), so at 0.55 only the
    /// last column is set, where nearest-upsampling a thresholded mask would set two.
    @Test func upsamplesProbabilitiesBeforeThresholding() throws {
        let p = Image(width: 2, height: 2, pixels: [0.3, 0.6, 0.3, 0.6])
        let processing = PostProcessing(.threshold(0.55), size: 4)
        let grown = try processing.resized(p)
        for (x, y) in zip(grown.pixels.prefix(4), [Float(0.3), 0.375, 0.525, 0.6]) { #expect(abs(x - y) < 1e-6) }
        #expect(try processing.apply(to: p) == mask(["...#", "...#", "...#", "...#"]))
        #expect(try processing.apply(to: [p, p]) == [try processing.apply(to: p), try processing.apply(to: p)])
    }

    @Test func settingsPrintInTheLanguage() {
        #expect(PostProcessing(.threshold(0.5), minArea: 200, size: 1024).description
            == "postprocess(threshold=0.5, min_area=200, size=1024)")
        #expect(PostProcessing(.triplet(top: 0.75, minPixels: 2000, bottom: 0.3)).description
            == "postprocess(top=0.75, min_pixels=2000, bottom=0.3)")
    }
}
