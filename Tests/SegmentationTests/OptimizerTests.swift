import Foundation
import Core
import Segmentation
import Tensor
import TestSupport
import Testing
import TensorIO

/// The optimizers against PyTorch: the same three gradients applied to the same parameter, with
/// the results computed by torch 2 on this machine (`torch.optim.*`, float32) and pasted here.
@Suite struct OptimizerTests {
    private static let gradients: [[Float]] = [[0.1, -0.2, 0.3], [-0.4, 0.5, 0.6], [0.05, 0.0, -1.0]]

    /// Runs `make` on p = [0.5, −1, 2] for the three gradients and returns p.
    private func run(_ make: ([(name: String, tensor: Tensor)]) throws -> Optimizer) rethrows -> [Float] {
        let p = Tensor(shape: [3], data: [0.5, -1, 2], requiresGrad: true)
        let optimizer = try make([("w", p)])
        for g in Self.gradients {
            p.grad = g
            optimizer.step()
        }
        return p.data
    }

    @Test func adamMatchesTorch() {
        expectClose(run { Adam(parameters: $0, learningRate: 0.01) },
                    [0.4991190731525421, -0.9978404641151428, 1.9814996719360352], tolerance: 2e-6)
        // Adam(lr=0.01, weight_decay=0.1): L2 decay through the gradient.
        expectClose(run { Adam(parameters: $0, learningRate: 0.01, weightDecay: 0.1) },
                    [0.4957502782344818, -0.9921810626983643, 1.978474497795105], tolerance: 2e-6)
    }

    @Test func adamWMatchesTorch() {
        // AdamW(lr=0.01, weight_decay=0.1, betas=(0.8, 0.99), eps=1e-6).
        expectClose(run { Adam.adamW(parameters: $0, learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1) },
                    [0.49812138080596924, -0.9955576062202454, 1.9761401414871216], tolerance: 2e-6)
    }

    /// By hand: at t = 1, m̂ = g and v̂ = g², so each weight moves by lr·g/(|g| + ε) ≈ lr·sign(g).
    @Test func firstAdamStepIsSignTimesRate() {
        let p = Tensor(shape: [2], data: [1, 1], requiresGrad: true)
        let adam = Adam(parameters: [("w", p)], learningRate: 0.1)
        p.grad = [3, -0.001]
        adam.step()
        expectClose(p.data, [1 - 0.1 * 3 / (3 + 1e-8), 1 + 0.1 * 0.001 / (0.001 + 1e-8)], tolerance: 2e-6)
    }

