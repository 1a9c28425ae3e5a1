import Core
import Tensor

/// The linear intensity change behind RandomBrightnessContrast and the legacy RandomBrightness
/// and RandomContrast: `out = clip(α·x + B, 0, 1)` with `α = 1 + U(contrast_limit)`,
/// `β = U(brightness_limit)` and `B = β` when `brightness_by_max`, else `B = β·mean(x)` over
/// the input image. "Contrast" is a scale about 0, as in albumentations' code.
struct LinearIntensity: Sendable {
    var brightnessLimit: ClosedRange<Double>
    var contrastLimit: ClosedRange<Double>
    var brightnessByMax: Bool

    init(_ brightnessLimit: ClosedRange<Double>, _ contrastLimit: ClosedRange<Double>, _ byMax: Bool,
         transform: String) throws {
        try requireFinite(brightnessLimit.lowerBound, brightnessLimit.upperBound, in: transform, "brightness_limit")
        try requireFinite(contrastLimit.lowerBound, contrastLimit.upperBound, in: transform, "contrast_limit")
        self.brightnessLimit = brightnessLimit
        self.contrastLimit = contrastLimit
        self.brightnessByMax = byMax
    }

    /// Draws (α, β) in albumentations' order: contrast first.
    func draw(_ rng: inout SeededGenerator) -> (alpha: Double, beta: Double) {
        let alpha = 1 + rng.uniform(contrastLimit.lowerBound, contrastLimit.upperBound)
        let beta = rng.uniform(brightnessLimit.lowerBound, brightnessLimit.upperBound)
        return (alpha, beta)
    }

    func apply(_ pair: Pair, alpha: Double, beta: Double) -> Pair {
        let a = Float(alpha)
        let b = Float(brightnessByMax ? beta : beta * meanIntensity(pair.image))
        return pair.with(image: mapPixels(pair.image, ScaleShiftClip(scale: a, shift: b)))
    }
}

/// `clip(scale·x + shift, 0, 1)`.
private struct ScaleShiftClip: PixelFunction {
    let scale: Float, shift: Float

    @inline(__always)
    func callAsFunction(_ x: Float) -> Float { min(max(scale * x + shift, 0), 1) }
}

/// Random brightness and contrast: `out = clip(α·x + B, 0, 1)`, see `LinearIntensity`.
public struct RandomBrightnessContrast: Transform {
    public static let name = "brightness_contrast"
    let core: LinearIntensity
    public let p: Double

    public init(brightnessLimit: ClosedRange<Double> = -0.2...0.2, contrastLimit: ClosedRange<Double> = -0.2...0.2,
                brightnessByMax: Bool = true, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        core = try LinearIntensity(brightnessLimit, contrastLimit, brightnessByMax, transform: Self.name)
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("brightness_limit", limitValue(core.brightnessLimit)),
                                  .init("contrast_limit", limitValue(core.contrastLimit)),
                                  .init("brightness_by_max", .flag(core.brightnessByMax)),
                                  .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let (alpha, beta) = core.draw(&rng)
        drawn.append(Drawn(Self.name, [.init("alpha", alpha), .init("beta", beta)]))
        return core.apply(pair, alpha: alpha, beta: beta)
    }
}

/// The legacy RandomBrightness of the 2019 recipes: brightness only (`α = 1`).
public struct RandomBrightness: Transform {
    public static let name = "brightness"
    let core: LinearIntensity
    public let p: Double

    public init(limit: ClosedRange<Double> = -0.2...0.2, brightnessByMax: Bool = true, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        core = try LinearIntensity(limit, 0...0, brightnessByMax, transform: Self.name)
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("limit", limitValue(core.brightnessLimit)),
                                  .init("brightness_by_max", .flag(core.brightnessByMax)),
                                  .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let (alpha, beta) = core.draw(&rng)
        drawn.append(Drawn(Self.name, [.init("beta", beta)]))
        return core.apply(pair, alpha: alpha, beta: beta)
    }
}

/// The legacy RandomContrast of the 2019 recipes: contrast only (`β = 0`).
public struct RandomContrast: Transform {
    public static let name = "contrast"
    let core: LinearIntensity
    public let p: Double

    public init(limit: ClosedRange<Double> = -0.2...0.2, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        core = try LinearIntensity(0...0, limit, true, transform: Self.name)
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("limit", limitValue(core.contrastLimit)), .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let (alpha, beta) = core.draw(&rng)
        drawn.append(Drawn(Self.name, [.init("alpha", alpha)]))
        return core.apply(pair, alpha: alpha, beta: beta)
    }
}
