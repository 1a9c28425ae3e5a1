/// How a DICOM dataset's elements are laid out after the meta group.
enum DICOMEncoding: Sendable {
    case implicitLittle
    case explicitLittle
    case explicitBig

    var isExplicit: Bool { self != .implicitLittle }
    var isBigEndian: Bool { self == .explicitBig }
}

/// A transfer syntax: the element encoding plus whether PixelData is compressed.
public struct DICOMTransferSyntax: Sendable, Equatable {
    public enum Compression: Sendable, Equatable {
        /// Native pixels stored as plain samples.
        case none
        /// Encapsulated JPEG Baseline (process 1), 8-bit: what every SIIM image uses.
        case jpegBaseline
        /// Encapsulated in a codec Pleura does not decode (named for the error message).
        case unsupported(String)
    }

    public let uid: String
    let encoding: DICOMEncoding
    public let compression: Compression

    public static let implicitVRLittleEndian = "1.2.840.10008.1.2"
    public static let explicitVRLittleEndian = "1.2.840.10008.1.2.1"
    public static let explicitVRBigEndian = "1.2.840.10008.1.2.2"
    public static let jpegBaseline = "1.2.840.10008.1.2.4.50"

    /// Syntaxes whose elements Pleura can parse, though it cannot decode their pixels.
    private static let encapsulatedNames: [String: String] = [
        "1.2.840.10008.1.2.4.51": "JPEG Extended",
        "1.2.840.10008.1.2.4.57": "JPEG Lossless",
        "1.2.840.10008.1.2.4.70": "JPEG Lossless SV1",
        "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
        "1.2.840.10008.1.2.4.81": "JPEG-LS Near-Lossless",
        "1.2.840.10008.1.2.4.90": "JPEG 2000 Lossless",
        "1.2.840.10008.1.2.4.91": "JPEG 2000",
        "1.2.840.10008.1.2.5": "RLE Lossless",
    ]

    /// The syntax for `uid`, or nil when its elements cannot even be parsed (deflate, unknown).
    init?(uid: String) {
        self.uid = uid
        switch uid {
        case Self.implicitVRLittleEndian: (encoding, compression) = (.implicitLittle, .none)
        case Self.explicitVRLittleEndian: (encoding, compression) = (.explicitLittle, .none)
        case Self.explicitVRBigEndian: (encoding, compression) = (.explicitBig, .none)
        case Self.jpegBaseline: (encoding, compression) = (.explicitLittle, .jpegBaseline)
        default:
            guard let name = Self.encapsulatedNames[uid] else { return nil }
            (encoding, compression) = (.explicitLittle, .unsupported("\(name) (\(uid))"))
        }
    }
}
