import Core

/// Writes DICOM Part 10 files: native pixels in any of the three uncompressed encodings,
/// and JPEG Baseline in exactly the shape of the SIIM competition files.
public enum DICOMWriter {
    /// The uncompressed encodings the writer produces.
    public enum Encoding: Sendable {
        case explicitLittle, implicitLittle, explicitBig

        var syntaxUID: String {
            switch self {
            case .explicitLittle: DICOMTransferSyntax.explicitVRLittleEndian
            case .implicitLittle: DICOMTransferSyntax.implicitVRLittleEndian
            case .explicitBig: DICOMTransferSyntax.explicitVRBigEndian
            }
        }

        var encoding: DICOMEncoding {
            switch self {
            case .explicitLittle: .explicitLittle
            case .implicitLittle: .implicitLittle
            case .explicitBig: .explicitBig
            }
        }
    }

    /// Secondary Capture Image Storage, the SOP class of the SIIM files.
    static let secondaryCapture = "1.2.840.10008.5.1.4.1.1.7"
    /// Pleura's implementation class UID, a UUID-derived OID under 2.25 (no registration needed).
    static let implementationClassUID = "2.25.202421119735208541416532838711548474093"

    /// A complete file: preamble, "DICM", meta group (explicit VR little endian), then
    /// `dataset` in the encoding of `transferSyntax`.
    public static func file(_ dataset: DICOMDataSet, encoding: Encoding) -> [UInt8] {
        file(dataset, syntaxUID: encoding.syntaxUID, encoding: encoding.encoding)
    }

    /// Native pixels: `samples` (row-major, `width * height`) stored in `bitsAllocated` 8 or
    /// 16 bits; signedness, BitsStored, photometric interpretation, rescale and the
    /// descriptive attributes come from `metadata` (its Rows, Columns, BitsAllocated and
    /// transfer syntax are replaced by the arguments).
    public static func native(samples: [Int32], width: Int, height: Int, bitsAllocated: Int,
                              metadata: DICOMMetadata, encoding: Encoding = .explicitLittle) -> [UInt8] {
        precondition(samples.count == width * height, "native DICOM needs width * height samples")
        precondition(bitsAllocated == 8 || bitsAllocated == 16, "native DICOM samples are 8 or 16 bits")
        var dataset = describing(metadata)
        setImagePixel(&dataset, width: width, height: height, bitsAllocated: bitsAllocated, metadata: metadata)
        if bitsAllocated == 8 {
            dataset.set(.pixelData, .OB, bytes: samples.map { UInt8(truncatingIfNeeded: $0) })
        } else {
            dataset.set(.pixelData, words: samples.map { UInt16(truncatingIfNeeded: $0) })
        }
        return file(dataset, encoding: encoding)
    }

    /// An 8-bit MONOCHROME2 image as JPEG Baseline, shaped like the SIIM files: explicit VR
    /// little endian, PixelData of undefined length with an empty basic offset table, one
    /// fragment holding a JPEG without a JFIF marker, and a sequence delimiter; text padded
    /// with spaces, UIDs with NULs, PatientAge as written in `metadata` (SIIM: "62").
    public static func jpegBaseline(pixels: [UInt8], width: Int, height: Int,
                                    metadata: DICOMMetadata, quality: Int = 95) throws -> [UInt8] {
        let jpeg = try JPEG.encodeGray8(width: width, height: height, pixels: pixels, quality: quality, jfif: false)
        var image = metadata
        image.photometricInterpretation = "MONOCHROME2"
        image.bitsStored = 8
        image.pixelRepresentation = 0
        image.rescaleSlope = 1
        image.rescaleIntercept = 0
        var dataset = describing(image)
        setImagePixel(&dataset, width: width, height: height, bitsAllocated: 8, metadata: image)
        dataset.set(.lossyImageCompression, .CS, text: "01")
        dataset.set(.lossyImageCompressionMethod, .CS, text: "ISO_10918_1")
        dataset.setEncapsulatedPixelData(fragments: [jpeg])
        return file(dataset, syntaxUID: DICOMTransferSyntax.jpegBaseline, encoding: .explicitLittle)
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try FileIO.writeAtomically(bytes, to: path)
    }

