/// 3x3 convolutions with stride 1 and padding 1 by Winograd's minimal filtering F(4x4, 3x3)
/// (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2016).
///
/// Each 4x4 output tile is Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A for its 6x6 input tile d: per tile and
/// channel pair, 36 multiplies instead of im2col's 144. Summed over input channels, the
/// elementwise product becomes 36 GEMMs, one per position ξ of the 6x6 transformed tile:
///
///     forward           M[ξ] = U[ξ] · V[ξ]          U = G g Gᵀ [out, in],  V = Bᵀ d B [in, tiles]
///     input gradient    the forward with g rotated 180° and in/out swapped
///     weight gradient   dU[ξ] += (A dY Aᵀ)[ξ] · V[ξ]ᵀ,  then dg = Gᵀ dU G
///
/// The weight gradient is the chain rule through the forward's own transforms, so it is the
/// exact gradient of what the forward computes. Tiles are processed in blocks of whole tile
/// rows ("strips", indexed n·tilesY + ty) small enough that a block's transformed tensors stay
/// in cache from the input transform through the GEMMs to the output transform.
struct WinogradConv {
    let images: Int, height: Int, width: Int
    let inChannels: Int, outChannels: Int
    let tilesY: Int, tilesX: Int

    /// The convolution this computes, or nil when its shape is not one Winograd serves or
    /// too few channels make the transforms cost more than the multiplies they save.
    init?(images: Int, inChannels: Int, outChannels: Int, groups: Int, _ g: ConvGeometry) {
        guard groups == 1, g.kh == 3, g.kw == 3, g.sh == 1, g.sw == 1, g.dh == 1, g.dw == 1,
              g.ph == 1, g.pw == 1, inChannels >= 8, outChannels >= 8 else { return nil }
        self.images = images
        height = g.height; width = g.width
        self.inChannels = inChannels; self.outChannels = outChannels
        tilesY = (height + 3) / 4; tilesX = (width + 3) / 4
    }

    /// y = conv(x, w), writing every element of y; x is [N, in, H, W], y is [N, out, H, W] and
    /// u is `transformedWeight` of w ([out, in, 3, 3]).
    /// With an `epilogue`, each output row gets its channel's bias and the activation while it
    /// is still in cache, instead of in passes of their own over the whole output.
    func forward(_ x: UnsafePointer<Float>, _ u: [Float], into y: UnsafeMutablePointer<Float>,
                 epilogue: OutputEpilogue? = nil) {
        u.withUnsafeBufferPointer {
            convolve(x, inChannels, $0.baseAddress!, into: y, outChannels, adding: false, epilogue: epilogue)
        }
    }

    /// U = G g Gᵀ for the forward: [36, out, in].
    func transformedWeight(_ w: Tensor) -> [Float] {
        w.data.withUnsafeBufferPointer { transformWeight($0.baseAddress!, rotated: false) }
    }

    /// dx += the input gradient for output gradient dy.
    func inputGradient(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        let u = transformWeight(w, rotated: true)
        u.withUnsafeBufferPointer { convolve(dy, outChannels, $0.baseAddress!, into: dx, inChannels, adding: true) }
    }

    /// dw += the weight gradient for input x and output gradient dy.
    func weightGradient(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, into dw: UnsafeMutablePointer<Float>) {
        let (cin, cout) = (inChannels, outChannels)
        let size = 36 * cout * cin
        let plan = schedule(channels: cin + cout)
        // One dU per part: parts run at once, and a wide schedule's GEMMs own disjoint ξ.
        let du = UnsafeMutablePointer<Float>.allocate(capacity: plan.parts * size)
        defer { du.deallocate() }
        du.initialize(repeating: 0, count: plan.parts * size)
        plan.run(v: cin, m: cout) { strips, v, g, part, split in
            let ld = strips.count * tilesX
            split(cin) { transformInput(x, cin, $0, strips, into: v, ld: ld) }
            split(cout) { transformGradient(dy, cout, $0, strips, into: g, ld: ld) }
            split(36) { positions in
                for xi in positions {
                    serialSgemm(transB: true, m: cout, n: cin, k: ld, a: g + xi * cout * ld, lda: ld,
                                b: v + xi * cin * ld, ldb: ld, beta: 1, c: du + part * size + xi * cout * cin, ldc: cin)
                }
            }
        }
        for part in 1..<plan.parts {
            let src = du + part * size
            Parallel.chunks(size) { range in for i in range { du[i] += src[i] } }
        }
        accumulateWeightGradient(du, into: dw)
    }

