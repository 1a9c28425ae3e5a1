import Augment
import Imaging
import Testing
import TestSupport

/// Transforms on the real chest X-ray in ../shared/data/cxr (512 x 512, 8-bit, pixel sum
/// 33,590,126 per the data README).
@Suite(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
struct RealImageTests {
    let xray: Pair

    init() throws {
        let image = try PNG.read(path: SharedData.chestPNG)
        var mask = Mask(width: image.width, height: image.height)
        for y in 150..<300 { for x in 300..<420 { mask[x, y] = 1 } }
        xray = try Pair(image: image, mask: mask)
    }

    func eightBitSum(_ image: Image) -> Int { image.pixels.reduce(0) { $0 + Int(($1 * 255).rounded()) } }

    @Test func exactTransformsKeepEveryPixel() throws {
        #expect(xray.width == 512 && xray.height == 512)
        #expect(eightBitSum(xray.image) == 33_590_126)
        for t: any Transform in [try HorizontalFlip(), try VerticalFlip(), try Transpose(), try RandomRotate90()] {
            for seed in UInt64(0)..<3 {
                let out = force(t, xray, seed: seed).pair
                #expect(eightBitSum(out.image) == 33_590_126, "\(t)")
                #expect(out.mask.area == xray.mask.area, "\(t)")
            }
        }
    }

    private func localContrast(_ image: Image) -> Double {
        var total = 0.0
        for y in 0..<image.height { for x in 1..<image.width { total += Double(abs(image[x, y] - image[x - 1, y])) } }
        return total / Double(image.height * (image.width - 1))
    }

    /// skimage's CLAHE stretches its result onto [0, 1], leaves the mask alone and raises local
    /// contrast (the mean difference between horizontal neighbours).
    @Test func skimageCLAHERaisesLocalContrast() throws {
        let (out, drawn) = force(try RandomCLAHE(method: .skimage), xray)
        let c = try #require(drawn.first?["clip_limit"])
        #expect(c >= 1 && c < 4)
        #expect(out.image.pixels.min() == 0 && out.image.pixels.max() == 1)
        #expect(out.mask == xray.mask)
        #expect(localContrast(out.image) > 1.2 * localContrast(xray.image))
    }

    /// The default is OpenCV's CLAHE, which albumentations runs: on the image's 8-bit
    /// samples, so the result is whole steps of 1/255, and it does not stretch the result
    /// (unlike skimage's); it too leaves the mask alone and raises local contrast.
    @Test func openCVCLAHEIsTheDefault() throws {
        #expect(try RandomCLAHE().method == .opencv)
        let (out, drawn) = force(try RandomCLAHE(), xray)
        let c = try #require(drawn.first?["clip_limit"])
        #expect(c >= 1 && c < 4)
        #expect(out.image.pixels.allSatisfy { ($0 * 255).rounded() == $0 * 255 })
        #expect(out.mask == xray.mask)
        #expect(localContrast(out.image) > 1.2 * localContrast(xray.image))
        let skimage = force(try RandomCLAHE(method: .skimage), xray).pair
        #expect(out.image != skimage.image)
    }

    @Test func presetIsDeterministicOnTheXray() throws {
        let preset = try Presets.siim2019(size: 512)
        let a = preset.preview(xray, n: 4, seed: 11), b = preset.preview(xray, n: 4, seed: 11)
        #expect(a == b)
        #expect(a.allSatisfy { $0.pair.width == 512 && $0.pair.height == 512 })
    }
}
