import Testing
import Tensor

/// A checkpointed stage runs its forward pass again during the backward pass. Should that
/// second run fail, the backward pass reports it as an error instead of stopping the
/// process, and keeps no tape alive.
@Suite struct CheckpointTests {
    private final class Calls { var count = 0 }

    @Test func aFailedRecomputationIsThrownByBackward() throws {
        let w = Tensor(shape: [2], data: [1, 2], requiresGrad: true)
        let x = Tensor(shape: [2], data: [3, 4], requiresGrad: true)
        let calls = Calls()
        let y = try x.checkpointed(parameters: [w]) { input in
            calls.count += 1
            if calls.count > 1 { throw ShapeError("stage", "fails the second time") }
            return try input * w
        }
        #expect(y.data == [3, 8])
        let loss = y.sum()
        #expect(throws: ShapeError("stage", "fails the second time")) { try loss.backward() }
        #expect(calls.count == 2)
        #expect(!loss.hasHistory && !y.hasHistory)
        #expect(w.grad == nil && x.grad == nil)
    }

    @Test func aRecomputationThatSucceedsGivesTheProductRule() throws {
        let w = Tensor(shape: [2], data: [1, 2], requiresGrad: true)
        let x = Tensor(shape: [2], data: [3, 4], requiresGrad: true)
        try x.checkpointed(parameters: [w]) { try $0 * w }.sum().backward()
        // d/dw Σ x·w = x, d/dx Σ x·w = w.
        #expect(w.grad == [3, 4])
        #expect(x.grad == [1, 2])
    }
}
