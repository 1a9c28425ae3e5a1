import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Which of OpenBLAS's kernel sets the engine's GEMMs run on.
///
/// A DYNAMIC_ARCH OpenBLAS (Debian's) picks its kernels from the CPU's model number when it
/// loads. It knows only the models of its release: Debian 12's 0.3.21 takes a 5th-generation
/// Xeon (family 6, model 207) for an unknown CPU and falls back to its Prescott kernels, SSE3
/// without FMA. The deep levels' GEMMs then ran at half speed or less (`pleura-bench convs`).
///
/// So on every x86-64 CPU that can run them, the engine asks for the Haswell kernels (AVX2
/// and FMA). This also makes training reproducible across machines: which kernel sums a
/// product decides its rounding, and the Haswell kernels on a Xeon give the same bits as
/// OpenBLAS's Zen kernels on an AMD EPYC, where the notebooks' outputs were first written.
/// OpenBLAS's AVX-512 kernels ("SkylakeX") are faster still on the CPUs that have them, but
/// they round differently; a user who wants them sets `OPENBLAS_CORETYPE=SkylakeX`, which
/// the engine never overrides.
public enum OpenBLASKernels {
    /// The kernel set in use, as OpenBLAS names it ("Haswell", "Zen", "Prescott", ...).
    public static var core: String {
        Runtime.configured
        return current()
    }

    /// The kernel set OpenBLAS had picked by itself, when the engine replaced it; nil when it
    /// kept it. Evaluated once, before the first GEMM (`Runtime`).
    public static let replaced: String? = pinHaswell()

    /// Switches OpenBLAS to its Haswell kernels, unless the user chose a kernel set, the CPU
    /// cannot run them, or this OpenBLAS cannot switch (it was built for one CPU).
    private static func pinHaswell() -> String? {
        let wanted = "Haswell"
        guard getenv("OPENBLAS_CORETYPE") == nil, pleura_cpu_runs_haswell_kernels() != 0 else { return nil }
        let before = current()
        guard before != wanted,
              let quit = dlsym(nil, "gotoblas_dynamic_quit"), let initialize = dlsym(nil, "gotoblas_dynamic_init")
        else { return nil }
        typealias Entry = @convention(c) () -> Void
        // gotoblas_dynamic_init reads OPENBLAS_CORETYPE, and only when no kernel set is chosen.
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        unsafeBitCast(quit, to: Entry.self)()
        unsafeBitCast(initialize, to: Entry.self)()
        return before
    }

    private static func current() -> String { String(cString: openblas_get_corename()) }
}
