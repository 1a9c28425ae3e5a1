/// Sorting, gathering and prefix sums: what the Lovász hinge needs
/// (errors sorted in decreasing order, the ground truth permuted alike, and a cumulative sum).
extension Tensor {
    /// Indices that sort the flattened values (stable; ties keep their order). NaN counts
    /// as larger than every number, as in PyTorch: last when ascending, first when
    /// descending. Without that rule NaN would be "equal" to everything and the order
    /// undefined.
    public func argsort(descending: Bool = false) -> [Int] {
        let v = data
        return (0..<count).sorted { i, j in
            let a = v[i], b = v[j]
            if a.isNaN != b.isNaN { return descending ? a.isNaN : b.isNaN }
            if a != b && !a.isNaN { return descending ? a > b : a < b }
            return i < j
        }
    }

    /// The flattened values at `indices`, as a 1-D tensor. The gradient scatters back
    /// (adding where an index repeats).
    public func gather(_ indices: [Int]) throws -> Tensor {
        let n = count
        if let bad = indices.first(where: { $0 < 0 || $0 >= n }) {
            throw ShapeError("gather", "index \(bad) is out of range for \(n) values")
        }
        let out = indices.map { data[$0] }
        return Tensor.result([indices.count], out, [self]) { [self] out in
            let g = out.grad!
            accumulateGrad { gx in for (k, i) in indices.enumerated() { gx[i] += g[k] } }
        }
    }

    /// The flattened values in sorted order, differentiable (a gather by `argsort`).
    public func sorted(descending: Bool = false) throws -> Tensor {
        try gather(argsort(descending: descending))
    }

    /// Inclusive prefix sums along the last axis. The gradient is the reversed prefix sum.
    public func cumsum() throws -> Tensor {
        guard rank >= 1 else { throw ShapeError("cumsum", "needs at least one dimension") }
        let len = shape[rank - 1], rows = count / max(1, len)
        var out = data
        for r in 0..<rows {
            var acc: Double = 0
            for j in 0..<len { acc += Double(data[r * len + j]); out[r * len + j] = Float(acc) }
        }
        return Tensor.result(shape, out, [self]) { [self] out in
            let g = out.grad!
            accumulateGrad { gx in
                for r in 0..<rows {
                    var acc: Double = 0
                    for j in stride(from: len - 1, through: 0, by: -1) {
                        acc += Double(g[r * len + j]); gx[r * len + j] += Float(acc)
                    }
                }
            }
        }
    }
}
