import Tensor

/// Resizing images and masks to any size, one axis at a time.
///
/// Along an axis that shrinks, each output pixel is the exact area average of the source
/// pixels it covers, with fractional edge weights for non-integer ratios, as cv2.INTER_AREA
/// (PIL's BOX agrees at integer ratios; at others it weighs whole pixels by their centres).
/// Along an axis that grows, it is bilinear with half-pixel centres (align_corners=false,
/// as cv2.INTER_LINEAR and torch's bilinear), clamped at the borders. An axis that keeps
/// its size is copied.
public enum Resize {
    /// The most pixels a resize makes (16384 x 16384): a size from user input beyond it is
    /// an error, not an allocation of any size.
    public static let maximumPixels = 1 << 28

    /// `image` resized to `width` x `height` (both at least 1). Throws `ShapeError` for a size
    /// below 1x1 or above `maximumPixels`, or an empty image.
    public static func image(_ image: Image, width: Int, height: Int) throws -> Image {
        if image.width == width && image.height == height { return image }
        let pixels = try image.pixels.withUnsafeBufferPointer {
            try resample($0, width: image.width, height: image.height, toWidth: width, toHeight: height)
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// Resamples row-major samples of any type to `toWidth` x `toHeight` floats.
    ///
    /// The axis that shrinks most cheaply goes first: when rows shrink, the vertical pass
    /// (whole rows weighted and summed, which vectorises) runs on the source and the
    /// per-pixel horizontal pass only on the fewer output rows; otherwise the other way.
    static func resample<Sample: ResizeSample>(_ source: UnsafeBufferPointer<Sample>, width: Int, height: Int,
                                               toWidth: Int, toHeight: Int) throws -> [Float] {
        try check(toWidth: toWidth, toHeight: toHeight)
        guard width > 0 && height > 0 else {
            throw ShapeError("resize", "cannot resize an empty \(width)x\(height) image to \(toWidth)x\(toHeight)")
        }
        let columns = AxisWeights(from: width, to: toWidth)
        let rows = AxisWeights(from: height, to: toHeight)
        var result = [Float](repeating: 0, count: toWidth * toHeight)
        if toHeight < height {
            var between = [Float](repeating: 0, count: toHeight * width)
            between.withUnsafeMutableBufferPointer { rows.applyDown(source, width: width, into: $0) }
            between.withUnsafeBufferPointer { between in
                result.withUnsafeMutableBufferPointer { columns.applyAcross(between, rows: toHeight, into: $0) }
            }
        } else {
            var between = [Float](repeating: 0, count: height * toWidth)
            between.withUnsafeMutableBufferPointer { columns.applyAcross(source, rows: height, into: $0) }
            between.withUnsafeBufferPointer { between in
                result.withUnsafeMutableBufferPointer { rows.applyDown(between, width: toWidth, into: $0) }
            }
        }
        return result
    }

    /// `mask` resized by the same area/bilinear rule, then thresholded: a pixel is set when
    /// at least half of it is covered (value >= 0.5, the same cut as `> 127` on 0-255).
    public static func mask(_ mask: Mask, width: Int, height: Int) throws -> Mask {
        if mask.width == width && mask.height == height { return mask }
        let coverage = try image(Image(width: mask.width, height: mask.height, pixels: mask.pixels.map { $0 != 0 ? 1 : 0 }),
                             width: width, height: height)
        return Mask(width: width, height: height, pixels: coverage.pixels.map { $0 >= 0.5 ? 1 : 0 })
    }

    /// Throws unless `toWidth` x `toHeight` is a size a resize can make.
    public static func check(toWidth: Int, toHeight: Int) throws {
        guard toWidth >= 1, toHeight >= 1 else {
            throw ShapeError("resize", "the size must be at least 1x1, got \(toWidth)x\(toHeight)")
        }
        let (pixels, overflow) = toWidth.multipliedReportingOverflow(by: toHeight)
        guard !overflow, pixels <= maximumPixels else {
            throw ShapeError("resize", "the size \(toWidth)x\(toHeight) exceeds the limit of \(maximumPixels) pixels")
        }
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

    /// Resamples every row (`rows` of them, each `first.count`-wide output from a source row
    /// of the matching length) along the row: the horizontal pass.
    func applyAcross<Sample: ResizeSample>(_ source: UnsafeBufferPointer<Sample>, rows: Int,
                                           into out: UnsafeMutableBufferPointer<Float>) {
        let outWidth = first.count
        let inWidth = source.count / max(1, rows)
        first.withUnsafeBufferPointer { first in
            count.withUnsafeBufferPointer { count in
                weights.withUnsafeBufferPointer { weights in
                    Parallel.chunks(rows, minChunk: max(1, 16_384 / max(1, inWidth))) { range in
                        for y in range {
                            let line = source.baseAddress! + y * inWidth
                            let target = out.baseAddress! + y * outWidth
                            for i in 0..<outWidth {
                                var sum: Float = 0
                                let start = line + first[i]
                                for k in 0..<count[i] { sum += weights[taps * i + k] * start[k].floatValue }
                                target[i] = sum
                            }
                        }
                    }
                }
            }
        }
    }

    /// Resamples down the columns: each output row is a weighted sum of a few whole source
    /// rows of `width` samples, so the inner loop runs along contiguous memory.
    func applyDown<Sample: ResizeSample>(_ source: UnsafeBufferPointer<Sample>, width: Int,
                                         into out: UnsafeMutableBufferPointer<Float>) {
        Parallel.chunks(first.count, minChunk: max(1, 16_384 / max(1, width))) { range in
            for y in range {
                let row = out.baseAddress! + y * width
                row.initialize(repeating: 0, count: width)
                for k in 0..<count[y] {
                    let w = weights[taps * y + k]
                    let input = source.baseAddress! + (first[y] + k) * width
                    for x in 0..<width { row[x] += w * input[x].floatValue }
                }
            }
        }
    }
}

/// A sample type the resizer reads directly, so 8-bit decoder output needs no float copy.
protocol ResizeSample {
    var floatValue: Float { get }
}

extension Float: ResizeSample {
    @inline(__always) var floatValue: Float { self }
}

extension UInt8: ResizeSample {
    @inline(__always) var floatValue: Float { Float(self) }
}

extension Int32: ResizeSample {
    @inline(__always) var floatValue: Float { Float(self) }
}
