import Foundation
import Core
import Tensor

/// Gaussian blur as `cv2.GaussianBlur(img, (k, k), σ)` with BORDER_REFLECT_101: k is drawn
/// from the odd numbers in `blur_limit`, σ from `sigma_limit`; σ ≤ 0 means OpenCV's default
/// for k (its fixed binomial kernels for k ≤ 7, else σ = 0.3·((k−1)/2 − 1) + 0.8).
public struct GaussianBlur: Transform {
    public static let name = "gaussian_blur"
    public let blurLimit: ClosedRange<Int>
    public let sigmaLimit: ClosedRange<Double>
    public let p: Double

    /// Kernel sizes above this are refused: the padded copy would outgrow any X-ray's use.
    static let largestKernel = 255

    public init(blurLimit: ClosedRange<Int> = 3...7, sigmaLimit: ClosedRange<Double> = 0...0, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try require(blurLimit.lowerBound >= 1 && blurLimit.upperBound <= Self.largestKernel
                        && oddSizes(blurLimit).count > 0, Self.name, "blur_limit",
                    "needs an odd kernel size between 1 and \(Self.largestKernel)")
        try require(sigmaLimit.lowerBound >= 0 && sigmaLimit.upperBound <= 64, Self.name, "sigma_limit",
                    "must lie in [0, 64]")
        self.blurLimit = blurLimit
        self.sigmaLimit = sigmaLimit
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [
            .init("blur_limit", .range(Double(blurLimit.lowerBound), Double(blurLimit.upperBound))),
            .init("sigma_limit", .range(sigmaLimit.lowerBound, sigmaLimit.upperBound)),
            .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let sizes = oddSizes(blurLimit)
        let k = sizes[rng.int(below: sizes.count)]
        let sigma = rng.uniform(sigmaLimit.lowerBound, sigmaLimit.upperBound)
        drawn.append(Drawn(Self.name, [.init("ksize", Double(k)), .init("sigma", sigma)]))
        return pair.with(image: separableFilter(pair.image, kernel: gaussianKernel(size: k, sigma: sigma), mode: .reflect101))
    }
}

/// The odd kernel sizes in `limit`, as albumentations' `range(lo, hi + 1, 2)` after making lo odd.
func oddSizes(_ limit: ClosedRange<Int>) -> [Int] {
    let lo = limit.lowerBound | 1
    return lo <= limit.upperBound ? Array(stride(from: lo, through: limit.upperBound, by: 2)) : []
}

/// `cv2.getGaussianKernel(size, sigma)`: normalised samples of exp(−i²/2σ²); for σ ≤ 0 the
/// fixed kernels for sizes up to 7 and the size-derived σ beyond.
func gaussianKernel(size: Int, sigma: Double) -> [Float] {
    if sigma <= 0 {
        switch size {
        case 1: return [1]
        case 3: return [0.25, 0.5, 0.25]
        case 5: return [0.0625, 0.25, 0.375, 0.25, 0.0625]
        case 7: return [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125]
        default: return gaussianKernel(size: size, sigma: 0.3 * (Double(size - 1) * 0.5 - 1) + 0.8)
        }
    }
    let c = Double(size - 1) / 2
    let raw = (0..<size).map { exp(-(Double($0) - c) * (Double($0) - c) / (2 * sigma * sigma)) }
    let total = raw.reduce(0, +)
    return raw.map { Float($0 / total) }
}
