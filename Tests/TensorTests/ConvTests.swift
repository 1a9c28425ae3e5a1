import Testing
import Tensor

@Suite struct ConvTests {
    /// 3x3 input 1...9, 2x2 kernel [[1, 2], [3, 4]]: each output is a hand-summed window.
    @Test func valid2x2() throws {
        let x = Tensor(shape: [1, 1, 3, 3], data: (1...9).map(Float.init))
        let w = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        let y = try x.conv2d(w)
        #expect(y.shape == [1, 1, 2, 2])
        // 1+4+12+20, 2+6+15+24, 4+10+21+32, 5+12+24+36
        #expect(y.data == [37, 47, 67, 77])
    }

    /// Padding 1, stride 2, with a bias: windows centred on (0,0), (0,2), (2,0), (2,2).
    @Test func strideAndPadding() throws {
        let x = Tensor(shape: [1, 1, 3, 3], data: (1...9).map(Float.init))
        let w = Tensor(repeating: 1, shape: [1, 1, 3, 3])
        let y = try x.conv2d(w, bias: Tensor(shape: [1], data: [0.5]), stride: 2, padding: 1)
        #expect(y.shape == [1, 1, 2, 2])
        // Top-left window: 1+2+4+5; top-right: 2+3+5+6; bottom-left: 4+5+7+8; bottom-right: 5+6+8+9.
        #expect(y.data == [12.5, 16.5, 24.5, 28.5])
    }

    /// Dilation 2 on a 5x5 input: the 3x3 kernel reads rows and columns 0, 2, 4.
    @Test func dilation() throws {
        let x = Tensor(shape: [1, 1, 5, 5], data: (0..<25).map(Float.init))
        let w = Tensor(repeating: 1, shape: [1, 1, 3, 3])
        let y = try x.conv2d(w, dilation: 2)
        #expect(y.shape == [1, 1, 1, 1])
        #expect(y.data == [[0, 2, 4, 10, 12, 14, 20, 22, 24].reduce(0, +)])
    }

    /// Two groups: output 0 sees only input channel 0, output 1 only channel 1.
    @Test func groups() throws {
        let x = Tensor(shape: [1, 2, 2, 2], data: [1, 2, 3, 4, 10, 20, 30, 40])
        let w = Tensor(shape: [2, 1, 1, 1], data: [2, -1])
        let y = try x.conv2d(w, groups: 2)
        #expect(y.data == [2, 4, 6, 8, -10, -20, -30, -40])
    }

    /// Depthwise 3x3 (groups = channels) equals each channel convolved alone.
    @Test func depthwiseMatchesPerChannel() throws {
        let x = randomTensor([2, 3, 6, 5], seed: 1)
        let w = randomTensor([3, 1, 3, 3], seed: 2)
        let y = try x.conv2d(w, padding: 1, groups: 3)
        for c in 0..<3 {
            let xc = try x.slice(axis: 1, c..<(c + 1))
            let wc = try w.slice(axis: 0, c..<(c + 1))
            let yc = try xc.conv2d(wc, padding: 1)
            let got = try y.slice(axis: 1, c..<(c + 1))
            for (a, b) in zip(got.data, yc.data) { #expect(abs(a - b) < 1e-5) }
        }
    }

    /// Transposed conv, stride 2, 2x2 kernel of ones: each input pixel becomes a 2x2 block.
    @Test func transposeUpsamplesBlocks() throws {
        let x = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        let w = Tensor(repeating: 1, shape: [1, 1, 2, 2])
        let y = try x.convTranspose2d(w, stride: 2)
        #expect(y.shape == [1, 1, 4, 4])
        #expect(y.data == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }

    /// Transposed conv, stride 1, 2x2 kernel [[1,2],[3,4]] on [[1,2],[3,4]]: overlapping
    /// scatter, worked by hand (output 3x3), then padding 1 crops the border.
    @Test func transposeOverlap() throws {
        let x = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        let w = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        let y = try x.convTranspose2d(w)
        #expect(y.data == [1, 4, 4, 6, 20, 16, 9, 24, 16])
        let cropped = try x.convTranspose2d(w, padding: 1)
        #expect(cropped.shape == [1, 1, 1, 1])
        #expect(cropped.data == [20])
    }

    /// Output padding adds a row and column on the far side (PyTorch's output_padding).
    @Test func transposeOutputPadding() throws {
        let x = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        let w = Tensor(repeating: 1, shape: [1, 1, 3, 3])
        let y = try x.convTranspose2d(w, stride: 2, padding: 1, outputPadding: 1)
        #expect(y.shape == [1, 1, 4, 4])
    }

    @Test func convGradients() throws {
        try checkGradients([randomTensor([2, 3, 5, 4], seed: 3), randomTensor([4, 3, 3, 3], seed: 4),
                            randomTensor([4], seed: 5)]) { t in
            try t[0].conv2d(t[1], bias: t[2], stride: Spatial(2, 1), padding: 1, dilation: 1)
        }
        try checkGradients([randomTensor([1, 4, 6, 6], seed: 6), randomTensor([4, 2, 3, 3], seed: 7)]) { t in
            try t[0].conv2d(t[1], padding: 2, dilation: 2, groups: 2)
        }
    }

    @Test func convTransposeGradients() throws {
        try checkGradients([randomTensor([2, 4, 3, 3], seed: 8), randomTensor([4, 3, 2, 2], seed: 9),
                            randomTensor([3], seed: 10)]) { t in
            try t[0].convTranspose2d(t[1], bias: t[2], stride: 2)
        }
        try checkGradients([randomTensor([1, 4, 3, 4], seed: 11), randomTensor([4, 1, 3, 3], seed: 12)]) { t in
            try t[0].convTranspose2d(t[1], stride: 2, padding: 1, outputPadding: 1, groups: 2)
        }
    }

    /// Large enough that tiles split images into row bands and also group whole images.
    @Test func tilingMatchesDirectSum() throws {
        let x = randomTensor([3, 2, 40, 37], seed: 13)
        let w = randomTensor([3, 2, 3, 3], seed: 14)
        let y = try x.conv2d(w, padding: 1)
        // Spot-check against the definition.
        for (n, o, oy, ox) in [(0, 0, 0, 0), (1, 2, 39, 36), (2, 1, 17, 5), (0, 2, 39, 0)] {
            var s: Float = 0
            for c in 0..<2 { for ky in 0..<3 { for kx in 0..<3 {
                let iy = oy - 1 + ky, ix = ox - 1 + kx
                if iy >= 0 && iy < 40 && ix >= 0 && ix < 37 {
                    s += x.data[((n * 2 + c) * 40 + iy) * 37 + ix] * w.data[((o * 2 + c) * 3 + ky) * 3 + kx]
                }
            } } }
            #expect(abs(y.data[((n * 3 + o) * 40 + oy) * 37 + ox] - s) < 1e-4)
        }
    }

    @Test func shapeErrorsNameTheShapes() {
        let x = Tensor(zeros: [1, 3, 8, 8]), w = Tensor(zeros: [4, 2, 3, 3])
        #expect(throws: ShapeError.self) { try x.conv2d(w) }
        do { _ = try x.conv2d(w) } catch {
            #expect("\(error)".contains("[1, 3, 8, 8]") && "\(error)".contains("[4, 2, 3, 3]"))
        }
        #expect(throws: ShapeError.self) { try Tensor(zeros: [1, 1, 2, 2]).conv2d(Tensor(zeros: [1, 1, 3, 3])) }
    }
}
