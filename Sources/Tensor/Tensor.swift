import Synchronization

/// A Float32 tensor: a shape and contiguous row-major storage, plus what reverse-mode
/// autodiff needs. Operations build a graph as they go (when gradients are enabled and an
/// input requires them); `backward()` walks it once and releases it.
public final class Tensor {
    public let shape: [Int]
    public var data: [Float] {
        didSet {
            version &+= 1
            memo.withLock { if !$0.isEmpty { $0.removeAll() } }
        }
    }
    /// Counts the changes to `data`: values derived from several tensors (a convolution's
    /// weights with a batch norm folded in) remember the versions they were made from.
    public private(set) var version = 0
    /// The accumulated gradient, same count as `data`; nil until a backward pass reaches it.
    public var grad: [Float]?
    /// Leaves that require gradients are parameters or inputs being differentiated.
    public var requiresGrad: Bool

    // The tape: the tensors this one was computed from, and how to push a gradient back to them.
    var parents: [Tensor] = []
    var pullback: ((Tensor) throws -> Void)?

    /// Values derived from `data` and dropped whenever it changes: Winograd's transformed
    /// weights, which inference reuses from batch to batch. Locked, because inference runs
    /// the images of a batch on several threads through the same weights.
    private let memo = Mutex<[String: [Float]]>([:])

    /// The value stored under `key`, made by `make` if `data` changed since it was stored.
    /// Two threads that both find it missing both make it (the same values); neither waits.
    func memoized(_ key: String, _ make: () -> [Float]) -> [Float] {
        if let value = memo.withLock({ $0[key] }) { return value }
        let value = make()
        memo.withLock { $0[key] = value }
        return value
    }

    public init(shape: [Int], data: [Float], requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == data.count,
                     "Tensor shape \(show(shape)) needs \(shape.reduce(1, *)) values, got \(data.count)")
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
    }

    /// Checked construction for data from outside (the language, files).
    public convenience init(checkedShape shape: [Int], data: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == data.count else {
            throw ShapeError("tensor", "shape \(show(shape)) needs \(shape.reduce(1, *)) values, got \(data.count)")
        }
        self.init(shape: shape, data: data)
    }

    public convenience init(zeros shape: [Int], requiresGrad: Bool = false) {
        self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)), requiresGrad: requiresGrad)
    }

    public convenience init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A zero-dimensional tensor holding one number.
    public convenience init(_ scalar: Float) {
        self.init(shape: [], data: [scalar])
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }

    /// The value of a one-element tensor.
    public var item: Float {
        precondition(data.count == 1, "item needs a one-element tensor, shape is \(show(shape))")
        return data[0]
    }

    /// A copy that shares no graph: the same values, no history.
    public func detached() -> Tensor { Tensor(shape: shape, data: data) }

    /// Whether this tensor is an interior node of a live graph.
    public var hasHistory: Bool { pullback != nil }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let head = data.prefix(6).map { String(format: "%.4g", Double($0)) }.joined(separator: ", ")
        return "tensor \(show(shape)) [\(head)\(data.count > 6 ? ", …" : "")]"
    }
}

import Foundation
