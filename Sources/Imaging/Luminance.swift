/// Colour to gray, with the ITU-R BT.601 luma weights in the fixed-point form Pillow uses
/// for mode "L": `(19595 R + 38470 G + 7471 B + 32768) >> 16`, i.e. 0.299/0.587/0.114
/// rounded to nearest. The same weights serve 8- and 16-bit samples.
enum Luminance {
    @inline(__always)
    static func rec601(_ r: UInt32, _ g: UInt32, _ b: UInt32) -> UInt16 {
        UInt16(truncatingIfNeeded: (UInt64(r) * 19595 + UInt64(g) * 38470 + UInt64(b) * 7471 + 0x8000) >> 16)
    }

    /// Collapses interleaved samples with `channels` per pixel (1 gray, 2 gray+alpha, 3 RGB,
    /// 4 RGBA) to one gray sample per pixel; alpha is dropped, as Pillow's "L" conversion does.
    static func gray<Sample: FixedWidthInteger & UnsignedInteger>(
        _ samples: UnsafeBufferPointer<Sample>, channels: Int, into out: UnsafeMutableBufferPointer<UInt16>
    ) {
        let pixels = out.count
        switch channels {
        case 1, 2:
            for i in 0..<pixels { out[i] = UInt16(truncatingIfNeeded: samples[i * channels]) }
        default:
            for i in 0..<pixels {
                let p = i * channels
                out[i] = rec601(UInt32(samples[p]), UInt32(samples[p + 1]), UInt32(samples[p + 2]))
            }
        }
    }
}
