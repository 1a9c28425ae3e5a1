import FuzzSupport
import Imaging

// Decode the bytes as a PNG, both as an 8-bit image and as raw samples.
fuzz { bytes in
    _ = try? PNG.decode(Array(bytes))
    _ = try? PNG.decodeSamples(Array(bytes))
}
