import Foundation
import Core
import Imaging
import Tensor
import Testing
import TestSupport

@Suite struct DICOMErrorTests {
    /// Opens and decodes; every failure must be an `InputError` naming `source`.
    private func load(_ bytes: [UInt8], _ source: String = "bad.dcm") throws -> Image {
        try DICOMFile(bytes: bytes, source: source).image()
    }

    private static let native: [UInt8] = DICOMWriter.native(
        samples: (0..<64).map { Int32($0 * 1000) }, width: 8, height: 8, bitsAllocated: 16,
        metadata: DICOMMetadata(sopInstanceUID: "1.2.3", modality: "CR", patientSex: "F", patientAge: DICOMAge("30"), bitsStored: 16))

    private func withSyntax(_ uid: String) -> [UInt8] {
        var dataset = DICOMDataSet()
        dataset.set(.modality, .CS, text: "CR")
        let file = DICOMWriter.file(dataset, encoding: .explicitLittle)
        let old = Array("1.2.840.10008.1.2.1\0".utf8)
        var replacement = Array(uid.utf8)
        if replacement.count % 2 == 1 { replacement.append(0) }
        let at = (0...(file.count - old.count)).first { file[$0..<$0 + old.count].elementsEqual(old) }!
        // Patch the value and its 2-byte length (just before it); the group length is not checked.
        var patched = Array(file[..<(at - 2)]) + [UInt8(replacement.count), 0] + replacement + Array(file[(at + old.count)...])
        patched[at - 4] = 0x55  // keep "UI"
        return patched
    }

    @Test func notPart10() {
        let error = #expect(throws: InputError.self) { try load(Array(repeating: 0, count: 300), "zeros.dcm") }
        #expect(error?.source == "zeros.dcm" && error?.place == "offset 128")
        #expect(throws: InputError.self) { try load([], "empty.dcm") }
    }

    @Test func unsupportedTransferSyntaxNamesTheTag() throws {
        let deflate = #expect(throws: InputError.self) { try load(withSyntax("1.2.840.10008.1.2.1.99"), "deflate.dcm") }
        #expect(deflate?.place.contains("tag (0002,0010)") == true)
        #expect(deflate?.place.hasPrefix("offset ") == true)
        #expect(deflate?.reason.contains("1.2.840.10008.1.2.1.99") == true)

        // JPEG 2000: the metadata still reads, the pixels are a clear error.
        let j2k = try DICOMFile(bytes: withSyntax("1.2.840.10008.1.2.4.90"), source: "j2k.dcm")
        #expect(j2k.metadata.modality == "CR")
        let error = #expect(throws: InputError.self) { try j2k.image() }
        #expect(error?.place.contains("tag (0002,0010)") == true && error?.reason.contains("JPEG 2000") == true)
    }

    /// Every possible truncation of a native file fails with an InputError, never a crash.
    @Test func everyTruncationIsAnError() {
        for length in 0..<Self.native.count {
            do {
                _ = try load(Array(Self.native[0..<length]))
                Issue.record("a file cut to \(length) of \(Self.native.count) bytes loaded")
            } catch let error as InputError {
                #expect(error.source == "bad.dcm")
            } catch {
                Issue.record("cut to \(length): not an InputError: \(error)")
            }
        }
    }

    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func truncatedSIIMFileIsAnError() throws {
        let bytes = try FileIO.read(path: SharedData.siimDICOM)
        // Cuts through the header, the fragment's item header and the JPEG stream.
        let cuts = Array(stride(from: 0, to: 1100, by: 7)) + Array(stride(from: 1100, to: bytes.count, by: 4999)) + [bytes.count - 1]
        for length in cuts {
            let error = #expect(throws: InputError.self) { try load(Array(bytes[0..<length]), "cut.dcm") }
            #expect(error?.source == "cut.dcm")
        }
        let inFragment = #expect(throws: InputError.self) { try load(Array(bytes[0..<(bytes.count / 2)]), "half.dcm") }
        #expect(inFragment?.place.contains("tag (7FE0,0010)") == true)
    }

    @Test func truncationInsideAHeaderNamesTheTag() throws {
        // Cut 6 bytes into the PixelData element header: its tag is there, its length is not.
        let pixelData: [UInt8] = [0xE0, 0x7F, 0x10, 0x00]
        let at = try #require((0...(Self.native.count - 4)).first { Self.native[$0..<$0 + 4].elementsEqual(pixelData) })
        let error = #expect(throws: InputError.self) { try load(Array(Self.native[0..<(at + 6)]), "cut.dcm") }
        #expect(error?.place == "offset \(at), tag (7FE0,0010)")
        #expect(error?.reason.contains("ends inside an element header") == true)
    }

