import Imaging
import Testing

@Suite struct DICOMWriterTests {
    static let described = DICOMMetadata(
        sopInstanceUID: "1.2.826.0.1.3680043.8.498.1", studyInstanceUID: "1.2.3", seriesInstanceUID: "1.2.3.4",
        patientID: "anon-7", modality: "CR", patientSex: "M", patientAge: DICOMAge("62"), viewPosition: "PA",
        pixelSpacing: [0.168, 0.168], windowCenter: [100, 200], windowWidth: [50, 400])

    private func sameDescription(_ a: DICOMMetadata, _ b: DICOMMetadata) -> Bool {
        a.sopInstanceUID == b.sopInstanceUID && a.studyInstanceUID == b.studyInstanceUID
            && a.seriesInstanceUID == b.seriesInstanceUID && a.patientID == b.patientID && a.modality == b.modality
            && a.patientSex == b.patientSex && a.patientAge == b.patientAge && a.viewPosition == b.viewPosition
            && a.pixelSpacing == b.pixelSpacing && a.windowCenter == b.windowCenter && a.windowWidth == b.windowWidth
    }

    @Test(arguments: [DICOMWriter.Encoding.explicitLittle, .implicitLittle, .explicitBig])
    func native16BitSignedRoundTrips(encoding: DICOMWriter.Encoding) throws {
        var metadata = Self.described
        metadata.bitsStored = 16
        metadata.pixelRepresentation = 1
        let samples: [Int32] = [-32768, -1, 0, 1, 0x1234, 32767]
        let bytes = DICOMWriter.native(samples: samples, width: 3, height: 2, bitsAllocated: 16,
                                       metadata: metadata, encoding: encoding)
        let file = try DICOMFile(bytes: bytes, source: "\(encoding).dcm")
        #expect(file.metadata.rows == 2 && file.metadata.columns == 3 && file.metadata.bitsAllocated == 16)
        #expect(sameDescription(file.metadata, Self.described))
        #expect(try file.storedPixels() == samples)
        // The sample 0x1234 sits in the byte order the syntax promises.
        let wanted: [UInt8] = encoding == .explicitBig ? [0x12, 0x34] : [0x34, 0x12]
        #expect(bytes.indices.dropLast().contains { bytes[$0] == wanted[0] && bytes[$0 + 1] == wanted[1] })
        // Signed 16-bit spans [-32768, 32767].
        let image = try file.image()
        #expect(image.pixels.first == 0 && image.pixels.last == 1)
    }

    @Test func bitsStoredMasksHighBitsAndSignExtends() throws {
        var metadata = DICOMMetadata(bitsStored: 12, pixelRepresentation: 1)
        // 0xF800 in 12 bits is 0x800 = -2048; 0x17FF is 0x7FF = 2047; 0xFFFF is -1.
        let raw: [Int32] = [0xF800, 0x17FF, 0xFFFF, 5]
        var file = try DICOMFile(bytes: DICOMWriter.native(samples: raw, width: 4, height: 1, bitsAllocated: 16, metadata: metadata))
        #expect(try file.storedPixels() == [-2048, 2047, -1, 5])
        metadata.pixelRepresentation = 0
        file = try DICOMFile(bytes: DICOMWriter.native(samples: raw, width: 4, height: 1, bitsAllocated: 16, metadata: metadata))
        #expect(try file.storedPixels() == [0x800, 0x7FF, 0xFFF, 5])
    }

