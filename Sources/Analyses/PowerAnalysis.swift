import TrialSimulation

/// `trialstats power`: a design's power by simulation at each sample size of its grid, beside the
/// analytic formula where it applies, and the smallest n that reaches the target.
public struct PowerAnalysis: Sendable {
    public let design: TrialDesign
    /// Replicates run at once (the cores the job was given); nil: all cores.
    public var workers: Int?

    public init(design: TrialDesign, workers: Int? = nil) {
        self.design = design
        self.workers = workers
    }

    /// Every replicate, run here.
    public func run() throws -> PowerResult {
        let simulation = try PowerSimulation(design)
        return result(simulation.run(workers: workers))
    }

    /// One shard's replicates.
    public func shard(_ shard: PowerSimulation.Shard, version: String) throws -> PowerShard {
        PowerShard(version: version, design: design, shard: shard, outcomes: try PowerSimulation(design).run(shard: shard, workers: workers))
    }

    /// The result from all replicates (one run's, or every shard's together).
    public func result(_ outcomes: [ReplicateOutcome]) -> PowerResult {
        let estimates = PowerEstimate.estimates(design, outcomes)
        let rows = estimates.map { estimate in
            PowerResult.Row(n: estimate.sampleSize, armSizes: estimate.armSizes, replicates: estimate.replicates, analysed: estimate.analysed,
                            rejected: estimate.rejected, power: estimate.power, lower: estimate.lower, upper: estimate.upper,
                            analyticPower: analyticApplies ? LuLuoChenPower.power(design, sampleSize: estimate.sampleSize).flatMap(finiteOrNil) : nil,
                            meanEstimate: estimate.meanEstimate.flatMap(finiteOrNil), empiricalSE: estimate.empiricalStandardError.flatMap(finiteOrNil),
                            meanSE: estimate.meanStandardError.flatMap(finiteOrNil), failures: estimate.failures)
        }
        let ordered = rows.sorted { $0.n < $1.n }
        let visit = design.visits.firstIndex(of: design.analysis.visit) ?? 0
        let effect = design.treatment.means[visit] - design.controlArm.means[visit]
        var notes: [String] = []
        let failed = rows.map { $0.replicates - $0.analysed }.reduce(0, +)
        if failed > 0 {
            notes.append("\(failed) replicate\(failed == 1 ? "" : "s") could not be analysed (see failures); power is the share of rejections among those analysed")
        }
        if effect == 0 { notes.append("the effect is 0, so power is the type I error rate") }
        if !analyticApplies {
            notes.append("no analytic power: Lu, Luo and Chen's formula is for an MMRM's difference at the last visit with dropout completely at random")
        } else {
            notes.append("analytic power: Lu, Luo and Chen (2008), formula (3), a normal approximation (longpower's power.mmrm)")
        }
        return PowerResult(designFingerprint: DesignFingerprint.of(design), design: design, analysis: description, effect: effect,
                           replicates: design.replicates, seed: design.seed, sampleSizes: rows,
                           smallestSampleSize: ordered.first { ($0.power ?? 0) >= design.targetPower }?.n,
                           smallestSampleSizeSurely: ordered.first { ($0.lower ?? 0) >= design.targetPower }?.n,
                           targetPower: design.targetPower, notes: notes)
    }

    var analyticApplies: Bool {
        design.analysis.method == .mmrm && design.analysis.visit == design.visits.last && design.arms.allSatisfy { $0.marDropout == nil }
    }

    var description: String {
        let analysis = design.analysis
        let test: String
        switch analysis.method {
        case .mmrm:
            test = "MMRM y ~ arm * visit + \(analysis.structure)(visit | subject), REML, \(design.treatment.name) − \(design.control) at \(analysis.visit), "
                + (analysis.degreesOfFreedom == .normal ? "normal test" : "t test on \(analysis.degreesOfFreedom.rawValue) df")
        case .tTest:
            test = "two-sample t test (pooled variance) of the values seen at \(analysis.visit), \(design.treatment.name) − \(design.control)"
        case .responders:
            let rule = analysis.responder
            let threshold = rule.map { $0.scale == .change ? "a change of \($0.threshold) from \(design.visits[0])" : "a change of \($0.threshold)% from \(design.visits[0])" } ?? ""
            test = "responders at \(analysis.visit) (\(threshold) or beyond; not seen: \(rule?.missing.rawValue ?? "")), "
                + "\(rule?.test == .chiSquare ? "Pearson's chi-square" : "Fisher's exact test"), the difference in proportions \(design.treatment.name) − \(design.control)"
        case .ancova:
            test = "ANCOVA at \(analysis.visit) on the value at \(design.visits[0]) (least squares, t on n − 3 df), \(design.treatment.name) − \(design.control)"
        }
        let mar = design.arms.filter { $0.marDropout != nil }.map(\.name)
        return test + ", \(analysis.alternative.rawValue), alpha \(analysis.alpha); outcomes multivariate normal over \(design.visits.count) visits, "
            + "dropout monotone, completely at random by arm" + (mar.isEmpty ? "" : ", and at random given the last value seen in " + mar.joined(separator: ", "))
    }
}
