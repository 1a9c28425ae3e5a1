import Augment
import Core
import Imaging
import Tensor

/// Small inputs whose every pixel is known, so expected outputs can be written by hand.
enum Fixture {
    /// A w x h image with pixel (x, y) = (x + 10·y)/100 and a mask set where x > y.
    static func ramp(width w: Int, height h: Int) -> Pair {
        var image = Image(width: w, height: h)
        var mask = Mask(width: w, height: h)
        for y in 0..<h {
            for x in 0..<w {
                image[x, y] = Float(x + 10 * y) / 100
                mask[x, y] = x > y ? 1 : 0
            }
        }
        return try! Pair(image: image, mask: mask)
    }

    /// Deterministic pseudo-random pixels in [0, 1] (no generator, so tests stay independent of it).
    static func noise(width w: Int, height h: Int) -> Pair {
        let pixels = (0..<(w * h)).map { Float(($0 &* 2_654_435_761) % 1_000) / 999 }
        let mask = (0..<(w * h)).map { UInt8(($0 &* 40_503) % 7 == 0 ? 1 : 0) }
        return try! Pair(image: Image(width: w, height: h, pixels: pixels), mask: Mask(width: w, height: h, pixels: mask))
    }
}

/// Applies `t` unconditionally with a generator seeded by `seed`.
func force(_ t: any Transform, _ pair: Pair, seed: UInt64 = 1) -> (pair: Pair, drawn: [Drawn]) {
    var rng = SeededGenerator(seed: seed)
    var drawn: [Drawn] = []
    let out = t.applyAlways(to: pair, using: &rng, drawn: &drawn)
    return (out, drawn)
}
