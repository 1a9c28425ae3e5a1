import CPNG
import Core

extension PNG {
    /// Encodes an image as 8-bit gray: values are clamped to [0, 1], scaled by 255 and rounded.
    public static func encodeGray8(_ image: Image) throws -> [UInt8] {
        try encodeGray8(width: image.width, height: image.height, pixels: Quantize.toUInt8(image.pixels))
    }

    /// Encodes 8-bit gray samples, row-major.
    public static func encodeGray8(width: Int, height: Int, pixels: [UInt8]) throws -> [UInt8] {
        try encode(pixels, width: width, height: height, channels: 1, bitDepth: 8)
    }

    /// Encodes 16-bit gray samples, row-major.
    public static func encodeGray16(width: Int, height: Int, samples: [UInt16]) throws -> [UInt8] {
        precondition(samples.count == width * height, "encodeGray16 needs width * height samples")
        var bigEndian = [UInt8](repeating: 0, count: samples.count * 2)
        for (i, v) in samples.enumerated() {
            bigEndian[2 * i] = UInt8(v >> 8)
            bigEndian[2 * i + 1] = UInt8(v & 0xFF)
        }
        return try encode(bigEndian, width: width, height: height, channels: 1, bitDepth: 16)
    }

    /// Encodes 8-bit RGB, row-major and interleaved (`rgb[3 * (y * width + x) + c]`).
    public static func encodeRGB8(width: Int, height: Int, rgb: [UInt8]) throws -> [UInt8] {
        try encode(rgb, width: width, height: height, channels: 3, bitDepth: 8)
    }

    /// Writes an image to `path` as 8-bit gray PNG, atomically.
    public static func writeGray8(_ image: Image, to path: String) throws {
        try write(encodeGray8(image), to: path)
    }

    /// Writes encoded PNG bytes (from any `encode...` function) to `path`, atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try FileIO.writeAtomically(bytes, to: path)
    }

    private static func encode(_ samples: [UInt8], width: Int, height: Int, channels: Int, bitDepth: Int) throws -> [UInt8] {
        precondition(samples.count == width * height * channels * bitDepth / 8,
                     "PNG encoder needs \(width)x\(height)x\(channels) samples of \(bitDepth) bits")
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw InputError("<png encoder>", "cannot encode a \(width)x\(height) image")
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        try samples.withUnsafeBufferPointer { data in
            try callCodec("PNG", source: "<png encoder>") { message in
                pleura_png_encode(data.baseAddress, UInt32(width), UInt32(height), Int32(channels), Int32(bitDepth),
                                  &output, &size, message, codecMessageSize)
            }
        }
        defer { free(output) }
        guard let output else { return [] }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
