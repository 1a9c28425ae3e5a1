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
        // The engine sets OPENBLAS_CORETYPE=Haswell when it switches; any other value is the
        // user's own choice, which stays theirs.
        if let chosen = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], chosen != "Haswell" {
            #expect(OpenBLASKernels.replaced == nil, "OPENBLAS_CORETYPE=\(chosen) was replaced")
        } else if canRun {
            #expect(core == "Haswell")
        } else {
            #expect(OpenBLASKernels.replaced == nil)
        }
    }
}
