/// Sums and means, over everything or over chosen axes. Accumulation is in Float64 so that
/// large reductions (a loss over a batch of 256² masks) stay exact to Float32 precision.
extension Tensor {
    /// The sum of all elements, as a zero-dimensional tensor.
    public func sum() -> Tensor {
        let n = count
        let total = data.withUnsafeBufferPointer { parallelSum($0) }
        return Tensor.result([], [Float(total)], [self]) { [self] out in
            let g = out.grad![0]
            accumulateGrad { gx in Parallel.chunks(n) { r in for i in r { gx[i] += g } } }
        }
    }

    public func mean() -> Tensor {
        count == 0 ? Tensor(Float.nan) : sum() / Float(count)
    }

    /// Sums over `axes` (negative counts from the end). Reduced dimensions are dropped,
    /// or kept with size 1 when `keepDims` is set.
    public func sum(axes: [Int], keepDims: Bool = false) throws -> Tensor {
        let axes = try normalizedAxes(axes, "sum")
        let kept = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let outShape = keepDims ? kept : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        let walk = BroadcastWalk(shape, shape, kept)
        var acc = [Double](repeating: 0, count: kept.reduce(1, *))
        data.withUnsafeBufferPointer { x in
            acc.withUnsafeMutableBufferPointer { a in walk.forEach { i, _, o in a[o] += Double(x[i]) } }
        }
        return Tensor.result(outShape, acc.map { Float($0) }, [self]) { [self] out in
            let g = out.grad!
            g.withUnsafeBufferPointer { g in
                accumulateGrad { gx in walk.forEach { i, _, o in gx[i] += g[o] } }
            }
        }
    }

    public func mean(axes: [Int], keepDims: Bool = false) throws -> Tensor {
        let axes = try normalizedAxes(axes, "mean")
        let n = axes.reduce(1) { $0 * shape[$1] }
        return try sum(axes: Array(axes), keepDims: keepDims) / Float(n)
    }

    func normalizedAxes(_ axes: [Int], _ op: String) throws -> Set<Int> {
        var out = Set<Int>()
        for a in axes {
            let k = a < 0 ? a + rank : a
            guard k >= 0 && k < rank else {
                throw ShapeError(op, "axis \(a) is out of range for shape \(show(shape))")
            }
            out.insert(k)
        }
        return out
    }
}

/// Σ x in Float64, one partial sum per thread. Blocks of 256 are summed in Float (exact
/// enough for so few terms, and vectorised), and the block sums in Float64.
func parallelSum(_ x: UnsafeBufferPointer<Float>) -> Double {
    let n = x.count
    let parts = max(1, min(Parallel.available, n / 16_384))
    var partial = [Double](repeating: 0, count: parts)
    partial.withUnsafeMutableBufferPointer { p in
        let step = (n + parts - 1) / parts
        Parallel.forEach(parts) { t in
            var total: Double = 0
            var i = t * step
            let end = min(n, i + step)
            while i < end {
                let blockEnd = min(end, i + 256)
                var block: Float = 0
                while i < blockEnd { block += x[i]; i += 1 }
                total += Double(block)
            }
            p[t] = total
        }
    }
    return partial.reduce(0, +)
}