    // MARK: - Scheduling

    /// Up to this many channels on each side (the U-Net's two shallowest levels), the
    /// per-position products of the forward and of the input gradient use `smallSgemm`.
    /// Six alternating pairs of `pleura-bench fit` runs (128², batch 8) took 21.3 s of CPU
    /// (median) with it against 23.6 s with OpenBLAS throughout. Other limits were not
    /// measured beyond this VM's noise.
    private static let smallProductChannels = 32

    /// out (+)= conv of `input` ([N, cin, H, W]) with transformed weights u ([36, cout, cin]).
    private func convolve(_ input: UnsafePointer<Float>, _ cin: Int, _ u: UnsafePointer<Float>,
                          into out: UnsafeMutablePointer<Float>, _ cout: Int, adding: Bool,
                          epilogue: OutputEpilogue? = nil) {
        schedule(channels: cin + cout).run(v: cin, m: cout) { strips, v, m, _, split in
            let ld = strips.count * tilesX
            split(cin) { transformInput(input, cin, $0, strips, into: v, ld: ld) }
            split(36) { positions in
                for xi in positions {
                    if cin <= Self.smallProductChannels && cout <= Self.smallProductChannels {
                        smallSgemm(m: cout, n: ld, k: cin, a: u + xi * cout * cin, lda: cin,
                                   b: v + xi * cin * ld, ldb: ld, c: m + xi * cout * ld, ldc: ld)
                    } else {
                        serialSgemm(m: cout, n: ld, k: cin, a: u + xi * cout * cin, lda: cin,
                                    b: v + xi * cin * ld, ldb: ld, c: m + xi * cout * ld, ldc: ld)
                    }
                }
            }
            split(cout) { transformOutput(m, cout, $0, strips, ld: ld, into: out, adding: adding, epilogue: epilogue) }
        }
    }

    /// Blocks of about 1 MiB of transformed tensors ([36, channels, tiles]), but at least 64
    /// tiles so the GEMMs stay efficient. With enough blocks each thread takes a contiguous
    /// share and runs its blocks alone; with fewer (deep levels, small images) the blocks run
    /// one after another and each step inside a block is split over the threads.
    private func schedule(channels: Int) -> Schedule {
        let strips = images * tilesY, threads = Parallel.available
        let tilesPerBlock = max(64, (1 << 18) / (36 * channels))
        let perBlock = max(1, tilesPerBlock / tilesX)
        func chop(_ range: Range<Int>) -> [Range<Int>] {
            stride(from: range.lowerBound, to: range.upperBound, by: perBlock).map { $0..<min(range.upperBound, $0 + perBlock) }
        }
        let wide = threads == 1 || (strips + perBlock - 1) / perBlock < threads
        let shares = wide ? [chop(0..<strips)]
                          : (0..<threads).map { p in chop((p * strips / threads)..<((p + 1) * strips / threads)) }
        return Schedule(shares: shares, wide: wide, widest: min(strips, perBlock) * tilesX)
    }

    private struct Schedule {
        let shares: [[Range<Int>]]
        let wide: Bool
        let widest: Int
        var parts: Int { shares.count }

