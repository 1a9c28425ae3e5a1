import Tensor

/// A module that maps one tensor to another.
public protocol Layer: Module {
    func callAsFunction(_ x: Tensor) throws -> Tensor
}

/// Layers applied in order, registered as children "0", "1", ... (PyTorch's Sequential naming).
public final class Sequential: Module, Layer {
    public private(set) var layers: [any Layer] = []

    public init(_ layers: [any Layer]) {
        super.init()
        for l in layers { append(l) }
    }

    public func append(_ layer: any Layer) {
        child(String(layers.count), layer)
        layers.append(layer)
    }

    /// A convolution followed by a normalisation runs as one step (BatchNormFolding.swift).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        var h = x, i = 0
        while i < layers.count {
            if i + 1 < layers.count, let conv = layers[i] as? Conv2d, let norm = layers[i + 1] as? NormAct {
                h = try norm(conv, h)
                i += 2
            } else {
                h = try layers[i](h)
                i += 1
            }
        }
        return h
    }
}

/// Records, during a profiled forward pass, what each layer computed: the model's layer
/// table and FLOP count come from running it once at the size of interest.
public struct LayerRecord: Sendable {
    public var kind: String
    public var outputShape: [Int]
    public var parameters: Int
    public var flops: Double
}

public final class LayerProfile: @unchecked Sendable {
    public private(set) var records: [LayerRecord] = []
    @TaskLocal static var current: LayerProfile?

    /// Runs `body` and returns what the layers inside it recorded.
    public static func recording(_ body: () throws -> Void) rethrows -> LayerProfile {
        let profile = LayerProfile()
        try $current.withValue(profile) { try body() }
        return profile
    }

    static func note(_ kind: String, _ output: Tensor, parameters: Int, flops: Double) {
        current?.records.append(LayerRecord(kind: kind, outputShape: output.shape, parameters: parameters, flops: flops))
    }
}
