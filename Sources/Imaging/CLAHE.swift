import Tensor

/// Contrast Limited Adaptive Histogram Equalization with scikit-image's
/// `exposure.equalize_adapthist` semantics (0.19 and later), step for step:
///
/// 1. the [0, 1] image becomes 16-bit (`rint(x * 65535)`), is stretched from its own
///    min..max onto 0...16383 and rounded (half to even);
/// 2. grey levels fall into `bins` bins of width `1 + 16384 / bins`;
/// 3. contextual regions are `kernelSize` tiles laid from the top-left corner (the last ones
///    reach into the image mirrored at its edge, numpy's "reflect"); each tile's histogram is
///    clipped at `max(1, Int(clipLimit * tilePixels))` (no clipping when `clipLimit` is 0),
///    the excess redistributed exactly as skimage does, and cumulated into a 0...16383 map;
/// 4. each pixel blends the maps of the four nearest tiles bilinearly (Float32 sums, as
///    skimage) and is truncated to an integer;
/// 5. the result is stretched from its min..max onto [0, 1].
///
/// The default kernel is 1/8 of each side (at least 1). An image without contrast is
/// returned unchanged, and a result without contrast is all zeros.
public enum CLAHE {
    static let grayLevels = 16384

    public static func skimage(_ image: Image, kernelSize: (rows: Int, columns: Int)? = nil,
                               clipLimit: Double = 0.01, bins: Int = 256) -> Image {
        let width = image.width, height = image.height
        guard width > 0, height > 0 else { return image }
        precondition(bins >= 1 && bins <= grayLevels, "CLAHE bins must be in 1...16384")
        let kh = max(1, kernelSize?.rows ?? height / 8), kw = max(1, kernelSize?.columns ?? width / 8)

        guard let binned = binnedLevels(image, bins: bins) else { return image }
        let regionRows = (height + kh - 1) / kh, regionColumns = (width + kw - 1) / kw
        let tilePixels = kh * kw
        // A limit of a whole tile clips nothing; capping there keeps a huge clip limit (a
        // user's `clahe=1e300`) inside the integers.
        let limit = clipLimit > 0 ? max(1, Int(min(clipLimit * Double(tilePixels), Double(tilePixels)))) : tilePixels

        // One clipped, cumulated map per region, flattened: maps[(r * regionColumns + c) * bins + bin].
        var maps = [Int32](repeating: 0, count: regionRows * regionColumns * bins)
        binned.withUnsafeBufferPointer { levels in
            maps.withUnsafeMutableBufferPointer { maps in
                Parallel.forEach(regionRows * regionColumns) { region in
                    let r = region / regionColumns, c = region % regionColumns
                    var histogram = [Int](repeating: 0, count: bins)
                    for i in 0..<kh {
                        let row = reflect(r * kh + i, height) * width
                        for j in 0..<kw { histogram[Int(levels[row + reflect(c * kw + j, width)])] += 1 }
                    }
                    clipHistogram(&histogram, limit: limit)
                    let scale = Double(grayLevels - 1) / Double(tilePixels)
                    var sum = 0
                    for b in 0..<bins {
                        sum += histogram[b]
                        maps[region * bins + b] = Int32(min(Double(sum) * scale, Double(grayLevels - 1)))
                    }
                }
            }
        }

        // Blend. Padded coordinate p = y + kh / 2 lies in block p / kh at fraction (p % kh) / kh
        // between map rows (block - 1) and block, clamped to the regions that exist.
        let columns = (0..<width).map { BlendAxis(position: $0, kernel: kw, regions: regionColumns) }
        var result = [UInt16](repeating: 0, count: width * height)
        binned.withUnsafeBufferPointer { levels in
            maps.withUnsafeBufferPointer { maps in
                result.withUnsafeMutableBufferPointer { out in
                    Parallel.chunks(height, minChunk: max(1, 4096 / width)) { range in
                        for y in range {
                            let row = BlendAxis(position: y, kernel: kh, regions: regionRows)
                            for x in 0..<width {
                                let column = columns[x]
                                let level = Int(levels[y * width + x])
                                @inline(__always) func term(_ r: Int, _ c: Int, _ weight: Double) -> Float {
                                    Float(Double(maps[(r * regionColumns + c) * bins + level]) * weight)
                                }
                                var value: Float = 0
                                value += term(row.first, column.first, column.firstWeight * row.firstWeight)
                                value += term(row.first, column.second, column.secondWeight * row.firstWeight)
                                value += term(row.second, column.first, column.firstWeight * row.secondWeight)
                                value += term(row.second, column.second, column.secondWeight * row.secondWeight)
                                out[y * width + x] = UInt16(value)
                            }
                        }
                    }
                }
            }
        }
        return stretched(result, width: width, height: height)
    }

