import Core
import Synchronization
import Tensor

/// Which normalisation a model uses after its convolutions.
public enum NormKind: Equatable, Sendable, CustomStringConvertible {
    case batch
    /// Group norm with this many groups (clamped to divide the channel count).
    case group(Int)
    case instance
    case none

    public var description: String {
        switch self {
        case .batch: "batch"
        case .group(let g): g == 32 ? "group" : "group\(g)"
        case .instance: "instance"
        case .none: "none"
        }
    }

    /// Parses "batch", "group", "group8", "instance", "none".
    public init?(_ name: String) {
        switch name.lowercased() {
        case "batch", "bn": self = .batch
        case "group", "gn": self = .group(32)
        case "instance", "in": self = .instance
        case "none", "": self = .none
        default:
            guard name.hasPrefix("group"), let g = Int(name.dropFirst(5)), g > 0 else { return nil }
            self = .group(g)
        }
    }
}

/// The activation after a normalisation.
public enum Activation: Equatable, Sendable, CustomStringConvertible {
    case relu
    case leakyRelu(Float)
    case swish
    case identity

    public var description: String {
        switch self {
        case .relu: "relu"
        case .leakyRelu(let s): "leaky_relu(\(s))"
        case .swish: "swish"
        case .identity: "identity"
        }
    }

    /// The slope a following layer's He initialisation should assume.
    var negativeSlope: Float { if case .leakyRelu(let s) = self { s } else { 0 } }

    /// The form a normalisation can apply in its own pass, if any.
    var fused: FusedActivation? {
        switch self {
        case .relu: .relu
        case .leakyRelu(let s): .leakyRelu(s)
        case .identity: .identity
        case .swish: nil
        }
    }

    func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: x.relu()
        case .leakyRelu(let s): x.leakyRelu(slope: s)
        case .swish: x.silu()
        case .identity: x
        }
    }
}

/// A normalisation followed by an activation, fused into one pass where the activation allows.
/// Parameters follow PyTorch's names: `weight`, `bias`, and for batch norm the buffers
/// `running_mean`, `running_var`.
public final class NormAct: Module, Layer {
    public let kind: NormKind
    public let activation: Activation
    public let weight: Tensor?
    public let bias: Tensor?
    public let running: RunningStatistics?
    let groups: Int
    /// Overrides the batch-norm momentum (update_bn uses a cumulative average).
    public var momentum: Float = 0.1
    /// PyTorch's `num_batches_tracked` buffer, counting training batches, for models whose
    /// weights files must hold every key of a PyTorch `state_dict` (`tracksBatches()`).
    public private(set) var batchesTracked: Tensor?
    /// The preceding convolution with this batch norm folded in, for inference
    /// (BatchNormFolding.swift); remade whenever a tensor it was made from changes. Locked,
    /// because inference runs the images of a batch on several threads through one model.
    let folded = Mutex<FoldedConv?>(nil)
    static let eps: Float = 1e-5

    public init(_ kind: NormKind, channels: Int, activation: Activation) {
        self.kind = kind
        self.activation = activation
        switch kind {
        case .group(let g):
            var groups = min(g, channels)
            while channels % groups != 0 { groups -= 1 }
            self.groups = groups
        default: groups = 1
        }
        let affine = kind != .none
        weight = affine ? Tensor(repeating: 1, shape: [channels]) : nil
        bias = affine ? Tensor(zeros: [channels]) : nil
        running = kind == .batch ? RunningStatistics(channels: channels) : nil
        super.init()
        if let weight { parameter("weight", weight) }
        if let bias { parameter("bias", bias) }
        if let running {
            buffer("running_mean", running.mean)
            buffer("running_var", running.variance)
        }
    }

    /// Registers `num_batches_tracked` after the running statistics, as PyTorch's BatchNorm2d
    /// has it; a batch norm then counts its training batches there.
    public func tracksBatches() {
        guard kind == .batch, batchesTracked == nil else { return }
        let count = Tensor(0)
        batchesTracked = count
        buffer("num_batches_tracked", count)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        // A frozen batch norm (its weight frozen with its part) normalises with its running
        // statistics and leaves them, and its batch count, as they are, as in fine-tuning
        // with a frozen encoder.
        let frozen = weight.map { !$0.requiresGrad } ?? false
        let batchStatistics = isTraining && !frozen
        if batchStatistics, !Checkpoint.isRecomputing, let batchesTracked { batchesTracked.data[0] += 1 }
        let fused = activation.fused ?? .identity
        let y: Tensor
        switch kind {
        case .batch:
            y = try x.batchNorm2d(weight: weight, bias: bias, running: running, training: batchStatistics,
                                  momentum: momentum, eps: NormAct.eps, activation: fused)
        case .group:
            y = try x.groupNorm(groups: groups, weight: weight, bias: bias, activation: fused)
        case .instance:
            y = try x.instanceNorm(weight: weight, bias: bias, activation: fused)
        case .none:
            return activation.apply(x)
        }
        return activation.fused == nil ? activation.apply(y) : y
    }
}

/// Dropout that is active only in training, drawing from the model's own seeded generator.
public final class Dropout: Module, Layer {
    public let p: Float
    var generator: SeededGenerator

    public init(_ p: Float, generator: inout SeededGenerator) {
        self.p = p
        self.generator = generator.fork(0xD0)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard isTraining, p > 0 else { return x }
        return try x.dropout(p, generator: &generator)
    }
}
