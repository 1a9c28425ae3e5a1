/// Elementwise binary arithmetic with NumPy broadcasting, and its gradients.
/// Equal shapes and scalar operands take fast paths; other broadcasts (per-channel,
/// trailing dimensions) go through a strided walk.
extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "add", { $0 + $1 }, da: { _, _ in 1 }, db: { _, _ in 1 })
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "sub", { $0 - $1 }, da: { _, _ in 1 }, db: { _, _ in -1 })
    }

    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "mul", { $0 * $1 }, da: { _, y in y }, db: { x, _ in x })
    }

    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        try binary(a, b, "div", { $0 / $1 }, da: { _, y in 1 / y }, db: { x, y in -x / (y * y) })
    }

    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } derivative: { _, _ in 1 } }
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } derivative: { _, _ in 1 } }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } derivative: { _, _ in s } }
    public static func / (a: Tensor, s: Float) -> Tensor { a.map { $0 / s } derivative: { _, _ in 1 / s } }
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    public static func - (s: Float, a: Tensor) -> Tensor { a.map { s - $0 } derivative: { _, _ in -1 } }
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    public static func / (s: Float, a: Tensor) -> Tensor {
        a.map { s / $0 } derivative: { x, _ in -s / (x * x) }
    }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } derivative: { _, _ in -1 } }

    /// The shared engine of the binary operators. `da`/`db` give the partial derivatives of
    /// the result with respect to each operand at (x, y).
    @inline(__always)
    static func binary(_ a: Tensor, _ b: Tensor, _ name: String,
                       _ f: @escaping (Float, Float) -> Float,
                       da: @escaping (Float, Float) -> Float,
                       db: @escaping (Float, Float) -> Float) throws -> Tensor {
        let shape = a.shape == b.shape ? a.shape : try broadcastShape(a.shape, b.shape, name)
        let n = shape.reduce(1, *)
        var out = [Float](repeating: 0, count: n)
        let walk = BroadcastWalk(shape, a.shape, b.shape)
        a.data.withUnsafeBufferPointer { x in
            b.data.withUnsafeBufferPointer { y in
                out.withUnsafeMutableBufferPointer { o in
                    switch walk.kind {
                    case .same:
                        Parallel.chunks(n) { r in for i in r { o[i] = f(x[i], y[i]) } }
                    case .scalarB:
                        let s = y[0]
                        Parallel.chunks(n) { r in for i in r { o[i] = f(x[i], s) } }
                    case .scalarA:
                        let s = x[0]
                        Parallel.chunks(n) { r in for i in r { o[i] = f(s, y[i]) } }
                    case .general:
                        walk.forEach { i, ia, ib in o[i] = f(x[ia], y[ib]) }
                    }
                }
            }
        }
        return result(shape, out, [a, b]) { out in
            let g = out.grad!
            g.withUnsafeBufferPointer { g in
                a.data.withUnsafeBufferPointer { x in
                    b.data.withUnsafeBufferPointer { y in
                        if a.requiresGrad {
                            a.accumulateGrad { ga in
                                walk.reduce(into: ga, side: .a, n: n) { i, ia, ib in g[i] * da(x[ia], y[ib]) }
                            }
                        }
                        if b.requiresGrad {
                            b.accumulateGrad { gb in
                                walk.reduce(into: gb, side: .b, n: n) { i, ia, ib in g[i] * db(x[ia], y[ib]) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// How the elements of a broadcast result map back to the two operands.
struct BroadcastWalk {
    enum Kind { case same, scalarA, scalarB, general }
    enum Side { case a, b }

    let kind: Kind
    let shape: [Int]
    let aStrides: [Int]
    let bStrides: [Int]
    let aCount: Int
    let bCount: Int

    init(_ shape: [Int], _ a: [Int], _ b: [Int]) {
        self.shape = shape
        aCount = a.reduce(1, *)
        bCount = b.reduce(1, *)
        let n = shape.reduce(1, *)
        if a == b { kind = .same }
        else if bCount == 1 && aCount == n { kind = .scalarB }
        else if aCount == 1 && bCount == n { kind = .scalarA }
        else { kind = .general }
        aStrides = broadcastStrides(a, to: shape)
        bStrides = broadcastStrides(b, to: shape)
    }

    /// Visits every result element with its operand offsets, innermost dimension fastest.
    @inline(__always)
    func forEach(_ body: (_ i: Int, _ ia: Int, _ ib: Int) -> Void) {
        let n = shape.reduce(1, *)
        if n == 0 { return }
        let rank = shape.count
        if rank == 0 { body(0, 0, 0); return }
        var index = [Int](repeating: 0, count: rank)
        var ia = 0, ib = 0
        let inner = shape[rank - 1], sa = aStrides[rank - 1], sb = bStrides[rank - 1]
        var i = 0
        while i < n {
            var ja = ia, jb = ib
            for k in 0..<inner {
                body(i + k, ja, jb)
                ja += sa; jb += sb
            }
            i += inner
            // Advance the outer coordinates like an odometer.
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                ia += aStrides[d]; ib += bStrides[d]
                if index[d] < shape[d] { break }
                ia -= aStrides[d] * shape[d]; ib -= bStrides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Sums `term(i, ia, ib)` over the result into a gradient buffer shaped like one operand,
    /// which un-broadcasts it.
    @inline(__always)
    func reduce(into dst: UnsafeMutableBufferPointer<Float>, side: Side, n: Int,
                _ term: (_ i: Int, _ ia: Int, _ ib: Int) -> Float) {
        switch (kind, side) {
        case (.same, _):
            Parallel.chunks(n) { r in for i in r { dst[i] += term(i, i, i) } }
        case (.scalarB, .a):
            Parallel.chunks(n) { r in for i in r { dst[i] += term(i, i, 0) } }
        case (.scalarA, .b):
            Parallel.chunks(n) { r in for i in r { dst[i] += term(i, 0, i) } }
        case (.scalarB, .b):
            var total: Double = 0
            for i in 0..<n { total += Double(term(i, i, 0)) }
            dst[0] += Float(total)
        case (.scalarA, .a):
            var total: Double = 0
            for i in 0..<n { total += Double(term(i, 0, i)) }
            dst[0] += Float(total)
        case (.general, _):
            forEach { i, ia, ib in dst[side == .a ? ia : ib] += term(i, ia, ib) }
        }
    }
}