    /// Step 1 and 2: the bin of each pixel, or nil when the image has no contrast.
    private static func binnedLevels(_ image: Image, bins: Int) -> [UInt16]? {
        let wide = image.pixels.map { UInt16(min(65535, max(0, ($0 * 65535).rounded(.toNearestOrEven)))) }
        guard let lo = wide.min(), let hi = wide.max(), lo < hi else { return nil }
        let span = Double(hi - lo), binWidth = 1 + grayLevels / bins
        return wide.map { v in
            let level = (Double(v - lo) / span * Double(grayLevels - 1)).rounded(.toNearestOrEven)
            return UInt16(Int(level) / binWidth)
        }
    }

    /// numpy's "reflect" padding: the index mirrored about the first and last pixel.
    @inline(__always)
    static func reflect(_ p: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let period = 2 * (n - 1)
        let m = ((p % period) + period) % period
        return m < n ? m : period - m
    }

    /// skimage's `clip_histogram`: clip at `limit`, spread the excess evenly, then hand out
    /// what is left one count at a time in strides across the bins below the limit.
    public static func clipHistogram(_ histogram: inout [Int], limit: Int) {
        let n = histogram.count
        var excess = 0
        for b in 0..<n where histogram[b] > limit {
            excess += histogram[b] - limit
            histogram[b] = limit
        }
        let increment = excess / n
        let upper = limit - increment
        for b in 0..<n where histogram[b] < upper {
            histogram[b] += increment
            excess -= increment
        }
        for b in 0..<n where histogram[b] >= upper && histogram[b] < limit {
            excess -= limit - histogram[b]
            histogram[b] = limit
        }
        while excess > 0 {
            let before = excess
            for index in 0..<n {
                var under = 0
                for b in 0..<n where histogram[b] < limit { under += 1 }
                let step = max(1, under / excess)
                for b in stride(from: index, to: n, by: step) where histogram[b] < limit {
                    histogram[b] += 1
                    excess -= 1
                }
                if excess <= 0 { break }
            }
            if before == excess { break }
        }
    }

    /// Step 5: integers stretched from their min..max onto [0, 1].
    private static func stretched(_ values: [UInt16], width: Int, height: Int) -> Image {
        guard let lo = values.min(), let hi = values.max(), lo < hi else { return Image(width: width, height: height) }
        let span = Double(hi - lo)
        return Image(width: width, height: height, pixels: values.map { Float(Double($0 - lo) / span) })
    }
}

/// Where one coordinate falls between two regions' maps, with skimage's weights.
private struct BlendAxis {
    let first: Int, second: Int
    let firstWeight: Double, secondWeight: Double

    init(position: Int, kernel: Int, regions: Int) {
        let padded = position + kernel / 2
        let block = padded / kernel
        let fraction = Double(padded % kernel) / Double(kernel)
        // Map index m (0-based over maps padded by one on each side) is region m - 1, clamped.
        first = min(max(block - 1, 0), regions - 1)
        second = min(max(block, 0), regions - 1)
        firstWeight = 1 - fraction
        secondWeight = fraction
    }
}
