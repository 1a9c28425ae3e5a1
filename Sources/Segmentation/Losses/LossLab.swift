import Core
import Tensor

/// The loss lab: how losses respond, in value and in gradient, to typical predictions of a
/// probe batch, and where on an image a loss pushes the logits. It shows before training
/// that Lovász on an empty image pushes a single pixel, or that Dice ignores true negatives.
public enum LossLab {
    /// A loss's value and the Euclidean norm of its gradient with respect to the logits.
    public struct Measurement: Sendable, Equatable {
        public var value: Float
        public var gradientNorm: Float

        public init(value: Float, gradientNorm: Float) {
            self.value = value
            self.gradientNorm = gradientNorm
        }
    }

    /// One row per loss, one column per kind of prediction.
    public struct Report: Sendable, Equatable {
        public var kinds: [ProbePredictions.Kind]
        /// Each loss as the language writes it.
        public var losses: [String]
        /// `measurements[loss][kind]`.
        public var measurements: [[Measurement]]
    }

    /// Measures every loss on every kind of prediction of `targets` (`[N, 1, H, W]`, 0/1).
    public static func run(_ losses: [any Loss], targets: Tensor,
                           predictions: ProbePredictions = ProbePredictions(),
                           kinds: [ProbePredictions.Kind] = ProbePredictions.Kind.allCases) throws -> Report {
        let logits = try kinds.map { try predictions.logits($0, targets: targets) }
        var rows: [[Measurement]] = []
        for loss in losses {
            try Interrupt.check()
            rows.append(try logits.map { try measure(loss, logits: $0, target: targets) })
        }
        return Report(kinds: kinds, losses: losses.map(\.description), measurements: rows)
    }

    /// The value of `loss` at `logits` and the norm of its gradient there.
    public static func measure(_ loss: any Loss, logits: Tensor, target: Tensor) throws -> Measurement {
        let (value, gradient) = try valueAndGradient(loss, logits: logits, target: target)
        let norm = gradient.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return Measurement(value: value, gradientNorm: Float(norm))
    }

    /// The gradient of `loss` with respect to the logits of image `sample`, the loss taken on
    /// that image alone: a row-major `[H * W]` map a heatmap can show.
    public static func gradientMap(_ loss: any Loss, logits: Tensor, target: Tensor, sample: Int) throws -> [Float] {
        let one = try LossBatch(logits: logits, target: target, loss: loss.description).image(sample)
        return try valueAndGradient(loss, logits: one.logits, target: one.target).gradient
    }

    /// Evaluates `loss` on a fresh copy of `logits` and differentiates it. A loss that does
    /// not depend on the logits has a zero gradient.
    private static func valueAndGradient(_ loss: any Loss, logits: Tensor,
                                         target: Tensor) throws -> (value: Float, gradient: [Float]) {
        let x = Tensor(shape: logits.shape, data: logits.data, requiresGrad: true)
        let value = try loss(x, target)
        if value.requiresGrad { try value.backward() }
        return (value.item, x.grad ?? [Float](repeating: 0, count: x.count))
    }
}
