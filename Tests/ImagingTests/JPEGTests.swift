import Core
import Imaging
import Testing

@Suite struct JPEGTests {
    @Test func decodesGrayLikePillow() throws {
        let samples = try JPEG.decodeSamples(JPEGFixtures.gray, source: "gray.jpg")
        #expect(samples.width == 16 && samples.height == 8 && samples.bitDepth == 8)
        #expect(samples.sum == 16_502)
        #expect(Array(samples.values[0..<4]) == [2, 10, 28, 36])
    }

    @Test func decodesColourToPillowLuminance() throws {
        let samples = try JPEG.decodeSamples(JPEGFixtures.colour, source: "colour.jpg")
        #expect(samples.width == 16 && samples.height == 8)
        #expect(samples.sum == 16_143)
        #expect(Array(samples.values[0..<4]) == [148, 149, 148, 139])
    }

    @Test func grayRoundTripIsCloseAndHonoursJFIF() throws {
        let width = 32, height = 24
        let pixels: [UInt8] = (0..<width * height).map { i in UInt8((i % width) * 6 + (i / width) * 2) }
        let withHeader = try JPEG.encodeGray8(width: width, height: height, pixels: pixels, quality: 95)
        let bare = try JPEG.encodeGray8(width: width, height: height, pixels: pixels, quality: 95, jfif: false)
        // SOI, then APP0 "JFIF" only when asked for; a bare stream goes straight to the tables.
        #expect(Array(withHeader[0..<4]) == [0xFF, 0xD8, 0xFF, 0xE0])
        #expect(Array(bare[0..<4]) == [0xFF, 0xD8, 0xFF, 0xDB])
        for bytes in [withHeader, bare] {
            let decoded = try JPEG.decodeSamples(bytes)
            #expect(decoded.width == width && decoded.height == height)
            let worst = zip(decoded.values, pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(worst <= 4, "a smooth ramp at quality 95 stays within 4 grey levels, got \(worst)")
        }
    }

    @Test func damagedDataIsAnErrorNotAGrayImage() throws {
        // Cut inside the entropy-coded data: libjpeg would only warn and pad with gray.
        let truncated = Array(JPEGFixtures.gray[0..<(JPEGFixtures.gray.count - 40)])
        let cut = #expect(throws: InputError.self) { try JPEG.decodeSamples(truncated, source: "cut.jpg") }
        #expect(cut?.source == "cut.jpg")
        #expect(cut?.reason.hasPrefix("invalid JPEG:") == true)

        let notJPEG = #expect(throws: InputError.self) { try JPEG.decodeSamples(Array("hello".utf8), source: "text.jpg") }
        #expect(notJPEG?.reason.contains("JPEG") == true)

        #expect(throws: InputError.self) { try JPEG.decodeSamples([], source: "empty.jpg") }
    }
}
