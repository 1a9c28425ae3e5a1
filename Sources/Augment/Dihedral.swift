import Imaging
import Tensor

/// One of the eight symmetries of the pixel grid (flips, transpose, quarter turns). They move
/// pixels without interpolation, so they are bit exact on the image and the mask.
struct Dihedral: Sendable, Equatable {
    /// Read the source at (y, x) instead of (x, y) before flipping.
    var swapsAxes = false
    /// Mirror the source column, after any swap.
    var flipsX = false
    /// Mirror the source row, after any swap.
    var flipsY = false

    static let horizontalFlip = Dihedral(flipsX: true)
    static let verticalFlip = Dihedral(flipsY: true)
    static let transpose = Dihedral(swapsAxes: true)

    /// `np.rot90(img, k)`: k counter-clockwise quarter turns.
    static func rotation(quarterTurns k: Int) -> Dihedral {
        switch ((k % 4) + 4) % 4 {
        case 1: return Dihedral(swapsAxes: true, flipsX: true)   // out(x, y) = in(W-1-y, x)
        case 2: return Dihedral(flipsX: true, flipsY: true)      // out(x, y) = in(W-1-x, H-1-y)
        case 3: return Dihedral(swapsAxes: true, flipsY: true)   // out(x, y) = in(y, H-1-x)
        default: return Dihedral()
        }
    }

    func apply(to pair: Pair) -> Pair {
        let w = outWidth(pair), h = outHeight(pair)
        return Pair(checked: Image(width: w, height: h, pixels: permute(pair.image.pixels, pair)),
                    Mask(width: w, height: h, pixels: permute(pair.mask.pixels, pair)))
    }

    private func outWidth(_ pair: Pair) -> Int { swapsAxes ? pair.height : pair.width }
    private func outHeight(_ pair: Pair) -> Int { swapsAxes ? pair.width : pair.height }

    private func permute<T: BitwiseCopyable>(_ pixels: [T], _ pair: Pair) -> [T] {
        let (w, h) = (pair.width, pair.height)
        let ow = outWidth(pair), oh = outHeight(pair)
        guard ow > 0, oh > 0 else { return pixels }
        return [T](unsafeUninitializedCapacity: pixels.count) { out, count in
            pixels.withUnsafeBufferPointer { src in
                Parallel.chunks(oh, minChunk: max(1, 16_384 / ow)) { rows in
                    if !swapsAxes {
                        // Whole rows: a copy or a reversed copy, both of which vectorise.
                        for y in rows {
                            let from = src.baseAddress! + (flipsY ? h - 1 - y : y) * w, row = out.baseAddress! + y * ow
                            if flipsX {
                                // Wrapping index arithmetic: an overflow check would keep the loop
                                // from vectorising.
                                let last = from + (w &- 1)
                                for x in 0..<w { row[x] = last[0 &- x] }
                            } else {
                                row.initialize(from: from, count: w)
                            }
                        }
                        return
                    }
                    // Axes swapped: output row y is source column y (or W−1−y), read down
                    // (or up) the source, a constant step apart.
                    let step = flipsY ? -w : w
                    for y in rows {
                        var i = (flipsY ? h - 1 : 0) * w + (flipsX ? w - 1 - y : y)
                        let row = out.baseAddress! + y * ow
                        for x in 0..<ow {
                            row[x] = src[i]
                            i &+= step
                        }
                    }
                }
            }
            count = pixels.count
        }
    }
}
