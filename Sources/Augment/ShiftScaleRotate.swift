import Foundation
import Core
import Tensor

/// A random similarity about the image centre (W/2, H/2), as albumentations 0.x–1.x build it:
/// angle θ = U(rotate_limit) degrees (counter-clockwise on screen), scale s = 1 + U(scale_limit),
/// shifts dx, dy = U(shift_limit) as fractions of W and H. The forward matrix is
/// `cv2.getRotationMatrix2D((W/2, H/2), θ, s)` plus (dx·W, dy·H); each output pixel reads the
/// source at its inverse (`cv2.warpAffine`).
public struct ShiftScaleRotate: Transform {
    public static let name = "shift_scale_rotate"
    public let shiftLimit: ClosedRange<Double>
    public let scaleLimit: ClosedRange<Double>
    public let rotateLimit: ClosedRange<Double>
    let border: Border
    public let p: Double

    public init(shiftLimit: ClosedRange<Double> = -0.0625...0.0625, scaleLimit: ClosedRange<Double> = -0.1...0.1,
                rotateLimit: ClosedRange<Double> = -45...45, borderMode: BorderMode = .reflect101,
                value: Float = 0, maskValue: UInt8 = 0, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try requireFinite(shiftLimit.lowerBound, shiftLimit.upperBound, in: Self.name, "shift_limit")
        try requireFinite(rotateLimit.lowerBound, rotateLimit.upperBound, in: Self.name, "rotate_limit")
        try require(scaleLimit.lowerBound > -1 && scaleLimit.upperBound.isFinite, Self.name, "scale_limit",
                    "must keep the scale 1 + limit positive")
        border = try makeBorder(borderMode, value, maskValue, Self.name)
        self.shiftLimit = shiftLimit
        self.scaleLimit = scaleLimit
        self.rotateLimit = rotateLimit
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("shift_limit", limitValue(shiftLimit)),
                                  .init("scale_limit", limitValue(scaleLimit)),
                                  .init("rotate_limit", limitValue(rotateLimit))]
                      + borderArguments(border) + [.init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let angle = rng.uniform(rotateLimit.lowerBound, rotateLimit.upperBound)
        let scale = 1 + rng.uniform(scaleLimit.lowerBound, scaleLimit.upperBound)
        let dx = rng.uniform(shiftLimit.lowerBound, shiftLimit.upperBound)
        let dy = rng.uniform(shiftLimit.lowerBound, shiftLimit.upperBound)
        drawn.append(Drawn(Self.name, [.init("angle", angle), .init("scale", scale), .init("dx", dx), .init("dy", dy)]))
        let (w, h) = (Double(pair.width), Double(pair.height))
        let (cx, cy) = (w / 2, h / 2)
        let a = scale * cos(angle * .pi / 180), b = scale * sin(angle * .pi / 180)
        let forward = (a, b, (1 - a) * cx - b * cy + dx * w, -b, a, b * cx + (1 - a) * cy + dy * h)
        guard let map = AffineMap(inverting: forward) else { return pair }
        return remap(pair, width: pair.width, height: pair.height, map: map, border: border)
    }
}
