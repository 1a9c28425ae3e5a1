import Foundation
import Core
import Imaging
import Testing
import TestSupport

/// Reading a DICOM's header without its pixels.
@Suite struct DICOMHeaderTests {
    /// The pydicom-checked facts of ../shared/data/README.md, from the header alone; a whole
    /// read gives the same metadata.
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func realSIIMHeader() throws {
        let m = try DICOMFile.readHeader(path: SharedData.siimDICOM)
        #expect(m.sopInstanceUID == "1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819")
        #expect(m.rows == 1024 && m.columns == 1024)
        #expect(m.modality == "CR" && m.patientSex == "M" && m.viewPosition == "PA")
        #expect(m.patientAge?.value == 62 && m.patientAge?.unit == .years)
        #expect(m.transferSyntaxUID == "1.2.840.10008.1.2.4.50")
        #expect(m == (try DICOMFile.read(path: SharedData.siimDICOM)).metadata)
    }

    /// A prefix too short to reach PixelData is not taken for the whole header: the reader
    /// falls back to the whole file and still finds the attributes after the cut.
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func aShortPrefixFallsBackToTheWholeFile() throws {
        let whole = try DICOMFile.read(path: SharedData.siimDICOM).metadata
        for prefix in [0, 132, 300, 700] {
            #expect(try DICOMFile.readHeader(path: SharedData.siimDICOM, prefix: prefix) == whole, "prefix \(prefix)")
        }
    }

    /// A file cut inside its header (wherever the cut falls) is an error naming the file.
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func aTruncatedHeaderIsAnError() throws {
        let dir = try TemporaryDirectory("dicom-header")
        defer { dir.remove() }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: SharedData.siimDICOM))
        let path = dir.path + "/cut.dcm"
        // PixelData starts at byte 986 of this file.
        for cut in [131, 400, 985] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
            #expect(throws: InputError.self, "cut at \(cut)") { try DICOMFile.readHeader(path: path) }
        }
    }
}
