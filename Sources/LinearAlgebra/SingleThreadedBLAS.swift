import Synchronization

/// BLAS on one thread for as long as any caller that parallelises above it is running. The
/// thread count is process-wide, so overlapping callers (replicates of two analyses at once, tests
/// run side by side) share one count of holders: the first sets 1 and the last puts back what was
/// there, so no caller's replicates run on threaded BLAS halfway through.
public enum SingleThreadedBLAS {
    private static let holders = Mutex<(count: Int, saved: Int)>((0, 1))

    public static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        holders.withLock { state in
            if state.count == 0 {
                state.saved = LinearAlgebraLibraryInformation.current().blasThreads
                LinearAlgebraLibraryInformation.setBLASThreads(1)
            }
            state.count += 1
        }
        defer {
            holders.withLock { state in
                state.count -= 1
                if state.count == 0 { LinearAlgebraLibraryInformation.setBLASThreads(state.saved) }
            }
        }
        return try body()
    }
}
