#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    /// The OpenBLAS core type this CPU could use when OpenBLAS fell back to a pre-AVX kernel
    /// (it does so on CPU models newer than its tables, e.g. a bare "Intel Xeon Processor"
    /// under virtualization): set `OPENBLAS_CORETYPE` to it before the process starts. Nil
    /// when the chosen kernels already fit the CPU.
    public var suggestedCoreType: String?

    public static func current() -> LinearAlgebraLibraryInformation {
        var major: LapackInteger = 0, minor: LapackInteger = 0, patch: LapackInteger = 0
        ilaver_(&major, &minor, &patch)
        let coreName = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        return LinearAlgebraLibraryInformation(
            blasConfiguration: openblas_get_config().map { String(cString: $0) } ?? "unknown",
            blasCoreName: coreName,
            blasThreads: Int(openblas_get_num_threads()),
            processors: Int(openblas_get_num_procs()),
            lapackVersion: "\(major).\(minor).\(patch)",
            suggestedCoreType: suggestedCoreType(current: coreName, cpuFlags: cpuFlags()))
    }

    /// Kernels OpenBLAS picks for CPUs without AVX; on an AVX2 or AVX-512 CPU they run dgemm
    /// several times slower than the CPU allows.
    static let preAVXCores: Set<String> = ["prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine", "northwood", "banias", "generic"]

    static func suggestedCoreType(current: String, cpuFlags: Set<String>) -> String? {
        guard preAVXCores.contains(current.lowercased()) else { return nil }
        if cpuFlags.contains("avx512f") {
            return cpuFlags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
        }
        if cpuFlags.contains("avx2") && cpuFlags.contains("fma") { return "Haswell" }
        if cpuFlags.contains("avx") { return "SandyBridge" }
        return nil
    }

    /// The CPU feature flags the kernel reports (Linux); empty elsewhere.
    static func cpuFlags() -> Set<String> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line)
            if text.hasPrefix("flags") {
                let flags = text.split(separator: ":", maxSplits: 1).last ?? ""
                return Set(flags.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
            }
        }
        return []
    }

    /// Sets the number of BLAS threads. Callers that parallelise above BLAS should set 1,
    /// or the two levels fight over the cores.
    public static func setBLASThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
