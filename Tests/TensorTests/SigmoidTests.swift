import Foundation
import Testing
import Tensor

/// The engine's one σ against Float64 computed another way: σ(x) = exp(−softplus(−x)) and
/// σ'(x) = σ(x)σ(−x) = exp(−softplus(x) − softplus(−x)), with softplus(u) = max(u, 0) + log1p(e^−|u|).
@Suite struct SigmoidTests {
    private static func softplus(_ u: Double) -> Double { max(u, 0) + log1p(exp(-abs(u))) }
    private static func sigmoid(_ x: Double) -> Double { exp(-softplus(-x)) }
    private static func slope(_ x: Double) -> Double { exp(-softplus(x) - softplus(-x)) }

    /// How many representable floats lie between a and b (0 when equal; ±0 are one point).
    private static func ulps(_ a: Float, _ b: Float) -> Int64 {
        func key(_ f: Float) -> Int64 {
            let magnitude = Int64(f.bitPattern & 0x7fff_ffff)
            return f.sign == .minus ? -magnitude : magnitude
        }
        return abs(key(a) - key(b))
    }

    /// σ and σ' of `xs` through the tensor op, the derivative from a backward pass.
    private static func engine(_ xs: [Float]) throws -> (values: [Float], slopes: [Float]) {
        let x = Tensor(shape: [xs.count], data: xs, requiresGrad: true)
        let y = x.sigmoid()
        try y.sum().backward()
        return (y.data, try #require(x.grad))
    }

    @Test func saturatedLogitsKeepTheirValueAndSlope() throws {
        let (values, slopes) = try Self.engine([30, -30])
        // σ(30) = 1 − 9.4e-14 rounds to 1; σ(−30) = e^−30 / (1 + e^−30) ≈ 9.3576e-14.
        #expect(values[0] == 1)
        #expect(Self.ulps(values[1], Float(Self.sigmoid(-30))) <= 1)
        #expect(abs(Double(values[1]) / (exp(-30) / (1 + exp(-30))) - 1) < 1.2e-7)
        // The slope is e^−30 / (1 + e^−30)² on both sides; y(1 − y) would give 0 at +30.
        for s in slopes {
            #expect(s > 0)
            #expect(Self.ulps(s, Float(Self.slope(30))) <= 1, "slope \(s)")
        }
    }

    /// The input where a Float32 1 − y keeps too few bits: the textbook y(1 − y) is 7.5e-6
    /// off there, relative (some 75 ulps).
    @Test func slopeIsExactAt6_0566() throws {
        let x: Float = 6.0566
        let (values, slopes) = try Self.engine([x, -x])
        #expect(values[0] == Float(Self.sigmoid(Double(x))))
        #expect(values[1] == Float(Self.sigmoid(-Double(x))))
        let truth = Self.slope(Double(x))
        for s in slopes {
            #expect(Self.ulps(s, Float(truth)) <= 1, "slope \(s) vs \(truth)")
            #expect(abs(Double(s) / truth - 1) < 2e-7)
        }
    }

    /// Every 4099th bit pattern: about a million floats of both signs, subnormal to huge,
    /// plus ±∞ and NaN.
    @Test func withinOneUlpOfFloat64OverTheWholeRange() throws {
        var xs = stride(from: UInt32(0), to: UInt32.max, by: 4099).map { Float(bitPattern: $0) }.filter(\.isFinite)
        xs += [.infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0, -0.0]
        let (values, slopes) = try Self.engine(xs)
        var worst: (value: Int64, slope: Int64) = (0, 0)
        for (k, x) in xs.enumerated() {
            worst.value = max(worst.value, Self.ulps(values[k], Float(Self.sigmoid(Double(x)))))
            worst.slope = max(worst.slope, Self.ulps(slopes[k], Float(Self.slope(Double(x)))))
        }
        #expect(worst.value <= 1)
        #expect(worst.slope <= 1)
        let nan = try Self.engine([.nan])
        #expect(nan.values[0].isNaN && nan.slopes[0].isNaN)
    }

    /// The other functions built on σ take their slopes from it without cancelling.
    @Test func logSigmoidAndSiluSlopesAtSaturation() throws {
        let x = Tensor(shape: [2], data: [30, -30], requiresGrad: true)
        try x.logSigmoid().sum().backward()
        // d/dx log σ(x) = σ(−x).
        let g = try #require(x.grad)
        #expect(Self.ulps(g[0], Float(Self.sigmoid(-30))) <= 1)
        #expect(Self.ulps(g[1], Float(Self.sigmoid(30))) <= 1)

        let u = Tensor(shape: [1], data: [20], requiresGrad: true)
        try u.silu().sum().backward()
        // d/dx xσ(x) = σ(x) + xσ(x)σ(−x).
        let expected = Self.sigmoid(20) + 20 * Self.slope(20)
        #expect(abs(Double(try #require(u.grad)[0]) / expected - 1) < 2e-7)
    }
}
