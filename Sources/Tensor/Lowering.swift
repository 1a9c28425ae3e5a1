/// im2col lowering for 2-D convolutions.
///
/// A convolution relates a *plane-space* tensor `[N, C, H, W]` (the conv's input) and a
/// *column-space* tensor `[N, O, outH, outW]` (its output) through a weight `[O, C/g, kh, kw]`.
/// With `col(X)` the `[C/g·kh·kw, outH·outW]` matrix of input windows, every convolution
/// pass is one of three products:
///
///     forward               Y  = W · col(X)
///     weight gradient       dW += dY · col(X)ᵀ
///     input gradient        dX += col2im(Wᵀ · dY)
///
/// and a transposed convolution is the same three with the roles of X and Y swapped.
/// Columns are processed in tiles whose lowered matrix stays cache-sized; a tile spans
/// several whole images when images are small (deep levels), so the GEMMs stay large,
/// and part of one image when they are big (shallow levels), so the buffer stays in cache.
struct ConvGeometry: Equatable {
    var channels: Int        // plane-space channels per group
    var height: Int, width: Int
    var kh: Int, kw: Int
    var sh: Int, sw: Int
    var ph: Int, pw: Int
    var dh: Int, dw: Int
    var outH: Int, outW: Int

    /// Rows of the lowered matrix (C/g · kh · kw).
    var rows: Int { channels * kh * kw }
    /// Columns per image (outH · outW).
    var columns: Int { outH * outW }
    var planeSize: Int { height * width }
}

/// A run of columns from one image inside a tile.
struct TileSegment {
    var image: Int
    var columns: Range<Int>
    var offset: Int     // where the run starts inside the tile
}

struct Tile {
    var segments: [TileSegment]
    var width: Int
}

/// Target size of one lowered tile, in floats (4 MiB): large enough for efficient GEMMs,
/// small enough to stay in cache between the lowering and the product.
let loweredTileBudget = 1 << 20

func makeTiles(images: Int, geometry g: ConvGeometry, budget: Int = loweredTileBudget) -> [Tile] {
    let perImage = g.columns
    let maxWidth = max(g.outW, budget / max(1, g.rows))
    var tiles: [Tile] = []
    if perImage >= maxWidth {
        // Split each image into bands of whole output rows.
        let band = max(1, maxWidth / g.outW) * g.outW
        for n in 0..<images {
            var start = 0
            while start < perImage {
                let end = min(perImage, start + band)
                tiles.append(Tile(segments: [TileSegment(image: n, columns: start..<end, offset: 0)], width: end - start))
                start = end
            }
        }
    } else {
        // Group whole images.
        let per = max(1, maxWidth / perImage)
        var n = 0
        while n < images {
            let count = min(per, images - n)
            let segments = (0..<count).map { TileSegment(image: n + $0, columns: 0..<perImage, offset: $0 * perImage) }
            tiles.append(Tile(segments: segments, width: count * perImage))
            n += count
        }
    }
    return tiles
}

/// Writes the windows of `tile` into `col` ([rows, tile.width], row-major).
/// `plane(n)` points at image n's first channel of the current group.
func im2col(_ plane: (Int) -> UnsafePointer<Float>, _ g: ConvGeometry, _ tile: Tile,
            into col: UnsafeMutablePointer<Float>) {
    let ld = tile.width
    Parallel.chunks(g.rows, minChunk: 1) { rows in
        for k in rows {
            let c = k / (g.kh * g.kw), ky = (k / g.kw) % g.kh, kx = k % g.kw
            let dst = col + k * ld
            for s in tile.segments {
                let src = plane(s.image) + c * g.planeSize
                forEachOutputRun(g, s.columns, ky, kx) { p, ox0, ox1, iy, ix0 in
                    let d = dst + s.offset + (p - s.columns.lowerBound)
                    guard iy >= 0 && iy < g.height else {
                        d.update(repeating: 0, count: ox1 - ox0)
                        return
                    }
                    let len = ox1 - ox0
                    let (j0, j1) = validRun(ix0, g.sw, len, g.width)
                    d.update(repeating: 0, count: j0)
                    let row = src + iy * g.width + ix0
                    if g.sw == 1 {
                        (d + j0).update(from: row + j0, count: j1 - j0)
                    } else {
                        for j in j0..<j1 { d[j] = row[j * g.sw] }
                    }
                    (d + j1).update(repeating: 0, count: len - j1)
                }
            }
        }
    }
}

/// Adds `col` ([rows, tile.width]) back into the planes it was lowered from.
/// Threads own whole channels, so no two write the same pixel.
func col2im(_ col: UnsafePointer<Float>, _ g: ConvGeometry, _ tile: Tile,
            into plane: (Int) -> UnsafeMutablePointer<Float>) {
    let ld = tile.width
    Parallel.chunks(g.channels, minChunk: 1) { channels in
        for c in channels {
            for ky in 0..<g.kh {
                for kx in 0..<g.kw {
                    let src = col + (c * g.kh * g.kw + ky * g.kw + kx) * ld
                    for s in tile.segments {
                        let dst = plane(s.image) + c * g.planeSize
                        forEachOutputRun(g, s.columns, ky, kx) { p, ox0, ox1, iy, ix0 in
                            guard iy >= 0 && iy < g.height else { return }
                            let a = src + s.offset + (p - s.columns.lowerBound)
                            let (j0, j1) = validRun(ix0, g.sw, ox1 - ox0, g.width)
                            let row = dst + iy * g.width + ix0
                            if g.sw == 1 {
                                for j in j0..<j1 { row[j] += a[j] }
                            } else {
                                for j in j0..<j1 { row[j * g.sw] += a[j] }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Splits a column range into runs within one output row, giving for each run its first
/// column p, its output x range, the input row it reads for tap (ky, kx) and the input x of
/// its first column.
@inline(__always)
private func forEachOutputRun(_ g: ConvGeometry, _ columns: Range<Int>, _ ky: Int, _ kx: Int,
                              _ body: (_ p: Int, _ ox0: Int, _ ox1: Int, _ iy: Int, _ ix0: Int) -> Void) {
    var p = columns.lowerBound
    while p < columns.upperBound {
        let oy = p / g.outW, ox0 = p % g.outW
        let ox1 = min(g.outW, ox0 + (columns.upperBound - p))
        body(p, ox0, ox1, oy * g.sh - g.ph + ky * g.dh, ox0 * g.sw - g.pw + kx * g.dw)
        p += ox1 - ox0
    }
}

/// The run positions j in 0..<len whose input column ix0 + j·stride lies inside [0, width).
@inline(__always)
private func validRun(_ ix0: Int, _ stride: Int, _ len: Int, _ width: Int) -> (Int, Int) {
    let first = ix0 >= 0 ? 0 : (-ix0 + stride - 1) / stride
    let end = ix0 >= width ? 0 : (width - ix0 + stride - 1) / stride
    let j0 = min(first, len)
    return (j0, max(j0, min(end, len)))
}
