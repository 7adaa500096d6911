#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// OpenBLAS picks its kernels from a table of CPU models when it loads. On models newer than
/// its table (seen here: a bare "Intel Xeon Processor" with AVX-512) it falls back to pre-AVX
/// "Prescott" kernels, and dgemm runs about 5× slower (31 against 152 GFLOP/s at 2000×2000).
/// The choice can only be changed before the library loads, through OPENBLAS_CORETYPE, so
/// `trialstats` restarts itself once with it set. A user's own OPENBLAS_CORETYPE is never
/// overridden, and TRIALSTATS_KEEP_BLAS_KERNELS=1 turns this off.
enum BLASKernelSelection {
    static let fallbackVariable = "TRIALSTATS_OPENBLAS_FALLBACK"

    static func restartWithBetterKernelsIfNeeded() {
        guard getenv("OPENBLAS_CORETYPE") == nil, getenv("TRIALSTATS_KEEP_BLAS_KERNELS") == nil,
              getenv(fallbackVariable) == nil else { return }
        let information = LinearAlgebraLibraryInformation.current()
        guard let coreType = information.suggestedCoreType else { return }
        setenv("OPENBLAS_CORETYPE", coreType, 1)
        setenv(fallbackVariable, information.blasCoreName, 1)
        // Only returns on failure; then carry on with the kernels OpenBLAS chose.
        _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(fallbackVariable)
    }

    /// The kernels OpenBLAS first chose, when `trialstats` replaced them.
    static var replacedKernels: String? {
        getenv(fallbackVariable).map { String(cString: $0) }
    }
}