        /// Runs `body` on every block with that block's V and M buffers ([36, v or m, widest]),
        /// the part running it, and `split(n, work)`, which runs work over 0..<n: in one call
        /// inside a thread's own block, or in slices over the threads in a wide schedule.
        func run(v: Int, m: Int, _ body: (_ strips: Range<Int>, _ v: UnsafeMutablePointer<Float>,
                                         _ m: UnsafeMutablePointer<Float>, _ part: Int,
                                         _ split: (Int, (Range<Int>) -> Void) -> Void) -> Void) {
            Parallel.forEach(parts) { part in
                // A vector of slack past the end: the last partial run of tiles loads whole vectors.
                let vb = UnsafeMutablePointer<Float>.allocate(capacity: 36 * v * widest + Lane.scalarCount)
                let mb = UnsafeMutablePointer<Float>.allocate(capacity: 36 * m * widest + Lane.scalarCount)
                defer { vb.deallocate(); mb.deallocate() }
                (vb + 36 * v * widest).initialize(repeating: 0, count: Lane.scalarCount)
                (mb + 36 * m * widest).initialize(repeating: 0, count: Lane.scalarCount)
                for strips in shares[part] {
                    body(strips, vb, mb, part) { n, work in
                        if wide { Parallel.chunks(n, minChunk: 1, work) } else { work(0..<n) }
                    }
                }
            }
        }
    }

    // MARK: - Transforms
    //
    // A strip's rows are first split into four phase rows (x ≡ 0, 1, 2, 3 mod 4), so that the
    // value at offset c of every tile b is one contiguous run over b: phase c mod 4, shifted by
    // c / 4. Both passes of each separable transform then run on whole vectors of tiles.

    /// Floats per phase row: one past the tiles (the 6x6 windows overlap the next tile),
    /// rounded up to whole vectors so every load stays inside the row.
    private var phaseStride: Int { (tilesX + 1 + Lane.scalarCount - 1) / Lane.scalarCount * Lane.scalarCount }

    /// V[ξ, c, b] = (Bᵀ d B)[ξ] for the tiles b of `strips` and channels c: 6x6 windows from
    /// (4ty - 1, 4tx - 1), zero outside the image.
    private func transformInput(_ x: UnsafePointer<Float>, _ channels: Int, _ range: Range<Int>, _ strips: Range<Int>,
                                into v: UnsafeMutablePointer<Float>, ld: Int) {
        transformTiles(x, channels, range, strips, into: v, ld: ld, taps: 6, shift: 1) { d in
            bTransposed(d(0), d(1), d(2), d(3), d(4), d(5))
        }
    }

    /// G[ξ, c, b] = (A dY Aᵀ)[ξ]: the gradient that reaches U ⊙ V from each 4x4 tile of the
    /// output gradient, with rows and columns past the image taken as zero.
    private func transformGradient(_ dy: UnsafePointer<Float>, _ channels: Int, _ range: Range<Int>, _ strips: Range<Int>,
                                   into g: UnsafeMutablePointer<Float>, ld: Int) {
        transformTiles(dy, channels, range, strips, into: g, ld: ld, taps: 4, shift: 0) { d in
            a(d(0), d(1), d(2), d(3))
        }
    }

    /// The separable 2-D transform of every `taps`x`taps` window at (4ty - shift, 4tx - shift):
    /// `transform` (taps values → 6) down the columns of a strip's phase rows, then along the
    /// rows, stored at ξ = 6i + j of `out` ([36, channels, ld]).
    @inline(__always)
    private func transformTiles(_ source: UnsafePointer<Float>, _ channels: Int, _ range: Range<Int>, _ strips: Range<Int>,
                                into out: UnsafeMutablePointer<Float>, ld: Int, taps: Int, shift: Int,
                                _ transform: (_ tap: (Int) -> Lane) -> (Lane, Lane, Lane, Lane, Lane, Lane)) {
        let p = phaseStride, row = 4 * p
        // The split rows live in a ring of eight, image row y in slot (y + 8) mod 8, each slot
        // remembering which plane's row it holds: consecutive strips' 6-row windows overlap by
        // two rows, which are then split once instead of twice.
        withScratch((8 + 6) * row) { q in
            let t = q + 8 * row
            var held = InlineArray<8, Int>(repeating: -1)
            for c in range {
                for strip in strips {
                    let (n, ty) = strip.quotientAndRemainder(dividingBy: tilesY)
                    let plane = source + (n * channels + c) * height * width
                    let top = 4 * ty - shift, planeKey = (n * channels + c) * (height + 8)
                    for y in top..<(top + taps) {
                        let slot = (y + 8) & 7, key = planeKey + y + 1
                        guard held[slot] != key else { continue }
                        held[slot] = key
                        if y >= 0 && y < height {
                            splitPhases(plane + y * width, shift: shift, into: q + slot * row, p)
                        } else {
                            (q + slot * row).update(repeating: 0, count: row)
                        }
                    }
                    for k in stride(from: 0, to: row, by: Lane.scalarCount) {
                        let e = transform { q.lane(((top &+ $0 &+ 8) & 7) &* row &+ k) }
                        (t + k).store(e.0); (t + row + k).store(e.1); (t + 2 * row + k).store(e.2)
                        (t + 3 * row + k).store(e.3); (t + 4 * row + k).store(e.4); (t + 5 * row + k).store(e.5)
                    }
                    // Tap c of tile b sits in phase c mod 4, c / 4 tiles on.
                    let b0 = (strip - strips.lowerBound) * tilesX, step = channels * ld
                    for i in 0..<6 {
                        let s = t + i * row
                        for b in stride(from: 0, to: tilesX, by: Lane.scalarCount) {
                            let e = transform { s.lane(($0 & 3) * p + b + ($0 >> 2)) }
                            let dst = out + (6 * i * channels + c) * ld + b0 + b, count = min(Lane.scalarCount, tilesX - b)
                            dst.store(e.0, count); (dst + step).store(e.1, count); (dst + 2 * step).store(e.2, count)
                            (dst + 3 * step).store(e.3, count); (dst + 4 * step).store(e.4, count); (dst + 5 * step).store(e.5, count)
                        }
                    }
                }
            }
        }
    }

