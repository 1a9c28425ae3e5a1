/// Matrix product of two rank-2 tensors through `cblas_sgemm`.
/// Backward: dA = dC Bᵀ and dB = Aᵀ dC, also GEMMs.
extension Tensor {
    public func matmul(_ b: Tensor) throws -> Tensor {
        let a = self
        guard a.rank == 2, b.rank == 2, a.shape[1] == b.shape[0] else {
            throw ShapeError("matmul", "needs [m, k] x [k, n], got \(show(a.shape)) x \(show(b.shape))")
        }
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        var out = [Float](repeating: 0, count: m * n)
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    sgemm(m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n,
                          c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return Tensor.result([m, n], out, [a, b]) { out in
            let g = out.grad!
            g.withUnsafeBufferPointer { pg in
                if a.requiresGrad {
                    b.data.withUnsafeBufferPointer { pb in
                        a.accumulateGrad { ga in
                            sgemm(transB: true, m: m, n: k, k: n, a: pg.baseAddress!, lda: n,
                                  b: pb.baseAddress!, ldb: n, beta: 1, c: ga.baseAddress!, ldc: k)
                        }
                    }
                }
                if b.requiresGrad {
                    a.data.withUnsafeBufferPointer { pa in
                        b.accumulateGrad { gb in
                            sgemm(transA: true, m: k, n: n, k: m, a: pa.baseAddress!, lda: k,
                                  b: pg.baseAddress!, ldb: n, beta: 1, c: gb.baseAddress!, ldc: n)
                        }
                    }
                }
            }
        }
    }
}
