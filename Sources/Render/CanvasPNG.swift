import Core
import Imaging

extension Canvas {
    /// This canvas encoded as an 8-bit RGB PNG.
    public func pngData() throws -> [UInt8] {
        try PNG.encodeRGB8(width: width, height: height, rgb: pixels)
    }

    /// Writes this canvas as a PNG file at `path`, through a temporary file renamed into place.
    public func writePNG(to path: String) throws {
        try FileIO.writeAtomically(pngData(), to: path)
    }
}
