import Testing
import Tensor

/// 3x3 "same" convolutions with 8 or more channels run through Winograd F(4x4, 3x3); these
/// compare its forward and both gradients with the definition summed in Float64, on sizes
/// that are not multiples of the 4x4 tile or of the 8-tile vectors (rows of 41 and 70 pixels
/// take the shuffled runs of eight tiles, the last overlapping the run before), both with few tile rows
/// (one block, each step split over the threads) and with many (threads running their own
/// blocks).
@Suite struct WinogradTests {
    /// The largest error relative to the largest reference value: Float32 sums of many terms
    /// are exact to a few ulps of the values they reach, not of each term.
    private func relativeError(_ got: [Float], _ want: [Double]) -> Double {
        zip(got, want).map { abs(Double($0) - $1) }.max()! / want.map(abs).max()!
    }

    /// Σ over the 3x3 window with zero padding: y[n,o,y,x] = Σ_c,ky,kx x[n,c,y+ky-1,x+kx-1]·w[o,c,ky,kx].
    private func reference(_ x: Tensor, _ w: Tensor) -> [Double] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]), o = w.shape[0]
        var y = [Double](repeating: 0, count: n * o * h * wd)
        for b in 0..<n { for oc in 0..<o { for yy in 0..<h { for xx in 0..<wd {
            var s = 0.0
            for ic in 0..<c { for ky in 0..<3 { for kx in 0..<3 {
                let iy = yy + ky - 1, ix = xx + kx - 1
                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                s += Double(x.data[((b * c + ic) * h + iy) * wd + ix]) * Double(w.data[((oc * c + ic) * 3 + ky) * 3 + kx])
            } } }
            y[((b * o + oc) * h + yy) * wd + xx] = s
        } } } }
        return y
    }

    @Test(arguments: [[2, 8, 9, 11], [3, 8, 37, 41], [1, 12, 4, 4], [4, 8, 300, 8], [1, 8, 1, 1], [2, 8, 2, 3], [1, 8, 6, 70]])
    func forwardMatchesDefinition(shape: [Int]) throws {
        let x = randomTensor(shape, seed: 21)
        let w = randomTensor([9, shape[1], 3, 3], seed: 22, -0.3, 0.3)
        let bias = randomTensor([9], seed: 23)
        let y = try x.conv2d(w, bias: bias, padding: 1)
        let ref = reference(x, w)
        let plane = shape[2] * shape[3]
        let withBias = ref.indices.map { ref[$0] + Double(bias.data[($0 / plane) % 9]) }
        #expect(relativeError(y.data, withBias) < 1e-5)
    }

    /// With few channels the per-position products sum each output in the order of the
    /// input channels whichever columns of the block a tile lands in (sixteen at a time,
    /// eight, or one by one), so an image convolved inside a batch is bit-equal to the same
    /// image convolved alone. 5x70 images have 2x18 tiles: 36 columns alone (sixteen at a
    /// time, then one by one), 108 in the batch (sixteen at a time, eight, then one by one).
    @Test func smallProductsDoNotDependOnTheBatch() throws {
        let batch = randomTensor([3, 16, 5, 70], seed: 27)
        let w = randomTensor([12, 16, 3, 3], seed: 28, -0.3, 0.3)
        let together = try Autograd.withoutGradients { try batch.conv2d(w, padding: 1) }.data
        let plane = 5 * 70
        for n in 0..<3 {
            let image = Tensor(shape: [1, 16, 5, 70], data: Array(batch.data[(n * 16 * plane)..<((n + 1) * 16 * plane)]))
            let alone = try Autograd.withoutGradients { try image.conv2d(w, padding: 1) }.data
            #expect(alone == Array(together[(n * 12 * plane)..<((n + 1) * 12 * plane)]))
            #expect(relativeError(alone, reference(image, w)) < 1e-5)
        }
    }

    /// For the scalar Σ r·y: dW[o,c,ky,kx] = Σ r[n,o,y,x]·x[n,c,y+ky-1,x+kx-1] and
    /// dX[n,c,y,x] = Σ r[n,o,y-ky+1,x-kx+1]·w[o,c,ky,kx], both summed in Float64.
    @Test(arguments: [(2, 13, 7), (4, 300, 8), (1, 9, 41)])
    func gradientsMatchDefinition(n: Int, h: Int, wd: Int) throws {
        let (c, o) = (8, 10)
        let x = randomTensor([n, c, h, wd], seed: 24), w = randomTensor([o, c, 3, 3], seed: 25, -0.3, 0.3)
        let r = randomTensor([n, o, h, wd], seed: 26)
        x.requiresGrad = true; w.requiresGrad = true
        try (x.conv2d(w, padding: 1) * r).sum().backward()
        var dw = [Double](repeating: 0, count: w.count), dx = [Double](repeating: 0, count: x.count)
        for b in 0..<n { for oc in 0..<o { for yy in 0..<h { for xx in 0..<wd {
            let g = Double(r.data[((b * o + oc) * h + yy) * wd + xx])
            for ic in 0..<c { for ky in 0..<3 { for kx in 0..<3 {
                let iy = yy + ky - 1, ix = xx + kx - 1
                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                let xi = ((b * c + ic) * h + iy) * wd + ix, wi = ((oc * c + ic) * 3 + ky) * 3 + kx
                dw[wi] += g * Double(x.data[xi])
                dx[xi] += g * Double(w.data[wi])
            } } }
        } } } }
        #expect(relativeError(w.grad!, dw) < 1e-5)
        #expect(relativeError(x.grad!, dx) < 1e-5)
    }

    /// Inference keeps the transformed weights with the weight tensor; every way of changing
    /// the weights (an element, the buffer in place as optimizers do, a new array) must drop them.
    @Test func inferenceSeesEveryWeightChange() throws {
        let x = randomTensor([1, 8, 6, 5], seed: 30)
        let w = randomTensor([8, 8, 3, 3], seed: 31, -0.3, 0.3)
        func infer() throws -> [Float] { try Autograd.withoutGradients { try x.conv2d(w, padding: 1) }.data }
        func expectCurrent() throws {
            #expect(relativeError(try infer(), reference(x, w)) < 1e-5)
        }
        try expectCurrent()
        #expect(try infer() == infer())
        w.data[3] += 0.5
        try expectCurrent()
        w.data.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] *= -1 } }
        try expectCurrent()
        w.data = randomTensor([8, 8, 3, 3], seed: 32).data
        try expectCurrent()
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        try checkGradients([randomTensor([1, 8, 5, 6], seed: 27), randomTensor([8, 8, 3, 3], seed: 28, -0.3, 0.3),
                            randomTensor([8], seed: 29)]) { t in
            try t[0].conv2d(t[1], bias: t[2], padding: 1)
        }
    }
}
