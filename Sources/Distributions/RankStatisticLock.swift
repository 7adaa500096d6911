import Synchronization
import _CRmath

/// Rmath's Wilcoxon and signed-rank functions keep their counting tables in static memory,
/// reallocated when the sample sizes change. Two threads calling them at once would corrupt
/// each other's tables, so every call goes through this lock.
let rankStatisticLock = Mutex<Void>(())

/// Frees Rmath's cached counting tables for the rank-sum and signed-rank distributions.
/// Long-running processes that evaluated large exact distributions can call this.
public func releaseRankStatisticTables() {
    rankStatisticLock.withLock { _ in
        wilcox_free()
        signrank_free()
    }
}