    /// out[tile] (+)= Aᵀ M A for the channels in `range`, clipped to the image.
    private func transformOutput(_ m: UnsafePointer<Float>, _ channels: Int, _ range: Range<Int>, _ strips: Range<Int>,
                                 ld: Int, into out: UnsafeMutablePointer<Float>, adding: Bool,
                                 epilogue: OutputEpilogue?) {
        let p = phaseStride, row = 4 * p
        withScratch(10 * row) { r in
            let o = r + 6 * row
            for c in range {
                for strip in strips {
                    let (n, ty) = strip.quotientAndRemainder(dividingBy: tilesY)
                    // Along the rows, 6 columns → 4, into phase rows: M A.
                    let b0 = (strip - strips.lowerBound) * tilesX, step = channels * ld
                    for i in 0..<6 {
                        let dst = r + i * row
                        for b in stride(from: 0, to: tilesX, by: Lane.scalarCount) {
                            let src = m + (6 * i * channels + c) * ld + b0 + b
                            let e = aTransposed(src.lane(0), src.lane(step), src.lane(2 * step),
                                                src.lane(3 * step), src.lane(4 * step), src.lane(5 * step))
                            (dst + b).store(e.0); (dst + p + b).store(e.1); (dst + 2 * p + b).store(e.2); (dst + 3 * p + b).store(e.3)
                        }
                    }
                    // Down the columns, 6 rows → 4: Aᵀ (M A).
                    for k in stride(from: 0, to: row, by: Lane.scalarCount) {
                        let e = aTransposed(r.lane(k), r.lane(row + k), r.lane(2 * row + k),
                                            r.lane(3 * row + k), r.lane(4 * row + k), r.lane(5 * row + k))
                        (o + k).store(e.0); (o + row + k).store(e.1); (o + 2 * row + k).store(e.2); (o + 3 * row + k).store(e.3)
                    }
                    let plane = out + (n * channels + c) * height * width
                    for ii in 0..<min(4, height - 4 * ty) {
                        let dst = plane + (4 * ty + ii) * width
                        mergePhases(o + ii * row, p, into: dst, adding: adding)
                        epilogue?.apply(dst, count: width, channel: c)
                    }
                }
            }
        }
    }

