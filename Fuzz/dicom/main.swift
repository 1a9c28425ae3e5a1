import FuzzSupport
import Imaging

// Parse the bytes as a DICOM file, then decode its pixels (native or JPEG) and scale them,
// at full size and resized, as `load_dicom` does.
fuzz { bytes in
    guard let file = try? DICOMFile(bytes: Array(bytes)) else { return }
    _ = try? file.storedPixels()
    _ = try? file.image()
    _ = try? file.image(width: 7, height: 5)
}
