/// Drives the three lowered products of `Lowering.swift` over every tile and group.
/// Pointers that are nil switch a product off:
///
/// - `csOut`:   csOut += W · col(plane)            (conv forward; transposed-conv input gradient)
/// - `dWeight`: dWeight += csIn · col(plane)ᵀ       (weight gradient of both)
/// - `planeOut`: planeOut += col2im(Wᵀ · csIn)      (conv input gradient; transposed-conv forward)
///
/// Plane-space tensors are `[N, groups·g.channels, H, W]`; column-space tensors are
/// `[N, groups·outPerGroup, outH, outW]`; the weight is `[groups·outPerGroup, g.rows]`.
struct ConvDriver {
    let images: Int
    let groups: Int
    let outPerGroup: Int
    let g: ConvGeometry

    var planeImageStride: Int { groups * g.channels * g.planeSize }
    var csImageStride: Int { groups * outPerGroup * g.columns }

    func run(plane: UnsafePointer<Float>?, csIn: UnsafePointer<Float>?, weight: UnsafePointer<Float>,
             csOut: UnsafeMutablePointer<Float>?, dWeight: UnsafeMutablePointer<Float>?,
             planeOut: UnsafeMutablePointer<Float>?) {
        let tiles = makeTiles(images: images, geometry: g)
        let widest = tiles.map(\.width).max() ?? 0
        let col = UnsafeMutablePointer<Float>.allocate(capacity: g.rows * widest)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: outPerGroup * widest)
        defer { col.deallocate(); scratch.deallocate() }
        let og = outPerGroup, k = g.rows

        for tile in tiles {
            let single = tile.segments.count == 1
            let t = tile.width
            for group in 0..<groups {
                let w = weight + group * og * k
                // Where this tile's column-space block lives: in place for one segment, else scratch.
                func csBlock(_ base: UnsafePointer<Float>) -> (UnsafePointer<Float>, Int) {
                    let s = tile.segments[0]
                    if single {
                        return (base + s.image * csImageStride + group * og * g.columns + s.columns.lowerBound, g.columns)
                    }
                    gather(base, group, tile, into: scratch)
                    return (UnsafePointer(scratch), t)
                }

                if let plane, csOut != nil || dWeight != nil {
                    im2col({ plane + $0 * planeImageStride + group * g.channels * g.planeSize }, g, tile, into: col)
                }
                if let csOut {
                    if single {
                        let s = tile.segments[0]
                        let c = csOut + s.image * csImageStride + group * og * g.columns + s.columns.lowerBound
                        sgemm(m: og, n: t, k: k, a: w, lda: k, b: col, ldb: t, beta: 1, c: c, ldc: g.columns)
                    } else {
                        sgemm(m: og, n: t, k: k, a: w, lda: k, b: col, ldb: t, beta: 0, c: scratch, ldc: t)
                        scatterAdd(scratch, group, tile, into: csOut)
                    }
                }
                if let dWeight, let csIn {
                    let (a, lda) = csBlock(csIn)
                    sgemm(transB: true, m: og, n: k, k: t, a: a, lda: lda, b: col, ldb: t,
                          beta: 1, c: dWeight + group * og * k, ldc: k)
                }
                if let planeOut, let csIn {
                    let (b, ldb) = csBlock(csIn)
                    sgemm(transA: true, m: k, n: t, k: og, a: w, lda: k, b: b, ldb: ldb, beta: 0, c: col, ldc: t)
                    col2im(col, g, tile, into: { planeOut + $0 * planeImageStride + group * g.channels * g.planeSize })
                }
            }
        }
    }

    /// Copies a multi-image tile's column-space block into [outPerGroup, tile.width].
    private func gather(_ cs: UnsafePointer<Float>, _ group: Int, _ tile: Tile, into dst: UnsafeMutablePointer<Float>) {
        Parallel.chunks(outPerGroup, minChunk: 1) { rows in
            for o in rows {
                for s in tile.segments {
                    let src = cs + s.image * csImageStride + (group * outPerGroup + o) * g.columns + s.columns.lowerBound
                    (dst + o * tile.width + s.offset).update(from: src, count: s.columns.count)
                }
            }
        }
    }

    /// Adds [outPerGroup, tile.width] back into the column-space tensor.
    private func scatterAdd(_ src: UnsafePointer<Float>, _ group: Int, _ tile: Tile, into cs: UnsafeMutablePointer<Float>) {
        Parallel.chunks(outPerGroup, minChunk: 1) { rows in
            for o in rows {
                for s in tile.segments {
                    let dst = cs + s.image * csImageStride + (group * outPerGroup + o) * g.columns + s.columns.lowerBound
                    let a = src + o * tile.width + s.offset
                    for j in 0..<s.columns.count { dst[j] += a[j] }
                }
            }
        }
    }
}