    /// U[ξ, o, i] = (G g Gᵀ)[ξ] for the forward, or for g rotated 180° with in and out swapped
    /// (the input gradient's convolution). Vectorized over runs of U's columns.
    private func transformWeight(_ w: UnsafePointer<Float>, rotated: Bool) -> [Float] {
        let (cin, cout) = (inChannels, outChannels)
        let pairs = cin * cout, columns = rotated ? cout : cin
        return [Float](unsafeUninitializedCapacity: 36 * pairs) { u, initialized in
            defer { initialized = 36 * pairs }    // every chunk below writes all 36 of its rows
            let u = u.baseAddress!
            forEachPairVector(scratch: 9 + 18) { first, count, scratch in
                let taps = scratch, t = taps + 9      // t: G g, [6][3]
                for tap in 0..<9 { taps[tap] = Lane() }
                for lane in 0..<count {
                    let (row, column) = (first + lane).quotientAndRemainder(dividingBy: columns)
                    let k = w + (rotated ? column * cin + row : first + lane) * 9
                    for tap in 0..<9 { taps[tap][lane] = k[rotated ? 8 - tap : tap] }
                }
                // G down the kernel's columns, then G along the rows of the 6x3 result.
                for b in 0..<3 {
                    let e = gForward(taps[b], taps[3 + b], taps[6 + b])
                    t[b] = e.0; t[3 + b] = e.1; t[6 + b] = e.2; t[9 + b] = e.3; t[12 + b] = e.4; t[15 + b] = e.5
                }
                for i in 0..<6 {
                    let e = gForward(t[3 * i], t[3 * i + 1], t[3 * i + 2]), dst = u + 6 * i * pairs + first
                    dst.store(e.0, count); (dst + pairs).store(e.1, count); (dst + 2 * pairs).store(e.2, count)
                    (dst + 3 * pairs).store(e.3, count); (dst + 4 * pairs).store(e.4, count); (dst + 5 * pairs).store(e.5, count)
                }
            }
        }
    }

    /// dw += Gᵀ dU G for every (out, in) pair; dU is [36, out, in].
    private func accumulateWeightGradient(_ du: UnsafePointer<Float>, into dw: UnsafeMutablePointer<Float>) {
        let pairs = inChannels * outChannels
        forEachPairVector(scratch: 18) { first, count, t in     // t: Gᵀ dU, [3][6]
            // Gᵀ down each of the six columns j, then Gᵀ along the three rows.
            for j in 0..<6 {
                let s = du + j * pairs + first
                let e = gTransposed(s.lane(0, count), s.lane(6 * pairs, count), s.lane(12 * pairs, count),
                                    s.lane(18 * pairs, count), s.lane(24 * pairs, count), s.lane(30 * pairs, count))
                t[j] = e.0; t[6 + j] = e.1; t[12 + j] = e.2
            }
            for ky in 0..<3 {
                let r = t + 6 * ky
                let e = gTransposed(r[0], r[1], r[2], r[3], r[4], r[5])
                for lane in 0..<count {
                    let k = dw + (first + lane) * 9 + 3 * ky
                    k[0] += e.0[lane]; k[1] += e.1[lane]; k[2] += e.2[lane]
                }
            }
        }
    }

    /// Runs `body(first, count, scratch)` over the (out, in) kernel pairs a vector at a time
    /// (`count` is below the vector width only for the last run), spread over the threads,
    /// with `scratch` vectors of per-thread working space.
    private func forEachPairVector(scratch: Int, _ body: (Int, Int, UnsafeMutablePointer<Lane>) -> Void) {
        let pairs = inChannels * outChannels
        Parallel.chunks((pairs + Lane.scalarCount - 1) / Lane.scalarCount, minChunk: 64) { range in
            withUnsafeTemporaryAllocation(of: Lane.self, capacity: scratch) { buffer in
                for chunk in range {
                    let first = chunk * Lane.scalarCount
                    body(first, min(Lane.scalarCount, pairs - first), buffer.baseAddress!)
                }
            }
        }
    }