    // MARK: Pieces

    /// The identifying and descriptive attributes of `metadata` that are present. As in the
    /// SIIM files, the anonymised patient ID doubles as the patient name.
    static func describing(_ metadata: DICOMMetadata) -> DICOMDataSet {
        var d = DICOMDataSet()
        d.set(.specificCharacterSet, .CS, text: "ISO_IR 100")
        d.set(.sopClassUID, .UI, text: secondaryCapture)
        let texts: [(DICOMTag, DICOMVR, String?)] = [
            (.sopInstanceUID, .UI, metadata.sopInstanceUID),
            (.studyInstanceUID, .UI, metadata.studyInstanceUID),
            (.seriesInstanceUID, .UI, metadata.seriesInstanceUID),
            (.modality, .CS, metadata.modality),
            (.patientName, .PN, metadata.patientID),
            (.patientID, .LO, metadata.patientID),
            (.patientSex, .CS, metadata.patientSex),
            (.patientAge, .AS, metadata.patientAge?.text),
            (.viewPosition, .CS, metadata.viewPosition),
            (.seriesDescription, .LO, metadata.viewPosition.map { "view: \($0)" }),
            (.bodyPartExamined, .CS, "CHEST"),
        ]
        for case let (tag, vr, text?) in texts { d.set(tag, vr, text: text) }
        let decimals: [(DICOMTag, [Double])] = [
            (.pixelSpacing, metadata.pixelSpacing), (.windowCenter, metadata.windowCenter), (.windowWidth, metadata.windowWidth),
        ]
        for (tag, values) in decimals where !values.isEmpty {
            d.set(tag, .DS, text: values.map(decimalString).joined(separator: "\\"))
        }
        return d
    }

    /// The Image Pixel module for single-sample images.
    static func setImagePixel(_ d: inout DICOMDataSet, width: Int, height: Int, bitsAllocated: Int, metadata: DICOMMetadata) {
        let bitsStored = min(bitsAllocated, max(1, metadata.bitsStored))
        d.set(.samplesPerPixel, uint16: 1)
        d.set(.photometricInterpretation, .CS, text: metadata.photometricInterpretation)
        d.set(.rows, uint16: UInt16(height))
        d.set(.columns, uint16: UInt16(width))
        d.set(.bitsAllocated, uint16: UInt16(bitsAllocated))
        d.set(.bitsStored, uint16: UInt16(bitsStored))
        d.set(.highBit, uint16: UInt16(bitsStored - 1))
        d.set(.pixelRepresentation, uint16: UInt16(metadata.pixelRepresentation))
        if metadata.rescaleSlope != 1 || metadata.rescaleIntercept != 0 {
            d.set(.rescaleIntercept, .DS, text: decimalString(metadata.rescaleIntercept))
            d.set(.rescaleSlope, .DS, text: decimalString(metadata.rescaleSlope))
        }
    }

    /// A DS value: at most 16 characters, integers without a fraction.
    static func decimalString(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        let text = String(value)
        return text.count <= 16 ? text : String(text.prefix(16))
    }

    static func file(_ dataset: DICOMDataSet, syntaxUID: String, encoding: DICOMEncoding) -> [UInt8] {
        var meta = DICOMDataSet()
        meta.set(.metaVersion, .OB, bytes: [0, 1])
        meta.set(.mediaStorageSOPClassUID, .UI, text: secondaryCapture)
        if case .text(let uid)? = dataset.elements[.sopInstanceUID]?.value {
            meta.set(.mediaStorageSOPInstanceUID, .UI, text: uid)
        }
        meta.set(.transferSyntaxUID, .UI, text: syntaxUID)
        meta.set(.implementationClassUID, .UI, text: implementationClassUID)
        meta.set(.implementationVersionName, .SH, text: "PLEURA")
        let metaBytes = meta.encoded(.explicitLittle)
        var groupLength = DICOMDataSet()
        groupLength.set(.metaGroupLength, uint32: UInt32(metaBytes.count))
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
            + groupLength.encoded(.explicitLittle) + metaBytes + dataset.encoded(encoding)
    }
}
