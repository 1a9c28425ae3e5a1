/// Conversions from [0, 1] floats to stored integer samples.
public enum Quantize {
    /// Clamps each value to [0, 1], scales by 255 and rounds to nearest (NaN becomes 0).
    public static func toUInt8(_ values: [Float]) -> [UInt8] {
        values.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: source.count) { out, count in
                for i in 0..<source.count {
                    let v = source[i]
                    out[i] = v > 0 ? (v < 1 ? UInt8(v * 255 + 0.5) : 255) : 0
                }
                count = source.count
            }
        }
    }
}