    /// q[ph·p + b] = row[4b + ph - shift] inside the row, 0 outside it: an image row split
    /// into its four phases, from x = -shift on, for b up to tilesX (the last tile's window
    /// reaches into the next). Past that the phase row is only rounding to whole vectors: it
    /// feeds lanes that are never stored, so it is left as it is.
    private func splitPhases(_ row: UnsafePointer<Float>, shift: Int, into q: UnsafeMutablePointer<Float>, _ p: Int) {
        let inside = ((shift + 3) / 4)..<max((shift + 3) / 4, (width + shift) / 4)
        func straddling(_ b: Int) {
            for ph in 0..<4 {
                let x = 4 * b + ph - shift
                q[ph * p + b] = x >= 0 && x < width ? row[x] : 0
            }
        }
        for b in 0..<inside.lowerBound { straddling(b) }
        for b in inside.upperBound..<max(inside.upperBound, tilesX + 1) { straddling(b) }
        // Eight tiles at a time: 32 consecutive pixels dealt into the four phases by shuffles.
        // The last eight end at the last inside tile, overlapping the run before them.
        func dealEight(from b: Int) {
            let phases = deal(row + (4 &* b &- shift))
            (q + b).store(phases.0); (q + (p &+ b)).store(phases.1)
            (q + (2 &* p &+ b)).store(phases.2); (q + (3 &* p &+ b)).store(phases.3)
        }
        guard inside.count >= Lane.scalarCount else {
            for b in inside {
                let src = row + (4 &* b &- shift)
                q[b] = src[0]; q[p &+ b] = src[1]; q[2 &* p &+ b] = src[2]; q[3 &* p &+ b] = src[3]
            }
            return
        }
        for b in stride(from: inside.lowerBound, to: inside.upperBound - Lane.scalarCount, by: Lane.scalarCount) {
            dealEight(from: b)
        }
        dealEight(from: inside.upperBound - Lane.scalarCount)
    }

    /// row[4b + ph] (+)= q[ph·p + b] for x = 4b + ph inside the row: the inverse of `splitPhases`.
    private func mergePhases(_ q: UnsafePointer<Float>, _ p: Int, into row: UnsafeMutablePointer<Float>, adding: Bool) {
        let whole = width / 4
        var b = 0
        while b + Lane.scalarCount <= whole {
            let pixels = gather(q.lane(b), q.lane(p &+ b), q.lane(2 &* p &+ b), q.lane(3 &* p &+ b))
            let dst = row + 4 &* b
            func put(_ k: Int, _ run: Lane) {
                let at = dst + k &* Lane.scalarCount
                at.store(adding ? at.lane(0) + run : run)
            }
            put(0, pixels.0); put(1, pixels.1); put(2, pixels.2); put(3, pixels.3)
            b += Lane.scalarCount
        }
        for b in b..<whole {
            let dst = row + 4 &* b
            if adding {
                dst[0] += q[b]; dst[1] += q[p &+ b]; dst[2] += q[2 &* p &+ b]; dst[3] += q[3 &* p &+ b]
            } else {
                dst[0] = q[b]; dst[1] = q[p &+ b]; dst[2] = q[2 &* p &+ b]; dst[3] = q[3 &* p &+ b]
            }
        }
        for x in (4 * whole)..<width {
            let value = q[(x % 4) * p + x / 4]
            row[x] = adding ? row[x] + value : value
        }
    }

    /// Runs `body` with a zeroed buffer of `floats` plus a vector of slack.
    private func withScratch(_ floats: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: floats + Lane.scalarCount)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: 0, count: floats + Lane.scalarCount)
        body(buffer)
    }
}

// MARK: - Vectors of tiles

// Eight tiles at a time (`Lane`, Lanes.swift), with the partial runs at the ends of rows.

private extension UnsafeMutablePointer<Float> {
    /// Stores the first `count` lanes only: the rest of the vector would run into other rows.
    @inline(__always) func store(_ v: Lane, _ count: Int) {
        if count == Lane.scalarCount { store(v) } else { for i in 0..<count { self[i] = v[i] } }
    }
}

private extension UnsafePointer<Float> {
    /// Loads `count` lanes and zeros the rest: for the last, partial run of a row.
    @inline(__always) func lane(_ offset: Int, _ count: Int) -> Lane {
        if count == Lane.scalarCount { return lane(offset) }
        var v = Lane()
        for i in 0..<count { v[i] = self[offset + i] }
        return v
    }
}

/// 32 consecutive pixels: the four phases of eight tiles.
private typealias Run = SIMD32<Float>

/// The four phases of the eight tiles in the 32 pixels from `pixels` on: (x ≡ 0, 1, 2, 3 mod 4).
/// Even and odd halves twice: LLVM turns them into vector permutes.
@inline(__always)
private func deal(_ pixels: UnsafePointer<Float>) -> (Lane, Lane, Lane, Lane) {
    let run = UnsafeRawPointer(pixels).loadUnaligned(as: Run.self)
    let even = run.evenHalf, odd = run.oddHalf
    return (even.evenHalf, odd.evenHalf, even.oddHalf, odd.oddHalf)
}

