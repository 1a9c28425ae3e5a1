import Core
import Tensor

/// Grid distortion: the image is cut into `num_steps` cells per axis (width W // num_steps,
/// plus a partial last cell), and cell k is stretched by `s_k = 1 + U(distort_limit)`
/// (num_steps + 1 draws per axis, x first). Output column i in cell k reads source column
/// `P_k + (i − start_k)·s_k`, where the knots `P_{k+1} = P_k + width_k·s_k` start at 0; with
/// `normalized` the steps are scaled so that the last knot is W. Rows likewise.
/// Unlike albumentations' `np.linspace` grid this is continuous, so zero distortion is the identity.
public struct GridDistortion: Transform {
    public static let name = "grid"
    public let numSteps: Int
    public let distortLimit: ClosedRange<Double>
    public let normalized: Bool
    let border: Border
    public let p: Double

    public init(numSteps: Int = 5, distortLimit: ClosedRange<Double> = -0.3...0.3, borderMode: BorderMode = .reflect101,
                value: Float = 0, maskValue: UInt8 = 0, normalized: Bool = false, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try require(numSteps >= 1 && numSteps <= 1_024, Self.name, "num_steps", "must be between 1 and 1024, got \(numSteps)")
        try require(distortLimit.lowerBound > -1 && distortLimit.upperBound.isFinite, Self.name, "distort_limit",
                    "must keep each step 1 + limit positive")
        border = try makeBorder(borderMode, value, maskValue, Self.name)
        self.numSteps = numSteps
        self.distortLimit = distortLimit
        self.normalized = normalized
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("num_steps", .number(Double(numSteps))),
                                  .init("distort_limit", limitValue(distortLimit))]
                      + borderArguments(border)
                      + [.init("normalized", .flag(normalized)), .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let xSteps = (0...numSteps).map { _ in 1 + rng.uniform(distortLimit.lowerBound, distortLimit.upperBound) }
        let ySteps = (0...numSteps).map { _ in 1 + rng.uniform(distortLimit.lowerBound, distortLimit.upperBound) }
        let map = SeparableMap(columns: gridAxis(size: pair.width, steps: xSteps),
                               rows: gridAxis(size: pair.height, steps: ySteps))
        let shift = zip(map.columns.indices, map.columns).map { abs($1 - Float($0)) }.max() ?? 0
        let rowShift = zip(map.rows.indices, map.rows).map { abs($1 - Float($0)) }.max() ?? 0
        drawn.append(Drawn(Self.name, [.init("max_shift", Double(max(shift, rowShift)))]))
        return remap(pair, width: pair.width, height: pair.height, map: map, border: border)
    }

    /// Source positions along one axis of `size` pixels.
    private func gridAxis(size: Int, steps: [Double]) -> [Float] {
        let cell = max(1, size / numSteps)
        let cells = (size + cell - 1) / cell
        func step(_ k: Int) -> Double { steps[min(k, steps.count - 1)] }
        var stretch = 1.0
        if normalized {
            let end = (0..<cells).reduce(0.0) { $0 + Double(min(cell, size - $1 * cell)) * step($1) }
            if end > 0 { stretch = Double(size) / end }
        }
        var out = [Float](repeating: 0, count: size)
        var knot = 0.0
        for k in 0..<cells {
            let start = k * cell, end = min(start + cell, size), s = step(k) * stretch
            for i in start..<end { out[i] = Float(knot + Double(i - start) * s) }
            knot += Double(end - start) * s
        }
        return out
    }
}
