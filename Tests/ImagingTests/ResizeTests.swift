import Imaging
import TestSupport
import Testing

@Suite struct ResizeTests {
    @Test func integerShrinkAveragesBlocks() throws {
        let image = Image(width: 4, height: 2, pixels: [1, 3, 5, 7, 9, 11, 13, 15])
        let small = try Resize.image(image, width: 2, height: 1)
        let expected: [Float] = [(1 + 3 + 9 + 11) / 4, (5 + 7 + 13 + 15) / 4]
        expectClose(small.pixels, expected, tolerance: 1e-5)
    }

    /// cv2.INTER_AREA weights for 5 -> 2 (scale 2.5): [0,2.5) and [2.5,5), the middle pixel split.
    /// out0 = (0 + 10 + 0.5 * 20) / 2.5 = 8, out1 = (0.5 * 20 + 30 + 40) / 2.5 = 32.
    @Test func nonIntegerShrinkUsesExactAreaWeights() throws {
        let row = try Resize.image(Image(width: 5, height: 1, pixels: [0, 10, 20, 30, 40]), width: 2, height: 1)
        expectClose(row.pixels, [8, 32], tolerance: 1e-5)
        // 7 -> 3 (scale 7/3): 5/7, 3, 37/7 worked out by the same overlaps.
        let seven = try Resize.image(Image(width: 1, height: 7, pixels: [0, 1, 2, 3, 4, 5, 6]), width: 1, height: 3)
        let sevenths: [Float] = [5.0 / 7, 3, 37.0 / 7]
        expectClose(seven.pixels, sevenths, tolerance: 1e-5)
    }

    /// torch.nn.functional.interpolate(mode="bilinear", align_corners=False) on [[0, 8], [16, 24]].
    @Test func growingIsHalfPixelBilinear() throws {
        let big = try Resize.image(Image(width: 2, height: 2, pixels: [0, 8, 16, 24]), width: 4, height: 3)
        expectClose(big.pixels, [0, 2, 6, 8, 8, 10, 14, 16, 16, 18, 22, 24], tolerance: 1e-5)
    }

    /// Width 4 -> 2 by area, height 1 -> 2 by bilinear (a single row is simply repeated).
    @Test func eachAxisChoosesItsOwnRule() throws {
        let mixed = try Resize.image(Image(width: 4, height: 1, pixels: [0, 2, 4, 6]), width: 2, height: 2)
        expectClose(mixed.pixels, [1, 5, 1, 5], tolerance: 1e-5)
    }

    @Test func preservesConstantsAndBlockMeansOnLargeImages() throws {
        let flat = try Resize.image(Image(width: 1024, height: 700, fill: 0.7), width: 301, height: 257)
        #expect(flat.pixels.allSatisfy { abs($0 - 0.7) < 1e-5 })

        // 600x400 -> 150x100 is a 4x4 box: compare every output with its block mean.
        let width = 600, height = 400
        let image = Image(width: width, height: height, pixels: (0..<width * height).map { Float(($0 * 7919) % 1000) / 1000 })
        let small = try Resize.image(image, width: 150, height: 100)
        var worst: Float = 0
        for y in 0..<100 {
            for x in 0..<150 {
                var sum: Float = 0
                for dy in 0..<4 { for dx in 0..<4 { sum += image[4 * x + dx, 4 * y + dy] } }
                worst = max(worst, abs(small[x, y] - sum / 16))
            }
        }
        #expect(worst < 1e-5)
    }

    @Test func masksAreResizedByAreaThenThresholdedAtHalf() throws {
        // 4x4 -> 2x2: the top-left block is half covered (kept), the top-right a quarter (dropped),
        // the bottom-left fully (kept), the bottom-right empty.
        let mask = Mask(width: 4, height: 4, pixels: [
            1, 1, 0, 1,
            0, 0, 0, 0,
            1, 1, 0, 0,
            1, 1, 0, 0,
        ])
        #expect(try Resize.mask(mask, width: 2, height: 2).pixels == [1, 0, 1, 0])
        // Growing a single set pixel 2x keeps exactly its own 2x2 footprint.
        let grown = try Resize.mask(Mask(width: 2, height: 2, pixels: [1, 0, 0, 0]), width: 4, height: 4)
        #expect(grown.pixels == [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// OpenCV 5 `cv2.resize` (float32) on the CLAHE test pattern: INTER_AREA 130x100 -> 47x33
    /// (non-integer ratios both ways) and INTER_LINEAR on its 30x20 corner -> 71x45.
    @Test func matchesOpenCVOnAPattern() throws {
        let pattern = CLAHETests.pattern(130, 100)
        let area = try Resize.image(pattern, width: 47, height: 33)
        #expect(abs(area.pixels.reduce(0.0) { $0 + Double($1) } - 777.5184632539749) < 1e-3)
        #expect(abs(area[0, 0] - 0.4426383) < 1e-5 && abs(area[20, 10] - 0.5080736) < 1e-5 && abs(area[46, 32] - 0.3503572) < 1e-5)

        let corner = Image(width: 30, height: 20, pixels: (0..<600).map { pattern[$0 % 30, $0 / 30] })
        let grown = try Resize.image(corner, width: 71, height: 45)
        #expect(abs(grown.pixels.reduce(0.0) { $0 + Double($1) } - 1579.7987993005663) < 1e-3)
        #expect(grown[0, 0] == 0 && abs(grown[20, 10] - 0.3621790) < 1e-5 && abs(grown[70, 44] - 0.9294118) < 1e-5)
    }

    /// Sizes that cannot be made are errors naming the size, for images and masks alike,
    /// never a trap or an allocation of any size (1 << 32 squared overflows an Int).
    @Test(arguments: [(0, 0), (0, 5), (5, 0), (-3, 4), (1 << 15, 1 << 15), (1 << 32, 1 << 32), (Int.max, 2)])
    func impossibleSizesThrow(_ width: Int, _ height: Int) {
        let image = Image(width: 3, height: 2, fill: 0.5)
        for attempt in [{ _ = try Resize.image(image, width: width, height: height) },
                        { _ = try Resize.mask(Mask(width: 3, height: 2, pixels: [1, 0, 1, 0, 1, 0]), width: width, height: height) }] {
            #expect {
                try attempt()
            } throws: { error in
                "\(error)".contains("resize: ") && "\(error)".contains("\(width)x\(height)")
            }
        }
    }

    @Test func anEmptyImageCannotBeResized() {
        #expect {
            try Resize.image(Image(width: 0, height: 4, pixels: []), width: 2, height: 2)
        } throws: { error in
            "\(error)" == "resize: cannot resize an empty 0x4 image to 2x2"
        }
    }

    /// The largest allowed size is accepted (checked without allocating it).
    @Test func theLimitItselfIsAllowed() throws {
        try Resize.check(toWidth: 1 << 14, toHeight: 1 << 14)
        try Resize.check(toWidth: Resize.maximumPixels, toHeight: 1)
    }
}