/// The inverse of `deal`: eight tiles' four phases back into 32 consecutive pixels (as four
/// vectors of eight), by zipping twice, the inverse of taking even and odd halves twice. LLVM
/// turns the zips into vector unpacks and blends.
@inline(__always)
private func gather(_ p0: Lane, _ p1: Lane, _ p2: Lane, _ p3: Lane) -> (Lane, Lane, Lane, Lane) {
    let even = zip(p0, p2), odd = zip(p1, p3)
    let low = zip(even.lowHalf, odd.lowHalf), high = zip(even.highHalf, odd.highHalf)
    return (low.lowHalf, low.highHalf, high.lowHalf, high.highHalf)
}

/// (x0, y0, x1, y1, …, x7, y7).
@inline(__always)
private func zip(_ x: Lane, _ y: Lane) -> SIMD16<Float> {
    SIMD16(x[0], y[0], x[1], y[1], x[2], y[2], x[3], y[3], x[4], y[4], x[5], y[5], x[6], y[6], x[7], y[7])
}

// MARK: - The F(4x4, 3x3) matrices, one row of each product written out

/// Bᵀ d for a column d of six input values.
@inline(__always)
private func bTransposed(_ d0: Lane, _ d1: Lane, _ d2: Lane, _ d3: Lane, _ d4: Lane, _ d5: Lane)
    -> (Lane, Lane, Lane, Lane, Lane, Lane) {
    (4 * d0 - 5 * d2 + d4,
     d3 + d4 - 4 * (d1 + d2),
     4 * (d1 - d2) - d3 + d4,
     2 * (d3 - d1) - d2 + d4,
     2 * (d1 - d3) - d2 + d4,
     4 * d1 - 5 * d3 + d5)
}

/// Aᵀ m for a column m of six products: four outputs.
@inline(__always)
private func aTransposed(_ m0: Lane, _ m1: Lane, _ m2: Lane, _ m3: Lane, _ m4: Lane, _ m5: Lane)
    -> (Lane, Lane, Lane, Lane) {
    let p12 = m1 + m2, m12 = m1 - m2, p34 = m3 + m4, m34 = m3 - m4
    return (m0 + p12 + p34, m12 + 2 * m34, p12 + 4 * p34, m12 + 8 * m34 + m5)
}

/// A d for a column d of four output-gradient values: six.
@inline(__always)
private func a(_ d0: Lane, _ d1: Lane, _ d2: Lane, _ d3: Lane) -> (Lane, Lane, Lane, Lane, Lane, Lane) {
    let p02 = d0 + d2, p13 = d1 + d3, q02 = d0 + 4 * d2, q13 = 2 * d1 + 8 * d3
    return (d0, p02 + p13, p02 - p13, q02 + q13, q02 - q13, d3)
}

/// G g for a column g of three kernel taps.
@inline(__always)
private func gForward(_ g0: Lane, _ g1: Lane, _ g2: Lane) -> (Lane, Lane, Lane, Lane, Lane, Lane) {
    let p02 = g0 + g2, q02 = g0 * (1 / 24) + g2 * (1 / 6)
    return (g0 * 0.25, (p02 + g1) * (-1 / 6), (p02 - g1) * (-1 / 6), q02 + g1 * (1 / 12), q02 - g1 * (1 / 12), g2)
}

/// Gᵀ u for a column u of six transformed-weight gradients: three.
@inline(__always)
private func gTransposed(_ u0: Lane, _ u1: Lane, _ u2: Lane, _ u3: Lane, _ u4: Lane, _ u5: Lane)
    -> (Lane, Lane, Lane) {
    let p12 = u1 + u2, p34 = u3 + u4
    return (u0 * 0.25 - p12 * (1 / 6) + p34 * (1 / 24),
            (u2 - u1) * (1 / 6) + (u3 - u4) * (1 / 12),
            (p34 - p12) * (1 / 6) + u5)
}
