import Augment

/// An augmentation: one transform or a composition. `a | b` composes two transforms into
/// one that applies `a`, then `b`.
public final class TransformObject: EngineObject {
    public let transform: any Transform

    public init(_ transform: any Transform) { self.transform = transform }

    public var kind: String { "transform" }
    public var summary: String { transform.description }
    public var details: String {
        (["transform " + transform.description] + transform.leaves.map { "  " + $0.description }).joined(separator: "\n")
    }

    public func binary(_ op: BinaryOperator, _ other: Value, reversed: Bool) throws -> Value? {
        guard op == .pipe, case .object(let o as TransformObject) = other else { return nil }
        let (first, second) = reversed ? (o.transform, transform) : (transform, o.transform)
        // Flatten plain compositions so `a | b | c` is one compose of three.
        func parts(_ t: any Transform) -> [any Transform] {
            if let c = t as? Compose, c.p == 1 { return c.transforms }
            return [t]
        }
        return .object(TransformObject(try Compose(parts(first) + parts(second))))
    }
}
