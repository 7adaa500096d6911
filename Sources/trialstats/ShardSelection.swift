import ArgumentParser
import TrialSimulation

/// Which share of the work this process runs (K of N): from --shard K/N, else from the batch
/// system's environment: a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT,
/// SLURM_ARRAY_TASK_MIN), or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, 0-based, with
/// --shards N); nil for the whole. `trialstats power` and `trialstats run` read it alike.
enum ShardSelection {
    static func shard(flag: String?, shards: Int?, environment: [String: String]) throws -> PowerSimulation.Shard? {
        if let flag {
            let parts = flag.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, k >= 1, k <= n else {
                throw ValidationError("--shard \(flag): expected K/N with 1 ≤ K ≤ N, e.g. 2/4")
            }
            return .init(index: k, count: n)
        }
        if let shards {
            guard shards >= 1 else { throw ValidationError("--shards \(shards): expected a whole number from 1") }
            guard let text = environment["JOB_COMPLETION_INDEX"], let index = Int(text), index >= 0, index < shards else {
                throw ValidationError("--shards \(shards) takes the shard from JOB_COMPLETION_INDEX (0 to \(shards - 1)), which is "
                                      + (environment["JOB_COMPLETION_INDEX"].map { "\($0)" } ?? "not set"))
            }
            return .init(index: index + 1, count: shards)
        }
        if let text = environment["SLURM_ARRAY_TASK_ID"] {
            guard let id = Int(text), let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap({ Int($0) }), count >= 1 else {
                throw ValidationError("SLURM_ARRAY_TASK_ID is \(text) but SLURM_ARRAY_TASK_COUNT is "
                                      + (environment["SLURM_ARRAY_TASK_COUNT"] ?? "not set") + "; give --shard K/N")
            }
            let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            let index = id - minimum + 1
            guard index >= 1, index <= count else {
                throw ValidationError("the Slurm array task \(id) (from \(minimum), \(count) tasks) is not one of \(count) shards; "
                                      + "use a contiguous array such as --array=0-\(count - 1)")
            }
            return .init(index: index, count: count)
        }
        return nil
    }
}
