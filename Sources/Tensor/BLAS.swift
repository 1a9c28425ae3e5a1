import CBLAS

/// Row-major single-precision GEMM: C = alpha * op(A) * op(B) + beta * C,
/// with op(A) of size m x k and op(B) of size k x n, spread over the engine's threads.
///
/// OpenBLAS itself runs single-threaded (see `Runtime`): its own pool would spin in
/// `sched_yield` beside the engine's workers, so the engine splits C into stripes instead,
/// one single-threaded GEMM per thread. Stripes follow the longer side of C, so each
/// thread shares the other operand and packs only its own slice.
func sgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
           alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
           b: UnsafePointer<Float>, ldb: Int,
           beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    let parts = min(Parallel.available, max(1, m * n * k / minimumFlopsPerStripe))
    guard parts > 1 else {
        serialSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                    b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        return
    }
    let alongN = n >= m
    let side = alongN ? n : m
    // Stripe edges on multiples of 16 keep every stripe's kernel on full vector widths.
    let step = ((side + parts - 1) / parts + 15) / 16 * 16
    Parallel.forEach((side + step - 1) / step) { p in
        let lo = p * step, len = min(side, lo + step) - lo
        if alongN {
            serialSgemm(transA: transA, transB: transB, m: m, n: len, k: k, alpha: alpha, a: a, lda: lda,
                        b: transB ? b + lo * ldb : b + lo, ldb: ldb, beta: beta, c: c + lo, ldc: ldc)
        } else {
            serialSgemm(transA: transA, transB: transB, m: len, n: n, k: k, alpha: alpha,
                        a: transA ? a + lo : a + lo * lda, lda: lda, b: b, ldb: ldb,
                        beta: beta, c: c + lo * ldc, ldc: ldc)
        }
    }
}

/// Below this many multiply-adds a stripe costs more to hand out than it saves.
private let minimumFlopsPerStripe = 1 << 18

/// One OpenBLAS call on the calling thread; for code that is already running in parallel.
/// Its callers asked `Parallel` for threads first, which configured the `Runtime` (OpenBLAS's
/// kernels included) before this first product.
@inline(__always)
func serialSgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                 alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                 b: UnsafePointer<Float>, ldb: Int,
                 beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
                beta, c, blasint(ldc))
}
