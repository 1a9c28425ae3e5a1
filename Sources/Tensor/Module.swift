import Core

/// Something with parameters: layers and models derive from `Module`, register their
/// parameters, buffers and children in construction order, and so get PyTorch-style dotted
/// names (`encoder.0.conv.weight`) in a stable order, recursive train/eval switching and
/// parameter counting for free.
open class Module {
    public private(set) var ownParameters: [(name: String, tensor: Tensor)] = []
    public private(set) var ownBuffers: [(name: String, tensor: Tensor)] = []
    public private(set) var children: [(name: String, module: Module)] = []
    public private(set) var isTraining = true

    public init() {}

    /// Registers a trainable tensor under `name`.
    @discardableResult
    public func parameter(_ name: String, _ tensor: Tensor) -> Tensor {
        tensor.requiresGrad = true
        ownParameters.append((name, tensor))
        return tensor
    }

    /// Registers a non-trainable tensor (running statistics) that is saved with the weights.
    @discardableResult
    public func buffer(_ name: String, _ tensor: Tensor) -> Tensor {
        ownBuffers.append((name, tensor))
        return tensor
    }

    /// Registers a sub-module under `name`.
    @discardableResult
    public func child<M: Module>(_ name: String, _ module: M) -> M {
        children.append((name, module))
        return module
    }

    /// Every parameter with its dotted name, depth first in registration order.
    public func namedParameters(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        ownParameters.map { (prefix + $0.name, $0.tensor) }
            + children.flatMap { $0.module.namedParameters(prefix: prefix + $0.name + ".") }
    }

    /// Every buffer with its dotted name, depth first in registration order.
    public func namedBuffers(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        ownBuffers.map { (prefix + $0.name, $0.tensor) }
            + children.flatMap { $0.module.namedBuffers(prefix: prefix + $0.name + ".") }
    }

    public var parameters: [Tensor] { namedParameters().map(\.tensor) }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Switches this module and all its children to training (or evaluation) behaviour.
    public func train(_ on: Bool = true) {
        isTraining = on
        for c in children { c.module.train(on) }
    }

    public func eval() { train(false) }

    public func zeroGrad() { for p in parameters { p.grad = nil } }
}

/// Weight initialisation from a seeded generator.
public enum Initializer {
    /// He/Kaiming normal (fan-in mode): N(0, gain²/fanIn), gain = √(2/(1+a²)) for a leaky ReLU
    /// of negative slope a (a = 0: ReLU).
    public static func kaimingNormal(_ shape: [Int], fanIn: Int, negativeSlope a: Float = 0,
                                     generator: inout SeededGenerator) -> Tensor {
        let std = (2 / (1 + Double(a * a)) / Double(max(1, fanIn))).squareRoot()
        return Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float(generator.normal() * std) })
    }

    /// Kaiming uniform, PyTorch's default for conv and linear weights: U(−b, b) with
    /// b = gain·√(3/fanIn) and gain = √(2/(1+a²)); PyTorch uses a = √5, giving b = 1/√fanIn.
    public static func kaimingUniform(_ shape: [Int], fanIn: Int, negativeSlope a: Float = Float(5).squareRoot(),
                                      generator: inout SeededGenerator) -> Tensor {
        let bound = (2 / (1 + Double(a * a))).squareRoot() * (3 / Double(max(1, fanIn))).squareRoot()
        return uniform(shape, bound: bound, generator: &generator)
    }

    /// U(−bound, bound).
    public static func uniform(_ shape: [Int], bound: Double, generator: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float(generator.uniform(-bound, bound)) })
    }
}
