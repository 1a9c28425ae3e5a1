/// C = A · B (row-major, no transposes, C overwritten) for products too small for OpenBLAS to
/// pay off: Winograd's per-position GEMMs at the shallow levels of a U-Net, where A is a
/// 16x16 or 32x32 block of transformed weights and B a few hundred tiles. OpenBLAS packs
/// both operands and makes a pass over C for beta before multiplying; with k = 16 each
/// packed value then feeds only 16 multiply-adds, so the packing and the pass cost as much
/// as the products. This kernel reads B in place and keeps a 4x16 block of C in registers.
///
/// Each element is Σ_k a·b added in order of k, a multiply then an add (Swift never fuses
/// them), so the bits do not depend on the vector width or the thread count.
func smallSgemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
    var row = 0
    while row + 4 <= m {
        fourRows(row, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
        row += 4
    }
    for row in row..<m {
        let ar = a + row * lda, cr = c + row * ldc
        for column in 0..<n {
            var sum: Float = 0
            for i in 0..<k { sum += ar[i] * b[i * ldb + column] }
            cr[column] = sum
        }
    }
}

/// Rows row..<row+4 of C: sixteen columns at a time in eight accumulators, then eight, then
/// the last few one by one.
@inline(__always)
private func fourRows(_ row: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                      b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
    let a0 = a + row * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda
    let c0 = c + row * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc
    var column = 0
    while column + 16 <= n {
        var s00 = Lane(), s01 = Lane(), s10 = Lane(), s11 = Lane()
        var s20 = Lane(), s21 = Lane(), s30 = Lane(), s31 = Lane()
        for i in 0..<k {
            let br = b + (i &* ldb &+ column)
            let v0 = br.lane(0), v1 = br.lane(8)
            let w0 = Lane(repeating: a0[i]), w1 = Lane(repeating: a1[i])
            let w2 = Lane(repeating: a2[i]), w3 = Lane(repeating: a3[i])
            s00 += w0 * v0; s01 += w0 * v1; s10 += w1 * v0; s11 += w1 * v1
            s20 += w2 * v0; s21 += w2 * v1; s30 += w3 * v0; s31 += w3 * v1
        }
        (c0 + column).store(s00); (c0 + column + 8).store(s01)
        (c1 + column).store(s10); (c1 + column + 8).store(s11)
        (c2 + column).store(s20); (c2 + column + 8).store(s21)
        (c3 + column).store(s30); (c3 + column + 8).store(s31)
        column += 16
    }
    if column + 8 <= n {
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane()
        for i in 0..<k {
            let v = (b + (i &* ldb &+ column)).lane(0)
            s0 += Lane(repeating: a0[i]) * v; s1 += Lane(repeating: a1[i]) * v
            s2 += Lane(repeating: a2[i]) * v; s3 += Lane(repeating: a3[i]) * v
        }
        (c0 + column).store(s0); (c1 + column).store(s1); (c2 + column).store(s2); (c3 + column).store(s3)
        column += 8
    }
    for column in column..<n {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        for i in 0..<k {
            let v = b[i * ldb + column]
            s0 += a0[i] * v; s1 += a1[i] * v; s2 += a2[i] * v; s3 += a3[i] * v
        }
        c0[column] = s0; c1[column] = s1; c2[column] = s2; c3[column] = s3
    }
}