    @Test func lengthPastTheEndNamesTagAndOffset() throws {
        var bytes = Self.native
        // Modality (0008,0060) CS: make its 2-byte length 0xFFFF.
        let modality: [UInt8] = [0x08, 0x00, 0x60, 0x00, 0x43, 0x53]
        let at = try #require((0...(bytes.count - 6)).first { bytes[$0..<$0 + 6].elementsEqual(modality) })
        bytes[at + 6] = 0xFF
        bytes[at + 7] = 0xFF
        let error = #expect(throws: InputError.self) { try load(bytes, "long.dcm") }
        #expect(error?.place == "offset \(at), tag (0008,0060)")
        #expect(error?.reason.contains("runs past the end of the file") == true)
    }

    @Test func sizesThePixelDataCannotHoldAreRejected() throws {
        // Rows x Columns of 65535 x 65535 over 8 bytes of native pixels: rejected, nothing allocated.
        var dataset = DICOMDataSet()
        dataset.set(.rows, uint16: 65535)
        dataset.set(.columns, uint16: 65535)
        dataset.set(.bitsAllocated, uint16: 16)
        dataset.set(.bitsStored, uint16: 16)
        dataset.set(.pixelData, words: [1, 2, 3, 4])
        let error = #expect(throws: InputError.self) { try load(DICOMWriter.file(dataset, encoding: .explicitLittle)) }
        #expect(error?.place.contains("tag (7FE0,0010)") == true)

        // A JPEG whose size disagrees with Rows/Columns.
        var metadata = DICOMMetadata()
        metadata.sopInstanceUID = "1.2"
        var jpegFile = try DICOMWriter.jpegBaseline(pixels: [UInt8](repeating: 9, count: 16 * 8), width: 16, height: 8, metadata: metadata)
        let rows: [UInt8] = [0x28, 0x00, 0x10, 0x00, 0x55, 0x53, 2, 0]
        let at = try #require((0...(jpegFile.count - 8)).first { jpegFile[$0..<$0 + 8].elementsEqual(rows) })
        jpegFile[at + 8] = 9
        let mismatch = #expect(throws: InputError.self) { try load(jpegFile) }
        #expect(mismatch?.reason.contains("16x8") == true)
    }

    /// Rows and Columns stored as UL (a damaged file) with values whose product overflows.
    @Test func absurdDimensionsAreRejected() {
        var dataset = DICOMDataSet()
        dataset.set(.rows, uint32: 0xFFFF_FFFF)
        dataset.set(.columns, uint32: 0xFFFF_FFFF)
        dataset.set(.pixelData, words: [1, 2])
        let error = #expect(throws: InputError.self) { try load(DICOMWriter.file(dataset, encoding: .explicitLittle)) }
        #expect(error?.place.contains("tag (0028,0010)") == true)
    }

    @Test func corruptJPEGFragmentNamesPixelData() throws {
        var bytes = try DICOMWriter.jpegBaseline(pixels: (0..<(32 * 32)).map { UInt8($0 % 251) }, width: 32, height: 32,
                                                 metadata: DICOMMetadata(sopInstanceUID: "1.2"))
        // Overwrite the middle of the entropy-coded data with a marker that cannot be there.
        let middle = bytes.count - 60
        bytes.replaceSubrange(middle..<middle + 4, with: [0xFF, 0xD8, 0xFF, 0xD8])
        let error = #expect(throws: InputError.self) { try load(bytes, "corrupt.dcm") }
        #expect(error?.place.contains("tag (7FE0,0010)") == true && error?.reason.hasPrefix("invalid JPEG") == true)
    }

    @Test func deepNestingIsBounded() {
        var item = DICOMDataSet()
        item.set(.modality, .CS, text: "CR")
        for _ in 0..<40 {
            var outer = DICOMDataSet()
            outer.setSequence(DICOMTag(0x0008, 0x1115), items: [item], undefinedLength: true)
            item = outer
        }
        let error = #expect(throws: InputError.self) { try DICOMFile(bytes: DICOMWriter.file(item, encoding: .implicitLittle)) }
        #expect(error?.reason.contains("nested deeper") == true)
    }

    /// Seeded random corruption: each variant either loads or fails with an InputError.
    @Test func randomCorruptionNeverCrashes() {
        var random = SeededGenerator(seed: 2024)
        for trial in 0..<400 {
            var bytes = Self.native
            for _ in 0..<(1 + random.int(below: 4)) {
                bytes[128 + random.int(below: bytes.count - 128)] = UInt8(random.int(below: 256))
            }
            do {
                _ = try load(bytes)
            } catch is InputError {
            } catch {
                Issue.record("trial \(trial): not an InputError: \(error)")
            }
        }
    }
}
