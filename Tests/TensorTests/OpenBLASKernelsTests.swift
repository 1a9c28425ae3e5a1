import Foundation
import Tensor
import Testing

/// On a CPU with AVX2 and FMA the engine's GEMMs run OpenBLAS's Haswell kernels, whatever
/// OpenBLAS picked for itself; that is what makes the notebooks' training outputs the same
/// on an AMD EPYC and on a Xeon that Debian's OpenBLAS does not know.
struct OpenBLASKernelsTests {
    /// The CPU's flags as the kernel reports them: a second opinion beside the engine's cpuid.
    private static func cpuFlags() -> Set<Substring> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: " "))
    }

    @Test func haswellKernelsWhereTheCPURunsThem() {
        let core = OpenBLASKernels.core  // chooses the kernels, as the first GEMM would
        let canRun = Self.cpuFlags().isSuperset(of: ["avx", "avx2", "fma"])
        switch ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] {
        case nil:
            #expect(!canRun, "the engine would have set OPENBLAS_CORETYPE when it chose Haswell")
            #expect(OpenBLASKernels.replaced == nil)
        case "Haswell"?:  // set by the engine, or by the user to the same choice
            #expect(canRun)
            #expect(core == "Haswell")
        case let chosen?:  // the user's own choice stays theirs
            #expect(OpenBLASKernels.replaced == nil, "OPENBLAS_CORETYPE=\(chosen) was replaced")
        }
    }
}
