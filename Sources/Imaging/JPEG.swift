import CJPEG
import Core

/// JPEG reading and writing through libjpeg-turbo, with its default decoder settings
/// (JDCT_ISLOW, fancy upsampling), the same numbers pydicom and Pillow produce.
/// Colour decodes to RGB and then to gray with the ITU-R 601 weights (as `PNG` does).
/// Damaged data (even what libjpeg only warns about) is an error, never a gray-filled image.
public enum JPEG {
    /// An honest JPEG spends at least a couple of bits per 8x8 block; a header claiming
    /// more pixels than 2048 per input byte is rejected before anything is allocated.
    static let maxExpansion = 2048

    /// Reads a JPEG file as gray, scaled to [0, 1].
    public static func read(path: String) throws -> Image {
        try decodeSamples(FileIO.read(path: path), source: path).image()
    }

    /// Decodes JPEG bytes as gray, scaled to [0, 1]. `source` names the bytes in errors.
    public static func decode(_ bytes: [UInt8], source: String = "<jpeg>") throws -> Image {
        try decodeSamples(bytes, source: source).image()
    }

    /// Decodes JPEG bytes as 8-bit gray samples.
    public static func decodeSamples(_ bytes: [UInt8], source: String = "<jpeg>") throws -> GraySamples {
        let (width, height, gray) = try bytes.withUnsafeBytes { try decodeGray8($0, source: source, place: "") }
        return GraySamples(width: width, height: height, bitDepth: 8, values: gray.map(UInt16.init))
    }

    /// Decodes JPEG bytes in place (no copy of the compressed data) to 8-bit gray.
    /// `place` says where the bytes sit in a larger file, for error messages.
    static func decodeGray8(_ bytes: UnsafeRawBufferPointer, source: String, place: String) throws
        -> (width: Int, height: Int, pixels: [UInt8])
    {
        let data = bytes.bindMemory(to: UInt8.self)
        var layout = pleura_jpeg_layout()
        try callCodec("JPEG", source: source, place: place) {
            pleura_jpeg_decode(data.baseAddress, data.count, &layout, nil, 0, $0, codecMessageSize)
        }
        let width = Int(layout.width), height = Int(layout.height), channels = Int(layout.channels)
        guard width * height * channels <= maxExpansion * max(1, data.count) else {
            throw InputError(source, at: place, "a \(width)x\(height) JPEG cannot be encoded in \(data.count) bytes")
        }
        var decoded = [UInt8](repeating: 0, count: width * height * channels)
        try decoded.withUnsafeMutableBufferPointer { out in
            try callCodec("JPEG", source: source, place: place) {
                pleura_jpeg_decode(data.baseAddress, data.count, &layout, out.baseAddress, out.count, $0, codecMessageSize)
            }
        }
        guard channels == 3 else { return (width, height, decoded) }
        let gray = decoded.withUnsafeBufferPointer { rgb in
            [UInt8](unsafeUninitializedCapacity: width * height) { out, count in
                for i in 0..<width * height {
                    out[i] = UInt8(truncatingIfNeeded: Luminance.rec601(UInt32(rgb[3 * i]), UInt32(rgb[3 * i + 1]), UInt32(rgb[3 * i + 2])))
                }
                count = width * height
            }
        }
        return (width, height, gray)
    }

    /// Encodes 8-bit gray samples as a baseline JPEG at `quality` (1-100). With `jfif`
    /// false the JFIF APP0 marker is left out, as in SIIM's DICOM fragments.
    public static func encodeGray8(width: Int, height: Int, pixels: [UInt8], quality: Int = 95, jfif: Bool = true) throws -> [UInt8] {
        precondition(pixels.count == width * height, "encodeGray8 needs width * height pixels")
        guard (1...65500).contains(width), (1...65500).contains(height) else {
            throw InputError("<jpeg encoder>", "cannot encode a \(width)x\(height) image as JPEG (1...65500 per side)")
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        try pixels.withUnsafeBufferPointer { data in
            try callCodec("JPEG", source: "<jpeg encoder>") {
                pleura_jpeg_encode_gray(data.baseAddress, UInt32(width), UInt32(height), Int32(min(100, max(1, quality))),
                                        jfif ? 1 : 0, &output, &size, $0, codecMessageSize)
            }
        }
        defer { free(output) }
        guard let output else { return [] }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }
}
