/// Turning source coordinates into the indices and weights a remap samples with.

/// Coordinates are clamped into ±`coordinateLimit` before they become indices, so a wild map
/// (huge strengths, NaN) lands in the border; below 2^22 `nearestInteger` is exact.
let coordinateLimit: Float = 4_194_304

/// Adding 1.5·2^23 to a Float of magnitude ≤ 2^22 leaves no fraction bits, so the FPU's
/// default rounding (to nearest, ties to even) does the rounding, and the integer sits in
/// the low bits of the sum: no libm call and no checked conversion in the inner loops.
private let roundingMagic: Float = 12_582_912

/// x clamped into ±coordinateLimit, with NaN sent to the lower end.
@inline(__always)
func clampCoordinate(_ x: Float) -> Float {
    x > -coordinateLimit ? (x < coordinateLimit ? x : coordinateLimit) : -coordinateLimit
}

/// x rounded to the nearest integer, ties to even (|x| ≤ 2^22).
@inline(__always)
func nearestInteger(_ x: Float) -> Int {
    Int(Int32(bitPattern: (x + roundingMagic).bitPattern) &- Int32(bitPattern: roundingMagic.bitPattern))
}

/// The largest integer not above x (|x| ≤ 2^22).
@inline(__always)
func floorToInt(_ x: Float) -> Int {
    let r = nearestInteger(x)
    return Float(r) > x ? r &- 1 : r
}

/// One output row's sample positions, split for the gather: the caller writes source
/// coordinates into `xs` and `ys`; `split` turns them into the whole pixel below (`x0`, `y0`),
/// the fraction above it (left in `xs`, `ys`) and the nearest pixel (`nearestX`, `nearestY`).
/// The same clamp, floor and round as the scalar helpers above, four lanes at a time.
struct SampleGrid {
    let xs, ys: UnsafeMutablePointer<Float>
    let x0, y0, nearestX, nearestY: UnsafeMutablePointer<Int32>

    init(width: Int) {
        // Rounded up to whole vectors, so the vector loop needs no scalar tail.
        let capacity = (width + 3) & ~3
        xs = .allocate(capacity: capacity)
        ys = .allocate(capacity: capacity)
        x0 = .allocate(capacity: capacity)
        y0 = .allocate(capacity: capacity)
        nearestX = .allocate(capacity: capacity)
        nearestY = .allocate(capacity: capacity)
        for p in [xs, ys] { p.initialize(repeating: 0, count: capacity) }
        for p in [x0, y0, nearestX, nearestY] { p.initialize(repeating: 0, count: capacity) }
    }

    func deallocate() {
        xs.deallocate(); ys.deallocate(); x0.deallocate(); y0.deallocate()
        nearestX.deallocate(); nearestY.deallocate()
    }

    /// Splits the first `count` coordinates of both axes (the lanes of the padding are
    /// computed too, and never read).
    func split(count: Int) {
        Self.split(xs, floor: x0, nearest: nearestX, count: count)
        Self.split(ys, floor: y0, nearest: nearestY, count: count)
    }

    private static func split(_ c: UnsafeMutablePointer<Float>, floor: UnsafeMutablePointer<Int32>,
                              nearest: UnsafeMutablePointer<Int32>, count: Int) {
        let limit = SIMD4<Float>(repeating: coordinateLimit)
        let magic = SIMD4<Float>(repeating: roundingMagic)
        let magicBits = SIMD4<Int32>(repeating: Int32(bitPattern: roundingMagic.bitPattern))
        var i = 0
        while i < count {
            let raw = UnsafeRawPointer(c + i).loadUnaligned(as: SIMD4<Float>.self)
            // clampCoordinate: the comparisons are false for NaN, which ends at −limit.
            var v = raw.replacing(with: limit, where: .!(raw .< limit))
            v.replace(with: -limit, where: .!(raw .> -limit))
            let r = unsafeBitCast(v + magic, to: SIMD4<Int32>.self) &- magicBits
            let whole = SIMD4<Float>(r)
            let below = r.replacing(with: r &- 1, where: whole .> v)
            UnsafeMutableRawPointer(c + i).storeBytes(of: v - SIMD4<Float>(below), as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(floor + i).storeBytes(of: below, as: SIMD4<Int32>.self)
            UnsafeMutableRawPointer(nearest + i).storeBytes(of: r, as: SIMD4<Int32>.self)
            i &+= 4
        }
    }
}