    @Test func monochrome1IsInvertedAndNegativeSlopeFlips() throws {
        let samples: [Int32] = [0, 255, 51]
        var metadata = DICOMMetadata(photometricInterpretation: "MONOCHROME1")
        let inverted = try DICOMFile(bytes: DICOMWriter.native(samples: samples, width: 3, height: 1, bitsAllocated: 8, metadata: metadata)).image()
        #expect(zip(inverted.pixels, [1, 0, 0.8] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })

        metadata.photometricInterpretation = "MONOCHROME2"
        metadata.rescaleSlope = -1
        metadata.rescaleIntercept = 255
        let flipped = try DICOMFile(bytes: DICOMWriter.native(samples: samples, width: 3, height: 1, bitsAllocated: 8, metadata: metadata))
        #expect(flipped.metadata.rescaleSlope == -1 && flipped.metadata.rescaleIntercept == 255)
        #expect(try flipped.image() == inverted)

        metadata.rescaleSlope = 4
        metadata.rescaleIntercept = -100
        let plain = try DICOMFile(bytes: DICOMWriter.native(samples: samples, width: 3, height: 1, bitsAllocated: 8, metadata: metadata)).image()
        #expect(zip(plain.pixels, [0, 1, 0.2] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// Undefined- and defined-length sequences, nested, in each encoding: the parser must
    /// skip them exactly and still read the attributes and pixels after them.
    @Test(arguments: [DICOMWriter.Encoding.explicitLittle, .implicitLittle, .explicitBig], [false, true])
    func sequencesAreSkipped(encoding: DICOMWriter.Encoding, undefinedLength: Bool) throws {
        var leaf = DICOMDataSet()
        leaf.set(DICOMTag(0x0008, 0x0100), .SH, text: "T-D3000")
        leaf.set(DICOMTag(0x0008, 0x0104), .LO, text: "Chest")
        var middle = DICOMDataSet()
        middle.set(DICOMTag(0x0008, 0x0100), .SH, text: "X")
        middle.setSequence(DICOMTag(0x0040, 0xA168), items: [leaf, leaf], undefinedLength: !undefinedLength)
        var dataset = DICOMDataSet()
        dataset.setSequence(DICOMTag(0x0008, 0x1115), items: [middle, DICOMDataSet(), middle], undefinedLength: undefinedLength)
        dataset.set(.modality, .CS, text: "DX")
        dataset.set(.patientSex, .CS, text: "F")
        dataset.set(.patientAge, .AS, text: "006M")
        dataset.set(.rows, uint16: 1)
        dataset.set(.columns, uint16: 2)
        dataset.set(.bitsAllocated, uint16: 16)
        dataset.set(.bitsStored, uint16: 16)
        dataset.set(.pixelData, words: [700, 65535])
        let file = try DICOMFile(bytes: DICOMWriter.file(dataset, encoding: encoding), source: "seq.dcm")
        #expect(file.metadata.modality == "DX" && file.metadata.patientSex == "F")
        #expect(file.metadata.patientAge?.value == 6 && file.metadata.patientAge?.unit == .months)
        #expect(try file.storedPixels() == [700, 65535])
    }

    /// A private sequence stored as UN with undefined length in explicit VR: its items are
    /// implicit VR little endian (PS3.5 6.2.2), and the attributes after it still read.
    @Test func undefinedLengthUNIsSkippedAsImplicitSequence() throws {
        var dataset = DICOMDataSet()
        dataset.set(.modality, .CS, text: "CR")
        dataset.set(.patientSex, .CS, text: "F")
        var bytes = DICOMWriter.file(dataset, encoding: .explicitLittle)
        let sex: [UInt8] = [0x10, 0x00, 0x40, 0x00, 0x43, 0x53]
        let at = try #require((0...(bytes.count - 6)).first { bytes[$0..<$0 + 6].elementsEqual(sex) })
        let privateSequence: [UInt8] = [
            0x09, 0x00, 0x10, 0x10, 0x55, 0x4E, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,  // (0009,1010) UN, undefined
            0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF,                    // item, undefined
            0x08, 0x00, 0x00, 0x01, 4, 0, 0, 0, 0x41, 0x42, 0x43, 0x44,         // (0008,0100) implicit, "ABCD"
            0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0,                                // item delimiter
            0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0,                                // sequence delimiter
        ]
        bytes.insert(contentsOf: privateSequence, at: at)
        let file = try DICOMFile(bytes: bytes, source: "private.dcm")
        #expect(file.metadata.modality == "CR" && file.metadata.patientSex == "F")
    }

    @Test func jpegBaselineHasSIIMShape() throws {
        let width = 64, height = 48
        let pixels: [UInt8] = (0..<width * height).map { UInt8(($0 % width) * 3 + ($0 / width)) }
        let bytes = try DICOMWriter.jpegBaseline(pixels: pixels, width: width, height: height, metadata: Self.described, quality: 95)
        let file = try DICOMFile(bytes: bytes, source: "siim-like.dcm")
        #expect(file.metadata.transferSyntaxUID == "1.2.840.10008.1.2.4.50")
        #expect(sameDescription(file.metadata, Self.described))
        #expect(file.metadata.photometricInterpretation == "MONOCHROME2" && file.metadata.bitsStored == 8)
        let stored = try file.storedPixels()
        #expect(stored.count == width * height)
        #expect(zip(stored, pixels).allSatisfy { abs(Int($0) - Int($1)) <= 4 })

        // PixelData: OB, undefined length, an empty offset table, one fragment that starts
        // with SOI and a quantisation table (no JFIF APP0), then the sequence delimiter.
        let pixelData: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x42, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
                                  0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0]
        let at = try #require(find(pixelData, in: bytes))
        let fragment = at + pixelData.count + 4
        #expect(Array(bytes[fragment..<fragment + 4]) == [0xFF, 0xD8, 0xFF, 0xDB])
        #expect(Array(bytes.suffix(8)) == [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0])
        // PatientAge "62" as is; PatientSex "M" padded with a space; the 27-character UID with a NUL.
        #expect(find([0x10, 0x00, 0x10, 0x10, 0x41, 0x53, 2, 0, 0x36, 0x32], in: bytes) != nil)
        #expect(find([0x10, 0x00, 0x40, 0x00, 0x43, 0x53, 2, 0, 0x4D, 0x20], in: bytes) != nil)
        #expect(find(Array("1.2.826.0.1.3680043.8.498.1\0".utf8), in: bytes) != nil)
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
