import Core

/// Parameter checks for the transforms' initializers. A bad value names the transform and
/// the parameter, because values usually come from a script line.
func require(_ condition: Bool, _ transform: String, _ parameter: String,
             _ reason: @autoclosure () -> String) throws {
    if !condition { throw InputError(transform, at: parameter, reason()) }
}

func requireProbability(_ p: Double, _ transform: String) throws {
    try require(p >= 0 && p <= 1, transform, "p", "must be in [0, 1], got \(formatNumber(p))")
}

func requireFinite(_ values: Double..., in transform: String, _ parameter: String) throws {
    try require(values.allSatisfy(\.isFinite), transform, parameter, "must be finite")
}

/// A symmetric limit prints as one number (`limit=0.2`), any other range as `[lo, hi]`:
/// the same rule `Catalog` applies when it reads a number for a range.
func limitValue(_ r: ClosedRange<Double>) -> TransformSpec.Value {
    r.lowerBound == -r.upperBound ? .number(r.upperBound) : .range(r.lowerBound, r.upperBound)
}

/// Arguments shared by every geometric transform that samples outside the image.
func borderArguments(_ border: Border) -> [TransformSpec.Argument] {
    [.init("border_mode", .text(border.mode.rawValue)),
     .init("value", .number(shortestDouble(border.value))),
     .init("mask_value", .number(Double(border.maskValue)))]
}

func makeBorder(_ mode: BorderMode, _ value: Float, _ maskValue: UInt8, _ transform: String) throws -> Border {
    try require(value.isFinite, transform, "value", "must be finite")
    try require(maskValue <= 1, transform, "mask_value", "must be 0 or 1, got \(maskValue)")
    return Border(mode: mode, value: value, maskValue: maskValue)
}

/// The Double that prints as the Float's shortest text (0.9, not 0.8999999761581421), so a
/// Float parameter prints as it was written and reads back to the same Float.
func shortestDouble(_ x: Float) -> Double { Double("\(x)") ?? Double(x) }
