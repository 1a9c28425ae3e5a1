/// Operations that move values without computing new ones: reshape, concatenation,
/// slicing and zero padding. Their gradients route values back to where they came from.
extension Tensor {
    /// The same values in a new shape; one dimension may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        if let hole = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != hole }.map(\.element).reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw ShapeError("reshape", "cannot infer -1 in \(show(newShape)) for \(count) values")
            }
            target[hole] = count / known
        }
        guard target.allSatisfy({ $0 >= 0 }), target.reduce(1, *) == count else {
            throw ShapeError("reshape", "cannot view \(show(shape)) (\(count) values) as \(show(newShape))")
        }
        return Tensor.result(target, data, [self]) { [self] out in
            out.grad!.withUnsafeBufferPointer { accumulateGrad($0) }
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concat(_ parts: [Tensor], axis: Int = 1) throws -> Tensor {
        guard let first = parts.first else { throw ShapeError("concat", "needs at least one tensor") }
        let ax = axis < 0 ? axis + first.rank : axis
        guard ax >= 0 && ax < first.rank else {
            throw ShapeError("concat", "axis \(axis) is out of range for shape \(show(first.shape))")
        }
        for p in parts where p.rank != first.rank || (0..<first.rank).contains(where: { $0 != ax && p.shape[$0] != first.shape[$0] }) {
            throw ShapeError("concat", "shapes \(parts.map { show($0.shape) }.joined(separator: ", ")) differ outside axis \(axis)")
        }
        let outer = first.shape[..<ax].reduce(1, *)
        let inner = first.shape[(ax + 1)...].reduce(1, *)
        let widths = parts.map { $0.shape[ax] * inner }
        let total = widths.reduce(0, +)
        var shape = first.shape
        shape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
        var out = [Float](repeating: 0, count: outer * total)
        out.withUnsafeMutableBufferPointer { o in
            var offset = 0
            for (p, w) in zip(parts, widths) {
                p.data.withUnsafeBufferPointer { x in
                    Parallel.forEach(outer) { r in
                        (o.baseAddress! + r * total + offset).update(from: x.baseAddress! + r * w, count: w)
                    }
                }
                offset += w
            }
        }
        return result(shape, out, parts) { out in
            out.grad!.withUnsafeBufferPointer { g in
                var offset = 0
                for (p, w) in zip(parts, widths) {
                    p.accumulateGrad { gp in
                        Parallel.forEach(outer) { r in
                            for j in 0..<w { gp[r * w + j] += g[r * total + offset + j] }
                        }
                    }
                    offset += w
                }
            }
        }
    }

    /// The elements with index in `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) throws -> Tensor {
        let ax = axis < 0 ? axis + rank : axis
        guard ax >= 0 && ax < rank, range.lowerBound >= 0, range.upperBound <= shape[ax] else {
            throw ShapeError("slice", "range \(range) on axis \(axis) is out of bounds for shape \(show(shape))")
        }
        let outer = shape[..<ax].reduce(1, *)
        let inner = shape[(ax + 1)...].reduce(1, *)
        let span = shape[ax] * inner, w = range.count * inner, start = range.lowerBound * inner
        var outShape = shape
        outShape[ax] = range.count
        var out = [Float](repeating: 0, count: outer * w)
        data.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<outer {
                    (o.baseAddress! + r * w).update(from: x.baseAddress! + r * span + start, count: w)
                }
            }
        }
        return Tensor.result(outShape, out, [self]) { [self] out in
            out.grad!.withUnsafeBufferPointer { g in
                accumulateGrad { gx in
                    for r in 0..<outer { for j in 0..<w { gx[r * span + start + j] += g[r * w + j] } }
                }
            }
        }
    }

    /// Zero padding of the last two (spatial) dimensions; negative amounts crop.
    public func padded2d(top: Int, bottom: Int, left: Int, right: Int) throws -> Tensor {
        guard rank >= 2 else { throw ShapeError("pad2d", "needs at least two dimensions, shape is \(show(shape))") }
        let h = shape[rank - 2], w = shape[rank - 1]
        let oh = h + top + bottom, ow = w + left + right
        guard oh > 0, ow > 0 else {
            throw ShapeError("pad2d", "padding (\(top), \(bottom), \(left), \(right)) leaves nothing of \(show(shape))")
        }
        let planes = count / max(1, h * w)
        var outShape = shape
        outShape[rank - 2] = oh
        outShape[rank - 1] = ow
        // The rows and columns that survive, in input coordinates.
        let y0 = max(0, -top), y1 = min(h, h + bottom), x0 = max(0, -left), x1 = min(w, w + right)
        var out = [Float](repeating: 0, count: planes * oh * ow)
        data.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                Parallel.forEach(planes) { p in
                    for y in y0..<max(y0, y1) {
                        for xx in x0..<max(x0, x1) {
                            o[p * oh * ow + (y + top) * ow + xx + left] = x[p * h * w + y * w + xx]
                        }
                    }
                }
            }
        }
        return Tensor.result(outShape, out, [self]) { [self] out in
            out.grad!.withUnsafeBufferPointer { g in
                accumulateGrad { gx in
                    Parallel.forEach(planes) { p in
                        for y in y0..<max(y0, y1) {
                            for xx in x0..<max(x0, x1) {
                                gx[p * h * w + y * w + xx] += g[p * oh * ow + (y + top) * ow + xx + left]
                            }
                        }
                    }
                }
            }
        }
    }
}
