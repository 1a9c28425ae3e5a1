import CPNG
import Core

/// PNG reading and writing through libpng.
///
/// Reading accepts every PNG colour type and bit depth: 1/2/4-bit gray and palettes expand
/// to 8 bits, interlaced files are de-interlaced, and colour collapses to gray with the
/// ITU-R 601 weights Pillow uses for mode "L" (alpha is dropped). Writing produces 8-bit
/// gray, 8-bit RGB or 16-bit gray, non-interlaced, with no time or text chunk, so the same
/// pixels always give the same bytes.
public enum PNG {
    /// libpng's compressed data cannot expand beyond deflate's limit of 1032:1; a header
    /// that claims more pixels than that is lying, and nothing is allocated for it.
    static let maxExpansion = 1100

    /// Reads a PNG file as gray, scaled to [0, 1] by its bit depth.
    public static func read(path: String) throws -> Image {
        try readSamples(path: path).image()
    }

    /// Reads a PNG file as gray, keeping the stored integer samples and bit depth.
    public static func readSamples(path: String) throws -> GraySamples {
        try decodeSamples(FileIO.read(path: path), source: path)
    }

    /// Decodes PNG bytes as gray, scaled to [0, 1]. `source` names the bytes in errors.
    public static func decode(_ bytes: [UInt8], source: String = "<png>") throws -> Image {
        try decodeSamples(bytes, source: source).image()
    }

    /// Decodes PNG bytes as gray integer samples (8- or 16-bit, as stored).
    public static func decodeSamples(_ bytes: [UInt8], source: String = "<png>") throws -> GraySamples {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= signature.count, Array(bytes[0..<signature.count]) == signature else {
            throw InputError(source, at: "offset 0", "not a PNG file (missing the 8-byte PNG signature)")
        }
        var layout = pleura_png_layout()
        try bytes.withUnsafeBufferPointer { data in
            try callCodec("PNG", source: source) { message in
                pleura_png_decode(data.baseAddress, data.count, &layout, nil, 0, message, codecMessageSize)
            }
        }
        let width = Int(layout.width), height = Int(layout.height)
        let storedBytes = height * (layout.stored_row_bytes + 1)
        guard storedBytes <= maxExpansion * bytes.count else {
            throw InputError(source, at: "IHDR", "a \(width)x\(height) image cannot be encoded in \(bytes.count) bytes")
        }
        let values = layout.bit_depth == 16
            ? try pixels(UInt16.self, bytes, &layout, source: source)
            : try pixels(UInt8.self, bytes, &layout, source: source)
        return GraySamples(width: width, height: height, bitDepth: Int(layout.bit_depth), values: values)
    }

    /// The second pass: decodes into samples of the decoded depth (16-bit ones arrive in
    /// little-endian, the host order), then collapses the channels to gray.
    private static func pixels<Sample: FixedWidthInteger & UnsignedInteger>(
        _: Sample.Type, _ bytes: [UInt8], _ layout: inout pleura_png_layout, source: String
    ) throws -> [UInt16] {
        let width = Int(layout.width), height = Int(layout.height)
        var decoded = [Sample](repeating: 0, count: Int(layout.row_bytes) / MemoryLayout<Sample>.size * height)
        try bytes.withUnsafeBufferPointer { data in
            try decoded.withUnsafeMutableBytes { out in
                try callCodec("PNG", source: source) { message in
                    pleura_png_decode(data.baseAddress, data.count, &layout,
                                      out.baseAddress?.assumingMemoryBound(to: UInt8.self), out.count, message, codecMessageSize)
                }
            }
        }
        var values = [UInt16](repeating: 0, count: width * height)
        decoded.withUnsafeBufferPointer { samples in
            values.withUnsafeMutableBufferPointer { out in
                Luminance.gray(samples, channels: Int(layout.channels), into: out)
            }
        }
        return values
    }
}
