import Imaging
import Testing
import TestSupport

@Suite struct CLAHETests {
    /// Pixel (x, y) = ((37x + 91y + 13xy) mod 256) / 255.
    static func pattern(_ width: Int, _ height: Int) -> Image {
        var image = Image(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width { image[x, y] = Float((x * 37 + y * 91 + x * y * 13) % 256) / 255 }
        }
        return image
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let width: Int, height: Int
        let kernel: (rows: Int, columns: Int)?
        let clip: Double, bins: Int
        let sum: Double, weightedSum: Double
        /// Pixels 0, 1, width, count / 2 and count - 1.
        let samples: [Float]
        var testDescription: String { "\(width)x\(height) kernel \(kernel.map { "\($0.rows)x\($0.columns)" } ?? "default") clip \(clip) bins \(bins)" }
    }

    /// Reference numbers from scikit-image 0.26.0 `equalize_adapthist` on the same pattern
    /// (float64 input; the float32 input Pleura uses agrees to 1e-7 per pixel).
    static let cases = [
        Case(width: 37, height: 29, kernel: nil, clip: 0.01, bins: 256, sum: 568.8893909383512, weightedSum: 2239.333250804654,
             samples: [0.0704382, 0.154927, 0.4084551, 0.4929438, 0.4225056]),
        Case(width: 40, height: 30, kernel: (8, 8), clip: 0.03, bins: 256, sum: 612.937748015873, weightedSum: 2455.292906746032,
             samples: [0.0, 0.1428571, 0.3492063, 0.3333333, 0.4444444]),
        Case(width: 40, height: 30, kernel: (6, 10), clip: 0, bins: 64, sum: 610.2911306702777, weightedSum: 2447.0805687203792,
             samples: [0.0252354, 0.126054, 0.3277528, 0.4453745, 0.4117068]),
        Case(width: 23, height: 17, kernel: (5, 5), clip: 0.5, bins: 256, sum: 198.33911320287342, weightedSum: 786.5265048303195,
             samples: [0.0260094, 0.1883205, 0.3506317, 0.837627, 0.7093758]),
    ]

    @Test(arguments: cases)
    func matchesSkimage(_ c: Case) {
        let out = CLAHE.skimage(Self.pattern(c.width, c.height), kernelSize: c.kernel, clipLimit: c.clip, bins: c.bins)
        let sum = out.pixels.reduce(0.0) { $0 + Double($1) }
        let weighted = out.pixels.enumerated().reduce(0.0) { $0 + Double($1.element) * Double($1.offset % 7 + 1) }
        #expect(abs(sum - c.sum) < 1e-4)
        #expect(abs(weighted - c.weightedSum) < 1e-3)
        let n = out.count
        let picked = [0, 1, c.width, n / 2, n - 1].map { out.pixels[$0] }
        #expect(zip(picked, c.samples).allSatisfy { abs($0 - $1) < 1e-6 }, "\(picked)")
    }

    /// scikit-image 0.26.0 on the real chest X-ray (uint8) with the defaults (kernel 64x64, clip 0.01).
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func matchesSkimageOnARealRadiograph() throws {
        let out = CLAHE.skimage(try PNG.read(path: SharedData.chestPNG))
        let mean = out.pixels.reduce(0.0) { $0 + Double($1) } / Double(out.count)
        let variance = out.pixels.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(out.count)
        #expect(abs(mean - 0.5298584685391343) < 1e-6)
        #expect(abs(variance.squareRoot() - 0.2597899514498535) < 1e-6)
        #expect(abs(out[200, 100] - 0.384624808575804) < 1e-6 && out[0, 511] == 1)
    }

    /// skimage's clip_histogram worked by hand: 4 bins [10, 0, 1, 5], limit 3.
    /// Excess 7 + 2 = 9; increment 9 / 4 = 2, upper 1: bin 1 (0 < 1) gets 2 -> [3, 2, 1, 3],
    /// excess 7; bins in [1, 3) go to 3 (excess 7 - 1 - 2 = 4) -> [3, 3, 3, 3]; the rest is dropped.
    @Test func clipHistogramByHand() {
        var h = [10, 0, 1, 5]
        CLAHE.clipHistogram(&h, limit: 3)
        #expect(h == [3, 3, 3, 3])
        // Limit 6 over [9, 0, 0, 0, 0, 0, 0, 0]: excess 3, increment 0, upper 6, nothing mid;
        // strides: 7 bins under the limit, step max(1, 7 / 3) = 2 from index 0 -> bins 2, 4, 6.
        var g = [9, 0, 0, 0, 0, 0, 0, 0]
        CLAHE.clipHistogram(&g, limit: 6)
        #expect(g == [6, 0, 1, 0, 1, 0, 1, 0])
    }

    @Test func flatImagesAreLeftAlone() {
        let flat = Image(width: 9, height: 9, fill: 0.3)
        #expect(CLAHE.skimage(flat) == flat)
    }

    /// A clip limit of 1 already allows a whole tile in one bin, so it clips nothing, as 0
    /// does; a limit no integer holds (a user's `clahe=1e300`) must mean the same, not trap.
    @Test func aHugeClipLimitClipsNothing() {
        let image = Self.pattern(40, 24)
        let unclipped = CLAHE.skimage(image, clipLimit: 0)
        #expect(CLAHE.skimage(image, clipLimit: 1).pixels == unclipped.pixels)
        #expect(CLAHE.skimage(image, clipLimit: 1e300).pixels == unclipped.pixels)
        #expect(CLAHE.skimage(image, clipLimit: .infinity).pixels == unclipped.pixels)
    }
}
