import Tensor

/// Resizing images and masks to any size, one axis at a time.
///
/// Along an axis that shrinks, each output pixel is the exact area average of the source
/// pixels it covers, with fractional edge weights for non-integer ratios, as cv2.INTER_AREA
/// (PIL's BOX agrees at integer ratios; at others it weighs whole pixels by their centres). Along an axis that grows, it is bilinear with half-pixel
/// centres (align_corners=false, as cv2.INTER_LINEAR and torch's bilinear), clamped at the
/// borders. An axis that keeps its size is copied.
public enum Resize {
    /// `image` resized to `width` x `height` (both at least 1).
    public static func image(_ image: Image, width: Int, height: Int) -> Image {
        precondition(width > 0 && height > 0, "Resize needs a positive size, got \(width)x\(height)")
        if image.width == width && image.height == height { return image }
        precondition(image.width > 0 && image.height > 0, "cannot resize an empty image")
        let columns = AxisWeights(from: image.width, to: width)
        let rows = AxisWeights(from: image.height, to: height)
        // Horizontal pass: every source row, resampled to the new width.
        var across = [Float](repeating: 0, count: image.height * width)
        image.pixels.withUnsafeBufferPointer { source in
            across.withUnsafeMutableBufferPointer { out in
                Parallel.chunks(image.height, minChunk: max(1, 16_384 / max(1, image.width))) { range in
                    for y in range {
                        columns.applyAlong(source.baseAddress! + y * image.width, into: out.baseAddress! + y * width)
                    }
                }
            }
        }
        // Vertical pass: each output row mixes a few of those rows, column by column.
        var result = [Float](repeating: 0, count: width * height)
        across.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                Parallel.chunks(height, minChunk: max(1, 16_384 / width)) { range in
                    for y in range { rows.applyRows(source, width: width, output: y, into: out) }
                }
            }
        }
        return Image(width: width, height: height, pixels: result)
    }

    /// `mask` resized by the same area/bilinear rule, then thresholded: a pixel is set when
    /// at least half of it is covered (value >= 0.5, the same cut as `> 127` on 0-255).
    public static func mask(_ mask: Mask, width: Int, height: Int) -> Mask {
        if mask.width == width && mask.height == height { return mask }
        let coverage = image(Image(width: mask.width, height: mask.height, pixels: mask.pixels.map { $0 != 0 ? 1 : 0 }),
                             width: width, height: height)
        return Mask(width: width, height: height, pixels: coverage.pixels.map { $0 >= 0.5 ? 1 : 0 })
    }
}

/// The resampling weights along one axis: for each output index, a run of consecutive
/// source indices starting at `first[i]` with weights `weights[taps * i ..< taps * i + count[i]]`.
struct AxisWeights {
    let taps: Int
    var first: [Int]
    var count: [Int]
    var weights: [Float]

    init(from source: Int, to target: Int) {
        if target < source {
            self.init(area: source, target)
        } else {
            self.init(bilinear: source, target)
        }
    }

    /// Output pixel i covers [i s, (i + 1) s) in source coordinates, s = source / target;
    /// each source pixel weighs its overlap with that interval, divided by s.
    private init(area source: Int, _ target: Int) {
        let scale = Double(source) / Double(target)
        taps = Int(scale.rounded(.up)) + 1
        first = [Int](repeating: 0, count: target)
        count = [Int](repeating: 0, count: target)
        weights = [Float](repeating: 0, count: taps * target)
        for i in 0..<target {
            let lo = Double(i) * scale, hi = Double(i + 1) * scale
            let start = Int(lo.rounded(.down))
            let end = min(source, Int(hi.rounded(.up)))
            first[i] = start
            count[i] = end - start
            for j in start..<end {
                let overlap = min(hi, Double(j + 1)) - max(lo, Double(j))
                weights[taps * i + j - start] = Float(overlap / scale)
            }
        }
    }

    /// Output pixel i samples the source at (i + 0.5) source / target - 0.5, clamped to
    /// [0, source - 1], between its two nearest source pixels.
    private init(bilinear source: Int, _ target: Int) {
        let scale = Double(source) / Double(target)
        taps = 2
        first = [Int](repeating: 0, count: target)
        count = [Int](repeating: 0, count: target)
        weights = [Float](repeating: 0, count: 2 * target)
        for i in 0..<target {
            let x = min(Double(source - 1), max(0, (Double(i) + 0.5) * scale - 0.5))
            let j = min(source - 1, Int(x.rounded(.down)))
            let t = x - Double(j)
            first[i] = j
            if j + 1 < source && t > 0 {
                count[i] = 2
                weights[2 * i] = Float(1 - t)
                weights[2 * i + 1] = Float(t)
            } else {
                count[i] = 1
                weights[2 * i] = 1
            }
        }
    }

    /// Resamples one contiguous line of the source into one line of the output.
    @inline(__always)
    func applyAlong(_ source: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        first.withUnsafeBufferPointer { first in
            count.withUnsafeBufferPointer { count in
                weights.withUnsafeBufferPointer { weights in
                    for i in 0..<first.count {
                        var sum: Float = 0
                        let line = source + first[i]
                        for k in 0..<count[i] { sum += weights[taps * i + k] * line[k] }
                        out[i] = sum
                    }
                }
            }
        }
    }

    /// Writes output row `output` of a vertical pass: a weighted sum of whole source rows
    /// of `width` pixels, so the inner loop runs along contiguous memory.
    @inline(__always)
    func applyRows(_ source: UnsafeBufferPointer<Float>, width: Int, output: Int,
                   into out: UnsafeMutableBufferPointer<Float>) {
        let row = out.baseAddress! + output * width
        row.initialize(repeating: 0, count: width)
        for k in 0..<count[output] {
            let w = weights[taps * output + k]
            let input = source.baseAddress! + (first[output] + k) * width
            for x in 0..<width { row[x] += w * input[x] }
        }
    }
}
