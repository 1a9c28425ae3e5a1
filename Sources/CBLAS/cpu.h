// What the CPU can run, for choosing OpenBLAS's kernels (Tensor/OpenBLASKernels.swift).
#if defined(__x86_64__)
#include <cpuid.h>
#endif

/// 1 when OpenBLAS's Haswell kernels can run here: an x86-64 CPU with AVX, AVX2 and FMA,
/// whose operating system saves the YMM registers (XCR0 bits 1 and 2); 0 otherwise.
static inline int pleura_cpu_runs_haswell_kernels(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (fma | osxsave | avx)) != (fma | osxsave | avx)) return 0;
    unsigned xcr0, high;
    __asm__ volatile("xgetbv" : "=a"(xcr0), "=d"(high) : "c"(0));
    if ((xcr0 & 6u) != 6u) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 5)) != 0;
#else
    return 0;
#endif
}
