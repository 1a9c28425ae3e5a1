import Foundation
import Tensor

/// Adam (Kingma & Ba) with PyTorch's update and bias correction; with `decoupled` weight decay it
/// is AdamW (Loshchilov & Hutter). Per parameter, at step t:
///
///     Adam:   g ← g + λθ
///     AdamW:  θ ← θ·(1 − lr·λ)
///     m ← m + (1−β1)(g − m);   v ← β2·v + (1−β2)·g²
///     θ ← θ − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε)
///
/// The state is `exp_avg` (m), `exp_avg_sq` (v) and `step` per parameter, as in `torch.optim.Adam`.
public final class Adam: Optimizer {
    public let parameters: [(name: String, tensor: Tensor)]
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    /// AdamW's decay, applied to the weights directly instead of through the gradient.
    public let decoupled: Bool
    private let slots: [ParameterSlot]
    private static let bufferNames = ["exp_avg", "exp_avg_sq"]

    /// Adam with PyTorch's defaults; `decoupled: true` (with `weightDecay` 0.01, AdamW's default) is AdamW.
    public init(parameters: [(name: String, tensor: Tensor)], learningRate: Double = 1e-3,
                beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 0, decoupled: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        slots = parameters.map { ParameterSlot(name: $0.name, tensor: $0.tensor, bufferCount: 2) }
    }

    /// AdamW: Adam with decoupled weight decay, default λ = 0.01 as in `torch.optim.AdamW`.
    public static func adamW(parameters: [(name: String, tensor: Tensor)], learningRate: Double = 1e-3,
                             beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                             weightDecay: Double = 1e-2) -> Adam {
        Adam(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2,
             epsilon: epsilon, weightDecay: weightDecay, decoupled: true)
    }

    public func step() {
        for slot in slots {
            guard let grad = slot.tensor.grad else { continue }
            slot.step += 1
            // Scalars in double precision, as PyTorch computes them in Python, then rounded once.
            let t = Double(slot.step)
            let rate = learningRate * slot.rateScale
            let stepSize = Float(rate / (1 - pow(beta1, t)))
            let correction2 = Float((1 - pow(beta2, t)).squareRoot())
            let shrink = Float(1 - rate * weightDecay)
            let l2 = decoupled ? 0 : Float(weightDecay)
            let (w1, b2, w2, eps) = (Float(1 - beta1), Float(beta2), Float(1 - beta2), Float(epsilon))
            let decay = decoupled && weightDecay != 0
            grad.withUnsafeBufferPointer { g in
                slot.tensor.data.withUnsafeMutableBufferPointer { p in
                    // The two moments are written in one pass: reached through one access to
                    // `buffers`, so the two element accesses do not overlap on the array.
                    slot.buffers.withUnsafeMutableBufferPointer { moments in
                        moments[0].withUnsafeMutableBufferPointer { m in
                            moments[1].withUnsafeMutableBufferPointer { v in
                                Parallel.chunks(p.count, minChunk: 65_536) { range in
                                    for i in range {
                                        if decay { p[i] *= shrink }
                                        let gi = g[i] + l2 * p[i]
                                        m[i] += w1 * (gi - m[i])
                                        v[i] = v[i] * b2 + w2 * gi * gi
                                        p[i] -= stepSize * (m[i] / (v[i].squareRoot() / correction2 + eps))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    public func stateTensors() -> [(name: String, tensor: Tensor)] {
        slots.stateTensors(bufferNames: Self.bufferNames)
    }

    public func scaleRate(_ scale: Double, of names: Set<String>) { slots.scaleRate(scale, of: names) }

    public func loadState(_ tensors: [(name: String, tensor: Tensor)], source: String) throws {
        try slots.loadState(tensors, bufferNames: Self.bufferNames, source: source)
    }

    /// The settings in the command language's syntax, defaults left out.
    public var description: String {
        let defaultDecay = decoupled ? 1e-2 : 0
        return callSyntax(decoupled ? "adamw" : "adam", [
            keyword("lr", learningRate), keyword("beta1", beta1, default: 0.9),
            keyword("beta2", beta2, default: 0.999), keyword("eps", epsilon, default: 1e-8),
            keyword("weight_decay", weightDecay, default: defaultDecay),
        ])
    }
}
