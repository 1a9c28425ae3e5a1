import CBLAS
#if canImport(Glibc)
import CMalloc
#endif

/// Process-wide settings the engine's kernels rely on, applied once, before the first
/// parallel kernel runs.
enum Runtime {
    static let configured: Void = {
        // The engine splits GEMMs over its own threads (BLAS.swift); a second pool of
        // OpenBLAS threads would spin in sched_yield beside them.
        openblas_set_num_threads(1)
        // Kernels that run this CPU at its vector width, and round as on other machines.
        _ = OpenBLASKernels.replaced
        #if canImport(Glibc)
        // A training step allocates and frees dozens of 16-32 MiB activations. glibc serves
        // such sizes with fresh mmap'd pages and unmaps them on free, so every op would pay a
        // page fault and a kernel zeroing per 4 KiB (a third of U-Net inference time). Kept
        // in the heap, freed blocks are reused warm by the next op; peak memory is unchanged.
        mallopt(M_MMAP_MAX, 0)
        mallopt(M_TRIM_THRESHOLD, Int32.max)
        #endif
    }()
}