    @Test func sgdMatchesTorch() {
        expectClose(run { SGD(parameters: $0, learningRate: 0.1) },
                    [0.5250000357627869, -1.0299999713897705, 2.009999990463257], tolerance: 2e-6)
        // SGD(lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.01): the first step starts the
        // buffer at g itself, undampened.
        expectClose(run { SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.01) },
                    [0.5063300728797913, -0.9891676306724548, 1.9034563302993774], tolerance: 2e-6)
        expectClose(run { SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, nesterov: true) },
                    [0.5645099878311157, -1.0667200088500977, 1.9242298603057861], tolerance: 2e-6)
        // Nesterov without momentum is plain SGD.
        #expect(run { SGD(parameters: $0, learningRate: 0.1, nesterov: true) } == run { SGD(parameters: $0, learningRate: 0.1) })
    }

    /// A parameter without a gradient neither moves nor counts a step.
    @Test func parametersWithoutGradientsAreSkipped() {
        let a = Tensor(shape: [1], data: [1], requiresGrad: true), b = Tensor(shape: [1], data: [1], requiresGrad: true)
        let adam = Adam(parameters: [("a", a), ("b", b)], learningRate: 0.1)
        a.grad = [1]
        adam.step()
        #expect(b.data == [1])
        let steps = Dictionary(uniqueKeysWithValues: adam.stateTensors().map { ($0.name, $0.tensor.data) })
        #expect(steps["a.step"] == [1] && steps["b.step"] == [0])
        adam.zeroGrad()
        #expect(a.grad == nil)
    }

    /// A run stopped after two steps and resumed from exported state ends where an unbroken run does.
    @Test func exportedStateResumesExactly() throws {
        let makers: [([(name: String, tensor: Tensor)]) throws -> Optimizer] = [
            { Adam(parameters: $0, learningRate: 0.01, weightDecay: 0.1) },
            { SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, dampening: 0.5) },
        ]
        for make in makers {
            let unbroken = try run(make)
            let p = Tensor(shape: [3], data: [0.5, -1, 2], requiresGrad: true)
            let first = try make([("w", p)])
            for g in Self.gradients.prefix(2) { p.grad = g; first.step() }
            // Through a safetensors file, as a checkpoint would carry it.
            let saved = try SafeTensors.decode(SafeTensors.encode(first.stateTensors()), source: "ckpt")
            let resumedParameter = Tensor(shape: [3], data: p.data, requiresGrad: true)
            let resumed = try make([("w", resumedParameter)])
            try resumed.loadState(saved.tensors, source: "ckpt")
            resumedParameter.grad = Self.gradients[2]
            resumed.step()
            #expect(resumedParameter.data == unbroken)
        }
        let names = Adam(parameters: [("w", Tensor(zeros: [3]))]).stateTensors().map(\.name)
        #expect(names == ["w.step", "w.exp_avg", "w.exp_avg_sq"])
    }

    @Test func mismatchedStateIsRefusedWhole() {
        let p = Tensor(shape: [3], data: [0.5, -1, 2], requiresGrad: true)
        let adam = Adam(parameters: [("w", p)])
        let bad: [(name: String, tensor: Tensor)] = [("w.step", Tensor(1)), ("w.exp_avg", Tensor(zeros: [4])), ("v.step", Tensor(1))]
        #expect {
            try adam.loadState(bad, source: "ckpt")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("ckpt") && text.contains("missing: w.exp_avg_sq") && text.contains("unexpected: v.step")
                && text.contains("w.exp_avg (given [4], expected [3])")
        }
        let fractional: [(name: String, tensor: Tensor)] = [("w.step", Tensor(1.5)), ("w.exp_avg", Tensor(zeros: [3])), ("w.exp_avg_sq", Tensor(zeros: [3]))]
        #expect(throws: InputError.self) { try adam.loadState(fractional, source: "ckpt") }
    }

    /// torch.nn.utils.clip_grad_norm_([a, b], 6.5) with grads [3, 4] and [12]: norm 13, scale 6.5/13.
    @Test func clippingScalesToTheGlobalNorm() {
        let a = Tensor(zeros: [2], requiresGrad: true), b = Tensor(zeros: [1], requiresGrad: true), c = Tensor(zeros: [1])
        a.grad = [3, 4]
        b.grad = [12]
        #expect(clipGradientNorm([a, b, c], maxNorm: 6.5) == 13)
        expectClose((a.grad ?? []) + (b.grad ?? []), [1.4999998807907104, 1.9999998807907104, 5.999999523162842], tolerance: 2e-6)
        // Under the limit nothing changes.
        #expect(clipGradientNorm([a, b], maxNorm: 100) > 6.49)
        expectClose(a.grad ?? [], [1.4999998807907104, 1.9999998807907104], tolerance: 2e-6)
    }

    @Test func settingsPrintInTheLanguage() throws {
        #expect("\(Adam(parameters: [], learningRate: 0.001))" == "adam(lr=0.001)")
        #expect("\(Adam.adamW(parameters: [], learningRate: 0.0003, weightDecay: 0.05))" == "adamw(lr=0.0003, weight_decay=0.05)")
        #expect("\(SGD(parameters: [], learningRate: 0.01, momentum: 0.99, nesterov: true, weightDecay: 3e-5))"
            == "sgd(lr=0.01, momentum=0.99, nesterov=true, weight_decay=3e-05)")
    }
}
