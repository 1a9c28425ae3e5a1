/// The element types of the safetensors format that convert to Float without ambiguity.
/// Float types are converted exactly (F16, BF16) or rounded to nearest (F64); integer and
/// boolean tensors (PyTorch's `num_batches_tracked` is I64) become their Float values.
/// The 8-bit float types and anything else are refused by name.
enum SafeTensorsDType: String, CaseIterable {
    case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64"
    case i8 = "I8", i16 = "I16", i32 = "I32", i64 = "I64"
    case u8 = "U8", u16 = "U16", u32 = "U32", u64 = "U64"
    case bool = "BOOL"

    var byteCount: Int {
        switch self {
        case .i8, .u8, .bool: 1
        case .f16, .bf16, .i16, .u16: 2
        case .f32, .i32, .u32: 4
        case .f64, .i64, .u64: 8
        }
    }

    /// Converts `count` elements starting at `raw` (unaligned, little-endian) into `out`.
    func convert(_ raw: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        func word<T: FixedWidthInteger>(_ i: Int, _: T.Type) -> T {
            T(littleEndian: raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self))
        }
        switch self {
        case .f32: for i in 0..<count { out[i] = Float(bitPattern: word(i, UInt32.self)) }
        case .f16: for i in 0..<count { out[i] = floatFromHalf(word(i, UInt16.self)) }
        case .bf16: for i in 0..<count { out[i] = Float(bitPattern: UInt32(word(i, UInt16.self)) << 16) }
        case .f64: for i in 0..<count { out[i] = Float(Double(bitPattern: word(i, UInt64.self))) }
        case .i8: for i in 0..<count { out[i] = Float(word(i, Int8.self)) }
        case .i16: for i in 0..<count { out[i] = Float(word(i, Int16.self)) }
        case .i32: for i in 0..<count { out[i] = Float(word(i, Int32.self)) }
        case .i64: for i in 0..<count { out[i] = Float(word(i, Int64.self)) }
        case .u8: for i in 0..<count { out[i] = Float(word(i, UInt8.self)) }
        case .u16: for i in 0..<count { out[i] = Float(word(i, UInt16.self)) }
        case .u32: for i in 0..<count { out[i] = Float(word(i, UInt32.self)) }
        case .u64: for i in 0..<count { out[i] = Float(word(i, UInt64.self)) }
        case .bool: for i in 0..<count { out[i] = word(i, UInt8.self) != 0 ? 1 : 0 }
        }
    }
}

/// IEEE 754 binary16 to Float, exactly (subnormals, infinities and NaN included), by bits, so
/// it does not depend on the platform having `Float16`.
func floatFromHalf(_ h: UInt16) -> Float {
    let sign = UInt32(h >> 15) << 31
    let exponent = Int(h >> 10) & 0x1F
    let fraction = UInt32(h & 0x3FF)
    switch exponent {
    case 0:
        // Zero or subnormal: fraction · 2⁻²⁴, exact in Float.
        let magnitude = Float(fraction) * 0x1p-24
        return sign == 0 ? magnitude : -magnitude
    case 0x1F:
        return Float(bitPattern: sign | 0x7F80_0000 | fraction << 13)
    default:
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | fraction << 13)
    }
}
