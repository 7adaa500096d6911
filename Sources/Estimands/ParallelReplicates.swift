import LinearAlgebra
import Dispatch

/// Replicates (jackknife, bootstrap samples, imputations) run on all cores, each computed alone
/// and stored at its own index, so that no result depends on how many run at once.
enum ParallelReplicates {
    /// `body(i)` for i in `indices`, in parallel, each outcome at its position.
    static func map<T: Sendable>(_ indices: Range<Int>,
                                 _ body: @Sendable (Int) throws(EstimandError) -> T) -> [Result<T, EstimandError>] {
        var outcomes = [Result<T, EstimandError>?](repeating: nil, count: indices.count)
        outcomes.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shared = buffer
            DispatchQueue.concurrentPerform(iterations: indices.count) { offset in
                do throws(EstimandError) {
                    shared[offset] = .success(try body(indices.lowerBound + offset))
                } catch {
                    shared[offset] = .failure(error)
                }
            }
        }
        return outcomes.map { $0! }
    }

    /// Runs `body` with BLAS on one thread (`SingleThreadedBLAS`): replicates share the cores, or
    /// the two levels fight over them; the whole data's fit too, so that no number depends on the core count.
    static func withSingleThreadedBLAS<T>(_ body: () throws(EstimandError) -> T) throws(EstimandError) -> T {
        try SingleThreadedBLAS.run(body)
    }
}
