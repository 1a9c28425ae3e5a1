import Foundation
import Imaging
import Testing
import TestSupport

@Suite struct DICOMReadTests {
    /// Facts from ../shared/data/README.md, checked there with pydicom.
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func realSIIMFile() throws {
        let file = try DICOMFile.read(path: SharedData.siimDICOM)
        let m = file.metadata
        #expect(m.transferSyntaxUID == "1.2.840.10008.1.2.4.50")
        #expect(m.sopInstanceUID == "1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819")
        #expect(m.studyInstanceUID == "1.2.276.0.7230010.3.1.2.8323329.6904.1517875201.850818")
        #expect(m.rows == 1024 && m.columns == 1024)
        #expect(m.bitsAllocated == 8 && m.bitsStored == 8 && m.photometricInterpretation == "MONOCHROME2")
        #expect(m.modality == "CR" && m.patientSex == "M" && m.viewPosition == "PA")
        #expect(m.patientAge == DICOMAge("62") && m.patientAge?.value == 62 && m.patientAge?.unit == .years)
        #expect(m.patientAge?.text == "62")
        #expect(m.pixelSpacing == [0.168, 0.168])

        let stored = try file.storedPixels()
        #expect(stored.count == 1024 * 1024)
        #expect(stored.reduce(0) { $0 + Int($1) } == 168_189_534)
        #expect(stored.min() == 0 && stored.max() == 254)

        let image = try file.image()
        #expect(image.width == 1024 && image.height == 1024)
        let mean = image.pixels.reduce(0.0) { $0 + Double($1) } / Double(image.count) * 255
        #expect(abs(mean - 160.398) < 0.001)
    }

    /// Resizing the stored samples and scaling after equals scaling first and resizing after.
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func resizedImageEqualsResizeOfImage() throws {
        let file = try DICOMFile.read(path: SharedData.siimDICOM)
        let direct = try file.image(width: 256, height: 200)
        let twoStep = try Resize.image(try file.image(), width: 256, height: 200)
        #expect(direct.width == 256 && direct.height == 200)
        #expect(zip(direct.pixels, twoStep.pixels).allSatisfy { abs($0 - $1) < 1e-5 })

        // MONOCHROME1 with signed 16-bit samples and a negative slope, grown rather than shrunk.
        var metadata = DICOMMetadata(photometricInterpretation: "MONOCHROME1", bitsStored: 16, pixelRepresentation: 1)
        metadata.rescaleSlope = -2
        let native = try DICOMFile(bytes: DICOMWriter.native(samples: [-30000, 0, 12345, 30000, -7, 99], width: 3, height: 2,
                                                             bitsAllocated: 16, metadata: metadata))
        let grown = try native.image(width: 7, height: 5)
        let expected = try Resize.image(try native.image(), width: 7, height: 5)
        #expect(zip(grown.pixels, expected.pixels).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func pydicomImplicitFileWithSequence() throws {
        let file = try DICOMFile(bytes: DICOMFixtures.implicitWithSequence, source: "pydicom.dcm")
        let m = file.metadata
        #expect(m.transferSyntaxUID == "1.2.840.10008.1.2")
        #expect(m.sopInstanceUID == "1.2.3.4")
        #expect(m.modality == "DX" && m.patientSex == "F" && m.viewPosition == "AP")
        #expect(m.patientAge?.value == 45 && m.patientAge?.unit == .years && m.patientAge?.text == "045Y")
        #expect(m.pixelSpacing == [0.5, 0.25])
        #expect(m.windowCenter == [100, 200] && m.windowWidth == [50, 400])
        #expect(m.rows == 2 && m.columns == 4 && m.bitsStored == 12 && m.pixelRepresentation == 1)
        #expect(m.rescaleSlope == 2 && m.rescaleIntercept == -1024)
        let stored = try file.storedPixels()
        #expect(stored == [-2048, -1, 0, 1, 2047, 100, -100, 7])
        // 12-bit signed spans [-2048, 2047]; a positive slope keeps that order.
        let image = try file.image()
        let expected = stored.map { Float($0 + 2048) / 4095 }
        #expect(zip(image.pixels, expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test(arguments: [
        ("62", 62, DICOMAge.Unit.years), ("062Y", 62, .years), ("006M", 6, .months),
        ("012W", 12, .weeks), ("003D", 3, .days), ("45 Y", 45, .years), ("7 ", 7, .years),
    ])
    func ageStrings(text: String, value: Int, unit: DICOMAge.Unit) throws {
        let age = try #require(DICOMAge(text))
        #expect(age.value == value && age.unit == unit)
    }

    @Test func ageYearsAndRejects() {
        #expect(DICOMAge("018M")?.years == 1.5)
        #expect(DICOMAge("") == nil && DICOMAge("Y") == nil && DICOMAge("abc") == nil && DICOMAge("-5Y") == nil)
    }
}
