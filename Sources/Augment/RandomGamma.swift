import Foundation
import Core
import Tensor

/// `out = max(x, 0)^γ` with `γ = U(gamma_limit)/100` drawn continuously (albumentations 2.x;
/// 0.3.x drew the 41 integers of `randint(80, 120)`). Negative inputs are clamped to 0 so
/// the power stays defined.
public struct RandomGamma: Transform {
    public static let name = "gamma"
    public let gammaLimit: ClosedRange<Double>
    public let p: Double

    public init(gammaLimit: ClosedRange<Double> = 80...120, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try require(gammaLimit.lowerBound > 0 && gammaLimit.upperBound.isFinite, Self.name, "gamma_limit",
                    "must be a positive range (percent), got [\(formatNumber(gammaLimit.lowerBound)), \(formatNumber(gammaLimit.upperBound))]")
        self.gammaLimit = gammaLimit
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("gamma_limit", .range(gammaLimit.lowerBound, gammaLimit.upperBound)),
                                  .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let gamma = rng.uniform(gammaLimit.lowerBound, gammaLimit.upperBound) / 100
        drawn.append(Drawn(Self.name, [.init("gamma", gamma)]))
        return pair.with(image: mapPixels(pair.image, Power(exponent: Float(gamma))))
    }
}

/// `max(x, 0)^exponent`.
private struct Power: PixelFunction {
    let exponent: Float

    @inline(__always)
    func callAsFunction(_ x: Float) -> Float { powf(max(x, 0), exponent) }
}
