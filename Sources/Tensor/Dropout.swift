import Core

extension Tensor {
    /// Inverted dropout: zeroes each element with probability p and scales the survivors by
    /// 1/(1−p), so evaluation needs no rescaling. The mask comes from `generator`, which
    /// makes a training run reproducible.
    public func dropout(_ p: Float, generator: inout SeededGenerator) throws -> Tensor {
        guard p >= 0 && p < 1 else { throw ShapeError("dropout", "probability must be in [0, 1), got \(p)") }
        if p == 0 { return self }
        let keep = 1 / (1 - p)
        var mask = [Float](repeating: 0, count: count)
        for i in 0..<count where generator.uniform() >= Double(p) { mask[i] = keep }
        return try self * Tensor(shape: shape, data: mask)
    }
}
