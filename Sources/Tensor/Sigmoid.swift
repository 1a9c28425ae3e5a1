import Foundation

/// The one logistic function of the engine: the built-in losses, a user's loss written on
/// probabilities, attention gates and SiLU all go through it, so they agree to the last bit.
extension Tensor {
    /// σ(x) = 1 / (1 + e^−x), elementwise, with the derivative σ(x)·σ(−x).
    ///
    /// The trap this avoids: the textbook derivative y(1 − y) forms 1 − y from a rounded y.
    /// Near saturation that subtraction keeps only the few bits y's rounding left (at
    /// x = 6.0566 the gradient is already 7e-6 off, relative), and beyond x ≈ 17.3, where y rounds to
    /// 1, it is exactly 0 while the true slope is still e^−17.3. σ(x)·σ(−x) has no cancellation anywhere.
    public func sigmoid() -> Tensor {
        map(stableSigmoid) { x, _ in sigmoidDerivative(x) }
    }
}

/// σ(x), correctly rounded to Float32 but for a rare double rounding, so never more than
/// one ulp off, over the whole range (subnormal results, ±∞ and NaN included).
///
/// It works in Float64: e^x is only ever taken of a non-positive number, so nothing
/// overflows, and the Float64 quotient carries some 29 more bits than the result keeps.
/// A Float32 `1 / (1 + expf(−x))` rounds three times and misses the nearest float for about
/// one input in twelve.
@inline(__always)
public func stableSigmoid(_ x: Float) -> Float {
    let v = Double(x)
    if v >= 0 { return Float(1 / (1 + Foundation.exp(-v))) }
    let e = Foundation.exp(v)
    return Float(e / (1 + e))
}

/// σ'(x) = σ(x)·σ(−x) = e^−|x| / (1 + e^−|x|)², in Float64 and rounded once: exact to an ulp
/// for every x, and not 0 at saturated logits, where the true slope is tiny but real.
@inline(__always)
public func sigmoidDerivative(_ x: Float) -> Float {
    let e = Foundation.exp(-Swift.abs(Double(x)))
    return Float(e / ((1 + e) * (1 + e)))
}
