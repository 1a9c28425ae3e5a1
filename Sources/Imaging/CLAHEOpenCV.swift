import Tensor

extension CLAHE {
    /// CLAHE on 8-bit samples with OpenCV's `createCLAHE(clipLimit, tileGridSize).apply`
    /// semantics, which albumentations' `CLAHE(clip_limit=4.0, tile_grid_size=(8, 8))` calls:
    ///
    /// - the image is cut into `tiles.x` x `tiles.y` tiles; when a side does not divide evenly,
    ///   the image is first extended at the bottom and right by mirroring (BORDER_REFLECT_101)
    ///   by `tiles - side % tiles` on both sides, as OpenCV does;
    /// - each tile's 256-bin histogram is clipped at `max(1, Int(clipLimit * tilePixels / 256))`,
    ///   the excess spread evenly with the remainder one count per `256 / remainder` bins;
    /// - a tile's lookup table is its cumulative count times `255 / tilePixels` (Float32),
    ///   rounded to nearest;
    /// - each pixel blends the four nearest tiles' tables bilinearly (Float32, tile centres at
    ///   half a tile, clamped at the borders) and rounds to nearest.
    public static func opencv(_ pixels: [UInt8], width: Int, height: Int,
                              clipLimit: Double = 4, tiles: (x: Int, y: Int) = (8, 8)) -> [UInt8] {
        precondition(pixels.count == width * height, "CLAHE.opencv needs width * height pixels")
        precondition(tiles.x > 0 && tiles.y > 0, "CLAHE.opencv needs a positive tile grid")
        guard width > 0, height > 0 else { return pixels }
        let divisible = width % tiles.x == 0 && height % tiles.y == 0
        let paddedWidth = divisible ? width : width + tiles.x - width % tiles.x
        let paddedHeight = divisible ? height : height + tiles.y - height % tiles.y
        let tileWidth = paddedWidth / tiles.x, tileHeight = paddedHeight / tiles.y
        let tilePixels = tileWidth * tileHeight
        let limit = clipLimit > 0 ? max(1, Int(min(clipLimit * Double(tilePixels) / 256, Double(tilePixels)))) : Int.max
        let lutScale = Float(255) / Float(tilePixels)

        var luts = [UInt8](repeating: 0, count: tiles.x * tiles.y * 256)
        pixels.withUnsafeBufferPointer { source in
            luts.withUnsafeMutableBufferPointer { luts in
                Parallel.forEach(tiles.x * tiles.y) { tile in
                    let tx = tile % tiles.x, ty = tile / tiles.x
                    var histogram = [Int](repeating: 0, count: 256)
                    // BORDER_REFLECT_101 is numpy's "reflect": mirrored about the edge pixel.
                    for i in 0..<tileHeight {
                        let row = reflect(ty * tileHeight + i, height) * width
                        for j in 0..<tileWidth { histogram[Int(source[row + reflect(tx * tileWidth + j, width)])] += 1 }
                    }
                    var clipped = 0
                    for b in 0..<256 where histogram[b] > limit {
                        clipped += histogram[b] - limit
                        histogram[b] = limit
                    }
                    let batch = clipped / 256
                    var residual = clipped - batch * 256
                    for b in 0..<256 { histogram[b] += batch }
                    if residual > 0 {
                        let step = max(256 / residual, 1)
                        var b = 0
                        while b < 256 && residual > 0 {
                            histogram[b] += 1
                            b += step
                            residual -= 1
                        }
                    }
                    var sum = 0
                    for b in 0..<256 {
                        sum += histogram[b]
                        luts[tile * 256 + b] = saturatingRound(Float(sum) * lutScale)
                    }
                }
            }
        }

        let inverseTileWidth = 1 / Float(tileWidth), inverseTileHeight = 1 / Float(tileHeight)
        let columns = (0..<width).map { OpenCVBlend($0, inverseTileWidth, tiles.x) }
        var result = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeBufferPointer { source in
            luts.withUnsafeBufferPointer { luts in
                result.withUnsafeMutableBufferPointer { out in
                    Parallel.chunks(height, minChunk: max(1, 8192 / width)) { range in
                        for y in range {
                            let row = OpenCVBlend(y, inverseTileHeight, tiles.y)
                            let upper = row.first * tiles.x * 256, lower = row.second * tiles.x * 256
                            for x in 0..<width {
                                let c = columns[x]
                                let v = Int(source[y * width + x])
                                let left = c.first * 256 + v, right = c.second * 256 + v
                                let top = Float(luts[upper + left]) * c.firstWeight + Float(luts[upper + right]) * c.secondWeight
                                let bottom = Float(luts[lower + left]) * c.firstWeight + Float(luts[lower + right]) * c.secondWeight
                                out[y * width + x] = saturatingRound(top * row.firstWeight + bottom * row.secondWeight)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The OpenCV form on a [0, 1] image: quantised to 8 bits (rounded), equalised, scaled back.
    public static func opencv(_ image: Image, clipLimit: Double = 4, tiles: (x: Int, y: Int) = (8, 8)) -> Image {
        let out = opencv(Quantize.toUInt8(image.pixels), width: image.width, height: image.height, clipLimit: clipLimit, tiles: tiles)
        return Image(width: image.width, height: image.height, pixels: out.map { Float($0) / 255 })
    }

    /// `saturate_cast<uchar>(float)`: round half to even, clamp to 0...255.
    @inline(__always)
    static func saturatingRound(_ v: Float) -> UInt8 {
        let r = v.rounded(.toNearestOrEven)
        return r <= 0 ? 0 : r >= 255 ? 255 : UInt8(r)
    }
}

/// OpenCV's interpolation along one axis: the position in tile units, less half a tile,
/// splits between the tile below and the next, clamped to the grid.
private struct OpenCVBlend {
    let first: Int, second: Int
    let firstWeight: Float, secondWeight: Float

    init(_ position: Int, _ inverseTile: Float, _ tiles: Int) {
        let f = Float(position) * inverseTile - 0.5
        let lower = Int(f.rounded(.down))
        secondWeight = f - Float(lower)
        firstWeight = 1 - secondWeight
        first = max(lower, 0)
        second = min(lower + 1, tiles - 1)
    }
}
