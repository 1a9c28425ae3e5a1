import Tensor

/// Something that updates parameters from their gradients, as `torch.optim` optimizers do.
///
/// Optimizers work on named parameters (a module's `namedParameters()`), so their state can be
/// saved under the parameters' dotted names and a killed run resumes with exactly the same
/// moments and step counts. A parameter whose `grad` is nil is skipped by a step, and its
/// step count does not advance (PyTorch's behaviour).
public protocol Optimizer: AnyObject, CustomStringConvertible {
    /// The parameters this optimizer updates, with their dotted names.
    var parameters: [(name: String, tensor: Tensor)] { get }
    /// The rate the next `step()` uses; a schedule sets it before each step.
    var learningRate: Double { get set }
    /// Applies one update to every parameter that has a gradient.
    func step()
    /// The per-parameter state as named tensors (`<parameter>.exp_avg`, `<parameter>.step`, …).
    func stateTensors() -> [(name: String, tensor: Tensor)]
    /// Restores state saved by `stateTensors()`; every name and shape must match, and nothing
    /// changes if one does not. `source` names where the tensors came from, for the error.
    func loadState(_ tensors: [(name: String, tensor: Tensor)], source: String) throws
    /// Makes the named parameters step at `scale` times `learningRate` (a parameter group's
    /// own rate in PyTorch terms, following the same schedule): how `lr_encoder` works.
    func scaleRate(_ scale: Double, of names: Set<String>)
}

extension Optimizer {
    /// Forgets every parameter's gradient, ready for the next backward pass.
    public func zeroGrad() {
        for p in parameters { p.tensor.grad = nil }
    }
}

/// Per-parameter optimizer state: a step count and a few buffers the size of the parameter.
/// Kept as a class so the update loops mutate the buffers in place, with no copy on write.
final class ParameterSlot {
    let name: String
    let tensor: Tensor
    var step: Int = 0
    /// This parameter's rate as a multiple of the optimizer's (`Optimizer.scaleRate`).
    var rateScale = 1.0
    /// Buffers in the order of the owning optimizer's `bufferNames`.
    var buffers: [[Float]]

    init(name: String, tensor: Tensor, bufferCount: Int) {
        self.name = name
        self.tensor = tensor
        buffers = Array(repeating: [Float](repeating: 0, count: tensor.count), count: bufferCount)
    }
}

extension [ParameterSlot] {
    /// Sets the rate multiple of the slots named in `names`.
    func scaleRate(_ scale: Double, of names: Set<String>) {
        for slot in self where names.contains(slot.name) { slot.rateScale = scale }
    }
}

/// Export and import of slots, shared by every optimizer: each slot contributes
/// `<name>.step` (a scalar) and `<name>.<buffer>` for each buffer name.
extension [ParameterSlot] {
    func stateTensors(bufferNames: [String]) -> [(name: String, tensor: Tensor)] {
        flatMap { slot in
            [(slot.name + ".step", Tensor(Float(slot.step)))]
                + zip(bufferNames, slot.buffers).map { (slot.name + "." + $0, Tensor(shape: slot.tensor.shape, data: $1)) }
        }
    }

    func loadState(_ tensors: [(name: String, tensor: Tensor)], bufferNames: [String], source: String) throws {
        // Scalar placeholders receive the step counts; buffers receive the moments.
        var targets: [(name: String, tensor: Tensor)] = []
        for slot in self {
            targets.append((slot.name + ".step", Tensor(0)))
            for buffer in bufferNames { targets.append((slot.name + "." + buffer, Tensor(zeros: slot.tensor.shape))) }
        }
        try NamedTensors.assign(tensors, to: targets, source: source)
        var steps: [Int] = []
        for i in 0..<count {
            let target = targets[i * (bufferNames.count + 1)]
            steps.append(try NamedTensors.count(in: target.tensor, source: source, place: target.name))
        }
        for (i, slot) in enumerated() {
            slot.step = steps[i]
            for b in 0..<bufferNames.count { slot.buffers[b] = targets[i * (bufferNames.count + 1) + 1 + b].tensor.data }
        }
    }
}
