import Core
import Tensor

/// Motion blur as albumentations draws it: a k x k kernel (k odd, from `blur_limit`) holding
/// one 8-connected line between two random cells, normalised to sum 1, correlated with the
/// image (`cv2.filter2D`, BORDER_REFLECT_101). With `allow_shifted` false the line is moved
/// so that its middle sits on the kernel centre; otherwise the blur can shift the image by
/// up to (k−1)/2 pixels against the mask, as albumentations' can.
public struct MotionBlur: Transform {
    public static let name = "motion_blur"
    public let blurLimit: ClosedRange<Int>
    public let allowShifted: Bool
    public let p: Double

    public init(blurLimit: ClosedRange<Int> = 3...7, allowShifted: Bool = true, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try require(blurLimit.lowerBound >= 3 && blurLimit.upperBound <= GaussianBlur.largestKernel
                        && oddSizes(blurLimit).count > 0, Self.name, "blur_limit",
                    "needs an odd kernel size between 3 and \(GaussianBlur.largestKernel)")
        self.blurLimit = blurLimit
        self.allowShifted = allowShifted
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [
            .init("blur_limit", .range(Double(blurLimit.lowerBound), Double(blurLimit.upperBound))),
            .init("allow_shifted", .flag(allowShifted)), .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let sizes = oddSizes(blurLimit)
        let k = sizes[rng.int(below: sizes.count)]
        var x1 = rng.int(below: k), x2 = rng.int(below: k)
        var y1: Int, y2: Int
        if x1 == x2 {   // random.sample(range(k), 2): two distinct rows, so the line is never a dot
            y1 = rng.int(below: k)
            y2 = rng.int(below: k - 1)
            if y2 >= y1 { y2 += 1 }
        } else {
            y1 = rng.int(below: k)
            y2 = rng.int(below: k)
        }
        if !allowShifted {
            (x1, x2) = centred(x1, x2, k)
            (y1, y2) = centred(y1, y2, k)
        }
        drawn.append(Drawn(Self.name, [.init("ksize", Double(k)), .init("x1", Double(x1)), .init("y1", Double(y1)),
                                       .init("x2", Double(x2)), .init("y2", Double(y2))]))
        let cells = lineCells(from: (x1, y1), to: (x2, y2))
        let r = k / 2
        let weight = 1 / Float(cells.count)
        let taps = cells.map { Tap(dx: $0.x - r, dy: $0.y - r, weight: weight) }
        return pair.with(image: sparseFilter(pair.image, taps: taps, radius: r, mode: .reflect101))
    }
}

/// albumentations' recentring for `allow_shifted=False`: shorten the span to an odd length,
/// then move it so its middle is the kernel centre.
private func centred(_ a: Int, _ b: Int, _ k: Int) -> (Int, Int) {
    var (a, b) = (a, b)
    if (abs(a - b) + 1) % 2 == 0 {
        if b > a { b -= 1 } else { a -= 1 }
    }
    let shift = (a + b) / 2 - (k - 1) / 2
    return (a - shift, b - shift)
}

/// The cells of an 8-connected Bresenham line from `a` to `b`, both ends included.
func lineCells(from a: (x: Int, y: Int), to b: (x: Int, y: Int)) -> [(x: Int, y: Int)] {
    let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
    let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
    var (x, y) = a
    var err = dx + dy
    var cells: [(x: Int, y: Int)] = []
    while true {
        cells.append((x, y))
        if x == b.x && y == b.y { return cells }
        let e2 = 2 * err
        if e2 >= dy { err += dy; x += sx }
        if e2 <= dx { err += dx; y += sy }
    }
}
