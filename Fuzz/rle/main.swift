import Data
import FuzzSupport

// Decode the bytes as an RLE string in both formats (SIIM relative and Kaggle standard);
// what decodes must encode and decode again to the same mask.
fuzz { bytes in
    let text = String(decoding: bytes, as: UTF8.self)
    for format in [RLEFormat.relative, .standard] {
        guard let mask = try? RLE.decode(text, format: format, width: 32, height: 48) else { continue }
        let again = try? RLE.decode(RLE.encode(mask, format: format), format: format, width: 32, height: 48)
        if again != mask { fatalError("the RLE round trip changed the mask of \(text.debugDescription)") }
    }
}
