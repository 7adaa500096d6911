import Distributions

/// Bootstrap samples of subjects, stratified by arm as rbmi's (`strata = group`): each arm's
/// subjects drawn with replacement as many times as the arm has subjects. Sample b draws from its
/// own generator, seeded by the b-th number of the run's seed's stream, so a sample is the same
/// whichever thread draws it and however many samples are asked for.
public struct BootstrapSamples: Sendable {
    public let seed: UInt64
    /// Subject indices by stratum.
    let strata: [[Int]]

    public init(_ data: ImputationData, seed: UInt64) {
        self.seed = seed
        strata = [false, true].map { arm in data.isTreatment.indices.filter { data.isTreatment[$0] == arm } }
    }

    /// The generator of sample b (0-based): the stream goes on after the sample is drawn, for
    /// whatever else the sample needs at random (an imputation's draws).
    public func generator(sample: Int) -> Xoshiro256StarStar {
        var master = Xoshiro256StarStar(seed: seed)
        var sampleSeed: UInt64 = 0
        for _ in 0...sample { sampleSeed = master.next() }
        return Xoshiro256StarStar(seed: sampleSeed)
    }

    /// The subjects of one sample, stratum by stratum, drawn from `generator`.
    public func draw(using generator: inout Xoshiro256StarStar) -> [Int] {
        strata.flatMap { members in (0..<members.count).map { _ in members[generator.nextIndex(below: members.count)] } }
    }

    /// Samples first..<first+count, each with its generator after the draw.
    func samples(_ range: Range<Int>) -> [(subjects: [Int], generator: Xoshiro256StarStar)] {
        var master = Xoshiro256StarStar(seed: seed)
        for _ in 0..<range.lowerBound { _ = master.next() }
        return range.map { _ in
            var generator = Xoshiro256StarStar(seed: master.next())
            let subjects = draw(using: &generator)
            return (subjects, generator)
        }
    }
}

/// Runs bootstrap replicates until `target` have succeeded, as rbmi does: a sample whose model
/// cannot be fitted is replaced by the next, up to ⌈threshold·target⌉ failures, past which the
/// analysis stops. Samples are tried in rounds of the number still needed; the successes are kept
/// in sample order, so the result is the same however many run at once.
enum BootstrapRounds {
    static func run<T: Sendable>(target: Int, threshold: Double, given: [[Int]]?, samples: BootstrapSamples,
                                 _ body: @Sendable (_ index: Int, _ subjects: [Int], _ generator: Xoshiro256StarStar) throws(EstimandError) -> T)
        throws(EstimandError) -> (values: [T], failed: Int) {
        let limit = Int((threshold * Double(target)).rounded(.up))
        var values: [T] = [], failed = 0, next = 0
        var firstFailure: (Int, EstimandError)?
        while values.count < target {
            let range = next..<(next + target - values.count)
            let drawn: [(subjects: [Int], generator: Xoshiro256StarStar)]
            if let given {
                guard range.upperBound <= given.count else {
                    throw .notEstimable("\(given.count) bootstrap samples were given and \(failed) failed; \(target) are needed")
                }
                drawn = range.map { (given[$0], samples.generator(sample: $0)) }
            } else {
                drawn = samples.samples(range)
            }
            let outcomes = ParallelReplicates.map(0..<drawn.count) { offset throws(EstimandError) in
                try body(range.lowerBound + offset, drawn[offset].subjects, drawn[offset].generator)
            }
            for (offset, outcome) in outcomes.enumerated() {
                switch outcome {
                case let .success(value): values.append(value)
                case let .failure(error):
                    failed += 1
                    if firstFailure == nil { firstFailure = (range.lowerBound + offset + 1, error) }
                }
            }
            if failed > limit, let (sample, error) = firstFailure {
                throw .bootstrapFailures(failed: failed, limit: limit, tried: range.upperBound, firstSample: sample, error)
            }
            next = range.upperBound
        }
        return (values, failed)
    }
}
