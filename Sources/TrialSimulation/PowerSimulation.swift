import Dispatch
import Distributions
import LinearAlgebra
import TrialData

/// A design's replicates: each simulated from its own stream (`ReplicateStream`) and analysed as
/// planned, in parallel over the cores with BLAS on one thread per worker. A shard (k of N) runs
/// the replicates whose index is k − 1 modulo N, so N shards together run exactly the whole.
public struct PowerSimulation: Sendable {
    public let design: TrialDesign
    let generator: TrialGenerator

    public init(_ design: TrialDesign) throws {
        self.design = design
        generator = try TrialGenerator(design)
    }

    /// Shard k (1-based) of N.
    public struct Shard: Sendable, Equatable, Codable {
        public var index: Int
        public var count: Int
        public static let whole = Shard(index: 1, count: 1)
        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }
        public func owns(_ replicate: Int) -> Bool { replicate % count == index - 1 }
    }

    /// Replicate r at per-arm size n.
    public func replicate(sampleSize n: Int, index r: Int) -> ReplicateOutcome {
        var stream = ReplicateStream.generator(seed: design.seed, sampleSize: n, replicate: r)
        let table = generator.trial(sampleSize: n, using: &stream)
        return AnalysisRunner(design: design).outcome(table, sampleSize: n, replicate: r)
    }

    /// The shard's replicates of every sample size, ordered by sample size (the design's order)
    /// and replicate.
    /// `workers`: how many replicates run at once (the cores the job was given; nil: all there are).
    /// Each worker takes every workers-th replicate; which worker runs one changes nothing in it.
    public func run(shard: Shard = .whole, workers: Int? = nil) -> [ReplicateOutcome] {
        let jobs = design.sampleSizes.flatMap { n in (0..<design.replicates).filter(shard.owns).map { (n, $0) } }
        return SingleThreadedBLAS.run { () -> [ReplicateOutcome] in
            var outcomes = [ReplicateOutcome?](repeating: nil, count: jobs.count)
            outcomes.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let shared = buffer
                if let workers {
                    let count = max(1, min(workers, jobs.count))
                    DispatchQueue.concurrentPerform(iterations: count) { worker in
                        for index in stride(from: worker, to: jobs.count, by: count) {
                            shared[index] = replicate(sampleSize: jobs[index].0, index: jobs[index].1)
                        }
                    }
                } else {
                    DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                        shared[index] = replicate(sampleSize: jobs[index].0, index: jobs[index].1)
                    }
                }
            }
            return outcomes.map { $0! }
        }
    }

    /// Power at each sample size from all replicates (every shard's, in any order).
    public func estimates(_ outcomes: [ReplicateOutcome]) -> [PowerEstimate] { PowerEstimate.estimates(design, outcomes) }
}
