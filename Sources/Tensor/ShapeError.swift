/// A shape mismatch between operands, or an argument an operation cannot take.
/// It names the operation and the shapes, so a user sees what went wrong.
public struct ShapeError: Error, Equatable, CustomStringConvertible {
    public var operation: String
    public var message: String

    public init(_ operation: String, _ message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }
}

/// Formats a shape the way users write it: `[4, 1, 256, 256]`.
func show(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

/// The shape two operands broadcast to, under NumPy's rules (align trailing dimensions;
/// a dimension of 1 stretches).
func broadcastShape(_ a: [Int], _ b: [Int], _ op: String) throws -> [Int] {
    let n = max(a.count, b.count)
    var out = [Int](repeating: 1, count: n)
    for i in 0..<n {
        let da = i < n - a.count ? 1 : a[i - (n - a.count)]
        let db = i < n - b.count ? 1 : b[i - (n - b.count)]
        guard da == db || da == 1 || db == 1 else {
            throw ShapeError(op, "shapes \(show(a)) and \(show(b)) do not broadcast (dimension \(i): \(da) vs \(db))")
        }
        out[i] = da == 1 ? db : da
    }
    return out
}

/// Row-major strides of `shape`.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = s
        s *= shape[i]
    }
    return strides
}

/// Strides that read an operand of shape `shape` as if it had the broadcast shape `target`:
/// stretched dimensions get stride 0.
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = contiguousStrides(shape)
    let offset = target.count - shape.count
    return (0..<target.count).map { i in
        i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
    }
}
