import Foundation
import Imaging
import Render

/// Gray as a PNG reader sees an RGB pixel: the ITU-R 601 weights in Pillow's fixed point,
/// `(19595 R + 38470 G + 7471 B + 32768) >> 16`.
func luma(_ c: RGB) -> Int {
    (19595 * Int(c.r) + 38470 * Int(c.g) + 7471 * Int(c.b) + 32768) >> 16
}

/// A figure's PNG decoded back to gray samples (row-major, one per pixel).
func decodedPNG(_ figure: some Figure) throws -> GraySamples {
    try PNG.decodeSamples(figure.pngData(), source: "<figure>")
}

/// A mask with the rectangle [x0, x1] x [y0, y1] (inclusive) set.
func rectangleMask(width: Int, height: Int, x0: Int, x1: Int, y0: Int, y1: Int) -> Mask {
    var mask = Mask(width: width, height: height)
    for y in y0...y1 { for x in x0...x1 { mask[x, y] = 1 } }
    return mask
}

/// Where a chart's axes are in a decoded figure: the x axis is the row holding the longest
/// horizontal run of `ink`; the y axis is the column along that run with the longest run of
/// ink rising from it (the run also holds the zero tick, which sticks out left of the y axis),
/// and the plot's top is where that column's run ends.
struct FoundAxes {
    let left: Int, right: Int, top: Int, bottom: Int

    init?(_ gray: GraySamples, ink: Int) {
        func value(_ x: Int, _ y: Int) -> Int { Int(gray.values[y * gray.width + x]) }
        var best = (length: 0, row: 0, start: 0)
        for y in 0..<gray.height {
            var run = 0
            for x in 0..<gray.width {
                run = value(x, y) == ink ? run + 1 : 0
                if run > best.length { best = (run, y, x - run + 1) }
            }
        }
        guard best.length > 10 else { return nil }
        func rise(_ x: Int) -> Int {
            var top = best.row
            while top > 0, value(x, top - 1) == ink { top -= 1 }
            return best.row - top
        }
        let run = best.start..<(best.start + best.length)
        guard let axis = run.max(by: { rise($0) < rise($1) }) else { return nil }
        left = axis
        right = run.upperBound - 1
        bottom = best.row
        top = best.row - rise(axis)
    }
}
