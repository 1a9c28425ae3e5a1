import Foundation
import Core
import Imaging
import Tensor

/// Additive Gaussian noise in 8-bit units, as the uint8 recipes ran it: `var = U(var_limit)`,
/// then every pixel gets `N(mean, √var)/255` and the result is clipped to [0, 1].
public struct GaussNoise: Transform {
    public static let name = "gauss_noise"
    public let varLimit: ClosedRange<Double>
    public let mean: Double
    public let p: Double

    public init(varLimit: ClosedRange<Double> = 10...50, mean: Double = 0, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try require(varLimit.lowerBound >= 0 && varLimit.upperBound.isFinite, Self.name, "var_limit",
                    "must be a range of non-negative variances")
        try requireFinite(mean, in: Self.name, "mean")
        self.varLimit = varLimit
        self.mean = mean
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("var_limit", .range(varLimit.lowerBound, varLimit.upperBound)),
                                  .init("mean", .number(mean)), .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let variance = rng.uniform(varLimit.lowerBound, varLimit.upperBound)
        drawn.append(Drawn(Self.name, [.init("var", variance)]))
        let sigma = variance.squareRoot()
        var pixels = pair.image.pixels
        // One generator draws every pixel in order, so the noise does not depend on threads.
        for i in pixels.indices {
            let noise = Float((mean + sigma * rng.normal()) / 255)
            pixels[i] = min(max(pixels[i] + noise, 0), 1)
        }
        return pair.with(image: Image(width: pair.width, height: pair.height, pixels: pixels))
    }
}
