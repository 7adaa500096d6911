import _CLapack

/// What BLAS and LAPACK this process uses, for `trialstats doctor` and benchmark headers.
public struct LinearAlgebraLibraryInformation: Codable, Sendable, Equatable {
    /// OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64".
    public var blasConfiguration: String
    /// The CPU kernel family OpenBLAS picked at run time.
    public var blasCoreName: String
    public var blasThreads: Int
    public var processors: Int
    /// The version of the LAPACK library behind LAPACKE, from `ilaver`.
    public var lapackVersion: String

    public static func current() -> LinearAlgebraLibraryInformation {
        var major: LapackInteger = 0, minor: LapackInteger = 0, patch: LapackInteger = 0
        ilaver_(&major, &minor, &patch)
        return LinearAlgebraLibraryInformation(
            blasConfiguration: openblas_get_config().map { String(cString: $0) } ?? "unknown",
            blasCoreName: openblas_get_corename().map { String(cString: $0) } ?? "unknown",
            blasThreads: Int(openblas_get_num_threads()),
            processors: Int(openblas_get_num_procs()),
            lapackVersion: "\(major).\(minor).\(patch)")
    }

    /// Sets the number of BLAS threads. Callers that parallelise above BLAS should set 1,
    /// or the two levels fight over the cores.
    public static func setBLASThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
