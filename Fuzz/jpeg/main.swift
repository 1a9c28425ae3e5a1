import FuzzSupport
import Imaging

// Decode the bytes as a JPEG, both as an image and as raw samples.
fuzz { bytes in
    _ = try? JPEG.decode(Array(bytes))
    _ = try? JPEG.decodeSamples(Array(bytes))
}
