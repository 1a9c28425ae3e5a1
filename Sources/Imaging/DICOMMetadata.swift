import Core

/// The attributes of a DICOM image that Pleura reads and writes. Text values are trimmed of
/// padding; an attribute the file lacks is nil (or empty, or the DICOM default).
public struct DICOMMetadata: Sendable, Equatable {
    public var sopInstanceUID: String?
    public var studyInstanceUID: String?
    public var seriesInstanceUID: String?
    public var patientID: String?
    public var modality: String?
    /// "M", "F" or "O" as stored.
    public var patientSex: String?
    public var patientAge: DICOMAge?
    /// "PA" or "AP" for chest radiographs.
    public var viewPosition: String?
    /// Row spacing then column spacing, in mm; empty when absent.
    public var pixelSpacing: [Double]
    public var windowCenter: [Double]
    public var windowWidth: [Double]
    public var rows: Int
    public var columns: Int
    public var samplesPerPixel: Int
    public var numberOfFrames: Int
    /// "MONOCHROME1" (bright means air) or "MONOCHROME2" (bright means dense).
    public var photometricInterpretation: String
    public var bitsAllocated: Int
    public var bitsStored: Int
    /// 0 for unsigned samples, 1 for two's complement.
    public var pixelRepresentation: Int
    public var rescaleSlope: Double
    public var rescaleIntercept: Double
    public var transferSyntaxUID: String

    public init(sopInstanceUID: String? = nil, studyInstanceUID: String? = nil, seriesInstanceUID: String? = nil,
                patientID: String? = nil, modality: String? = nil, patientSex: String? = nil,
                patientAge: DICOMAge? = nil, viewPosition: String? = nil, pixelSpacing: [Double] = [],
                windowCenter: [Double] = [], windowWidth: [Double] = [],
                rows: Int = 0, columns: Int = 0, samplesPerPixel: Int = 1, numberOfFrames: Int = 1,
                photometricInterpretation: String = "MONOCHROME2", bitsAllocated: Int = 8, bitsStored: Int = 8,
                pixelRepresentation: Int = 0, rescaleSlope: Double = 1, rescaleIntercept: Double = 0,
                transferSyntaxUID: String = DICOMTransferSyntax.explicitVRLittleEndian) {
        self.sopInstanceUID = sopInstanceUID
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.patientID = patientID
        self.modality = modality
        self.patientSex = patientSex
        self.patientAge = patientAge
        self.viewPosition = viewPosition
        self.pixelSpacing = pixelSpacing
        self.windowCenter = windowCenter
        self.windowWidth = windowWidth
        self.rows = rows
        self.columns = columns
        self.samplesPerPixel = samplesPerPixel
        self.numberOfFrames = numberOfFrames
        self.photometricInterpretation = photometricInterpretation
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.pixelRepresentation = pixelRepresentation
        self.rescaleSlope = rescaleSlope
        self.rescaleIntercept = rescaleIntercept
        self.transferSyntaxUID = transferSyntaxUID
    }
}

extension DICOMMetadata {
    /// Reads the attributes from a parsed file. Malformed numbers are errors naming the tag.
    init(_ parse: DICOMParse, _ parser: DICOMParser) throws {
        let values = DICOMValues(parse: parse, parser: parser)
        self.init(
            sopInstanceUID: values.string(.sopInstanceUID),
            studyInstanceUID: values.string(.studyInstanceUID),
            seriesInstanceUID: values.string(.seriesInstanceUID),
            patientID: values.string(.patientID),
            modality: values.string(.modality),
            patientSex: values.string(.patientSex),
            patientAge: try values.string(.patientAge).map { text in
                guard let age = DICOMAge(text) else { throw values.error(.patientAge, "invalid age string \"\(text)\"") }
                return age
            },
            viewPosition: values.string(.viewPosition),
            pixelSpacing: try values.decimals(.pixelSpacing),
            windowCenter: try values.decimals(.windowCenter),
            windowWidth: try values.decimals(.windowWidth),
            rows: try values.integer(.rows) ?? 0,
            columns: try values.integer(.columns) ?? 0,
            samplesPerPixel: try values.integer(.samplesPerPixel) ?? 1,
            numberOfFrames: try values.integer(.numberOfFrames) ?? 1,
            photometricInterpretation: values.string(.photometricInterpretation) ?? "MONOCHROME2",
            bitsAllocated: try values.integer(.bitsAllocated) ?? 8,
            bitsStored: try values.integer(.bitsStored) ?? values.integer(.bitsAllocated) ?? 8,
            pixelRepresentation: try values.integer(.pixelRepresentation) ?? 0,
            rescaleSlope: try values.decimals(.rescaleSlope).first ?? 1,
            rescaleIntercept: try values.decimals(.rescaleIntercept).first ?? 0,
            transferSyntaxUID: parse.syntax.uid)
    }
}

/// Typed access to the top-level values of a parsed file.
struct DICOMValues {
    let parse: DICOMParse
    let parser: DICOMParser

    func error(_ tag: DICOMTag, _ reason: String) -> InputError {
        parser.error(parse.elements[tag]?.offset ?? 0, tag, reason)
    }

    /// The trimmed text of a string element; nil when absent or empty.
    func string(_ tag: DICOMTag) -> String? {
        guard let element = parse.elements[tag] else { return nil }
        let value = parser.text(element)
        return value.isEmpty ? nil : value
    }

    /// An integer stored as US/UL/SS/SL binary or as an IS string (first value).
    func integer(_ tag: DICOMTag) throws -> Int? {
        guard let element = parse.elements[tag], element.length > 0 else { return nil }
        let encoding = parse.syntax.encoding
        switch element.vr {
        case .US where element.length >= 2: return Int(parser.readUInt16(element.valueOffset, encoding))
        case .SS where element.length >= 2: return Int(Int16(bitPattern: parser.readUInt16(element.valueOffset, encoding)))
        case .UL where element.length >= 4: return Int(parser.readUInt32(element.valueOffset, encoding))
        case .SL where element.length >= 4: return Int(Int32(bitPattern: parser.readUInt32(element.valueOffset, encoding)))
        case .IS:
            guard let first = DICOMText.values(parser.text(element)).first, let value = Int(first) else {
                throw error(tag, "invalid integer string \"\(parser.text(element))\"")
            }
            return value
        default:
            throw error(tag, "expected an integer, found \(element.vr) of \(element.length) bytes")
        }
    }

    /// The values of a DS (decimal string) element; empty when absent.
    func decimals(_ tag: DICOMTag) throws -> [Double] {
        guard let element = parse.elements[tag] else { return [] }
        let text = parser.text(element)
        if text.isEmpty { return [] }
        return try DICOMText.values(text).map { value in
            guard let number = Double(value), number.isFinite else {
                throw error(tag, "invalid decimal string \"\(text)\"")
            }
            return number
        }
    }
}
