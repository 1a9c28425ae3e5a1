import Testing
import Tensor

/// Sorting, gathering and prefix sums, the pieces of a rank-based loss.
@Suite struct OrderingTests {
    @Test func argsortIsStableAndPutsNaNWherePyTorchDoes() throws {
        let x = Tensor(shape: [6], data: [0.3, -1, 2, 0.3, .nan, -1])
        #expect(x.argsort() == [1, 5, 0, 3, 2, 4])
        #expect(x.argsort(descending: true) == [4, 2, 0, 3, 1, 5])
        // A matrix sorts as its flattened values.
        let m = Tensor(shape: [2, 2], data: [4, 1, 3, 2])
        #expect(m.argsort() == [1, 3, 2, 0])
        #expect(try m.sorted(descending: true).data == [4, 3, 2, 1])
        #expect(try m.sorted().shape == [4])
    }

    @Test func sortedRoutesEachGradientToItsSource() throws {
        // Values at least 0.2 apart, so the ±eps probes of the check never reorder them.
        let x = Tensor(shape: [2, 3], data: [0.5, -0.3, 0.1, 0.9, -0.7, 0.3])
        try checkGradients([x]) { try $0[0].sorted(descending: true) }
        try checkGradients([x]) { try $0[0].sorted() }
        // By hand: descending order is x3, x0, x5, x2, x1, x4, so seed k lands on that source.
        let y = Tensor(shape: [6], data: x.data, requiresGrad: true)
        try y.sorted(descending: true).backward(seed: [1, 2, 3, 4, 5, 6])
        #expect(y.grad == [2, 5, 4, 1, 6, 3])
    }

    @Test func gatherAddsTheGradientsOfRepeatedIndices() throws {
        let x = Tensor(shape: [3], data: [10, 20, 30], requiresGrad: true)
        let y = try x.gather([2, 2, 0])
        #expect(y.data == [30, 30, 10])
        try y.backward(seed: [1, 2, 3])
        #expect(x.grad == [3, 0, 3])
        #expect(throws: ShapeError.self) { try x.gather([3]) }
        #expect(throws: ShapeError.self) { try x.gather([-1]) }
    }

    @Test func cumsumRunsAlongTheLastAxisInDoublePrecision() throws {
        let m = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6], requiresGrad: true)
        let c = try m.cumsum()
        #expect(c.shape == [2, 3])
        #expect(c.data == [1, 3, 6, 4, 9, 15])
        // d(Σ r·c)/dx_i = Σ_{j ≥ i} r_j within the row: the running sum from the end.
        try c.backward(seed: [1, 0, 0, 0, 0, 1])
        #expect(m.grad == [1, 0, 0, 1, 1, 1])
        try checkGradients([randomTensor([2, 2, 3], seed: 21)]) { try $0[0].cumsum() }
        // The exact partial sums are 1e8, 1e8 + 1, 1, 2; a Float32 accumulator would lose the 1.
        let big = Tensor(shape: [4], data: [1e8, 1, -1e8, 1])
        #expect(try big.cumsum().data == [1e8, 1e8, 1, 2])
        #expect(throws: ShapeError.self) { try Tensor(3).cumsum() }
    }
}
