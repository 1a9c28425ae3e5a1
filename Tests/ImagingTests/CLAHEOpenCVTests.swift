import Imaging
import Testing
import TestSupport

@Suite struct CLAHEOpenCVTests {
    enum Pattern: Sendable { case textured, smooth }

    static func pixels(_ pattern: Pattern, _ width: Int, _ height: Int) -> [UInt8] {
        (0..<width * height).map { i in
            let x = i % width, y = i / width
            switch pattern {
            case .textured: return UInt8((x * 37 + y * 91 + x * y * 13) % 256)
            case .smooth: return UInt8((x * 3 + y * 2) % 256)
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let pattern: Pattern, width: Int, height: Int
        let clip: Double, tiles: (x: Int, y: Int)
        let sum: Int, weightedSum: Int
        /// Pixels 0, 1, width, count / 2 and count - 1.
        let samples: [UInt8]
        var testDescription: String { "\(pattern) \(width)x\(height) clip \(clip) tiles \(tiles.x)x\(tiles.y)" }
    }

    /// Reference numbers from OpenCV 5.0.0 `createCLAHE(clipLimit, tileGridSize).apply`.
    static let cases = [
        Case(pattern: .textured, width: 37, height: 29, clip: 4, tiles: (8, 8), sum: 145_763, weightedSum: 575_071, samples: [26, 64, 115, 81, 98]),
        Case(pattern: .textured, width: 64, height: 48, clip: 2, tiles: (4, 3), sum: 401_641, weightedSum: 1_594_981, samples: [2, 38, 93, 146, 49]),
        Case(pattern: .smooth, width: 50, height: 40, clip: 4, tiles: (8, 8), sum: 279_343, weightedSum: 1_115_407, samples: [12, 24, 18, 54, 249]),
        Case(pattern: .smooth, width: 50, height: 40, clip: 0, tiles: (2, 2), sum: 263_567, weightedSum: 1_053_171, samples: [1, 2, 1, 40, 255]),
        Case(pattern: .smooth, width: 40, height: 40, clip: 40, tiles: (1, 1), sum: 205_333, weightedSum: 820_650, samples: [0, 0, 0, 25, 255]),
    ]

    @Test(arguments: cases)
    func matchesOpenCV(_ c: Case) {
        let out = CLAHE.opencv(Self.pixels(c.pattern, c.width, c.height), width: c.width, height: c.height,
                               clipLimit: c.clip, tiles: c.tiles)
        #expect(out.reduce(0) { $0 + Int($1) } == c.sum)
        #expect(out.enumerated().reduce(0) { $0 + Int($1.element) * ($1.offset % 7 + 1) } == c.weightedSum)
        #expect([0, 1, c.width, out.count / 2, out.count - 1].map { out[$0] } == c.samples)
    }

    /// albumentations' CLAHE(clip_limit=4.0, tile_grid_size=(8, 8)) on the real radiograph.
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func matchesOpenCVOnARealRadiograph() throws {
        let samples = try PNG.readSamples(path: SharedData.chestPNG)
        let out = CLAHE.opencv(samples.values.map { UInt8($0) }, width: 512, height: 512)
        #expect(out.reduce(0) { $0 + Int($1) } == 35_358_358)
        #expect(out.enumerated().reduce(0) { $0 + Int($1.element) * ($1.offset % 7 + 1) } == 141_441_618)
    }

    /// One tile, no clipping in effect: plain histogram equalisation, lut = round(cdf * 255 / N).
    /// A 2x2 image [0, 0, 100, 200]: cdf 2, 3, 4 -> 127.5 -> 128 (half to even), 191.25 -> 191, 255.
    @Test func oneTileIsHistogramEqualisationByHand() {
        #expect(CLAHE.opencv([0, 0, 100, 200], width: 2, height: 2, clipLimit: 1000, tiles: (1, 1)) == [128, 128, 191, 255])
        // A clip limit beyond any integer clips nothing either, rather than trapping.
        #expect(CLAHE.opencv([0, 0, 100, 200], width: 2, height: 2, clipLimit: 1e300, tiles: (1, 1)) == [128, 128, 191, 255])
    }
}
