/// A DICOM attribute tag, (group, element), printed as `(7FE0,0010)`.
public struct DICOMTag: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let group: UInt16
    public let element: UInt16

    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    public static func < (a: DICOMTag, b: DICOMTag) -> Bool {
        (a.group, a.element) < (b.group, b.element)
    }

    public var description: String {
        "(\(hex(group)),\(hex(element)))"
    }

    private func hex(_ v: UInt16) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// The tags Pleura reads or writes.
extension DICOMTag {
    static let metaGroupLength = DICOMTag(0x0002, 0x0000)
    static let metaVersion = DICOMTag(0x0002, 0x0001)
    static let mediaStorageSOPClassUID = DICOMTag(0x0002, 0x0002)
    static let mediaStorageSOPInstanceUID = DICOMTag(0x0002, 0x0003)
    public static let transferSyntaxUID = DICOMTag(0x0002, 0x0010)
    static let implementationClassUID = DICOMTag(0x0002, 0x0012)
    static let implementationVersionName = DICOMTag(0x0002, 0x0013)

    static let specificCharacterSet = DICOMTag(0x0008, 0x0005)
    static let sopClassUID = DICOMTag(0x0008, 0x0016)
    public static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    public static let modality = DICOMTag(0x0008, 0x0060)
    static let seriesDescription = DICOMTag(0x0008, 0x103E)
    static let patientName = DICOMTag(0x0010, 0x0010)
    public static let patientID = DICOMTag(0x0010, 0x0020)
    public static let patientSex = DICOMTag(0x0010, 0x0040)
    public static let patientAge = DICOMTag(0x0010, 0x1010)
    static let bodyPartExamined = DICOMTag(0x0018, 0x0015)
    public static let viewPosition = DICOMTag(0x0018, 0x5101)
    public static let studyInstanceUID = DICOMTag(0x0020, 0x000D)
    public static let seriesInstanceUID = DICOMTag(0x0020, 0x000E)
    public static let samplesPerPixel = DICOMTag(0x0028, 0x0002)
    public static let photometricInterpretation = DICOMTag(0x0028, 0x0004)
    public static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    public static let rows = DICOMTag(0x0028, 0x0010)
    public static let columns = DICOMTag(0x0028, 0x0011)
    public static let pixelSpacing = DICOMTag(0x0028, 0x0030)
    public static let bitsAllocated = DICOMTag(0x0028, 0x0100)
    public static let bitsStored = DICOMTag(0x0028, 0x0101)
    public static let highBit = DICOMTag(0x0028, 0x0102)
    public static let pixelRepresentation = DICOMTag(0x0028, 0x0103)
    public static let windowCenter = DICOMTag(0x0028, 0x1050)
    public static let windowWidth = DICOMTag(0x0028, 0x1051)
    public static let rescaleIntercept = DICOMTag(0x0028, 0x1052)
    public static let rescaleSlope = DICOMTag(0x0028, 0x1053)
    static let lossyImageCompression = DICOMTag(0x0028, 0x2110)
    static let lossyImageCompressionMethod = DICOMTag(0x0028, 0x2114)
    public static let pixelData = DICOMTag(0x7FE0, 0x0010)

    static let item = DICOMTag(0xFFFE, 0xE000)
    static let itemDelimitation = DICOMTag(0xFFFE, 0xE00D)
    static let sequenceDelimitation = DICOMTag(0xFFFE, 0xE0DD)

    /// The value representation of the tags read here, for implicit-VR data, which does not
    /// store it. Anything else reads as UN (bytes), which is all that skipping it needs.
    static let implicitVR: [DICOMTag: DICOMVR] = [
        metaGroupLength: .UL,
        samplesPerPixel: .US, rows: .US, columns: .US, bitsAllocated: .US, bitsStored: .US,
        highBit: .US, pixelRepresentation: .US, numberOfFrames: .IS,
        pixelSpacing: .DS, windowCenter: .DS, windowWidth: .DS, rescaleIntercept: .DS, rescaleSlope: .DS,
        pixelData: .OW,
    ]
}
