/// A parallel-group trial to simulate: arms with their mean outcome and retention at each visit,
/// the within-subject covariance, the planned analysis, and the sample sizes to try. Read from a
/// YAML design file (`docs/power.md`).
public struct TrialDesign: Codable, Sendable, Equatable {
    public struct Arm: Codable, Sendable, Equatable {
        public var name: String
        /// Relative allocation (1: the per-arm n); an arm of allocation 2 gets twice as many.
        public var allocation: Double
        /// The mean outcome at each visit (e.g. the change from baseline).
        public var means: [Double]
        /// Of those randomised, the share still observed at each visit (non-increasing; dropout is
        /// monotone and completely at random: Lu, Luo and Chen's r_j).
        public var retention: [Double]
        /// Dropout at random (MAR): after each visit but the last at which the subject is seen,
        /// they leave with probability logistic(intercept + slope · y) of the value seen there.
        /// Both this and `retention` apply; nil for none.
        public var marDropout: MARDropout?

        public init(name: String, allocation: Double = 1, means: [Double], retention: [Double], marDropout: MARDropout? = nil) {
            self.name = name
            self.allocation = allocation
            self.means = means
            self.retention = retention
            self.marDropout = marDropout
        }
    }

    public struct MARDropout: Codable, Sendable, Equatable {
        public var intercept: Double
        public var slope: Double
        public init(intercept: Double, slope: Double) {
            self.intercept = intercept
            self.slope = slope
        }
    }

    public var visits: [String]
    public var arms: [Arm]
    /// The reference arm of the comparison; the effect is each other arm's mean minus its.
    public var control: String
    /// The outcome's covariance over the visits within a subject.
    public var covariance: CovarianceSpecification
    public var analysis: PlannedAnalysis
    /// Per-arm sample sizes to try (for an arm of allocation 1).
    public var sampleSizes: [Int]
    /// Replicates per sample size.
    public var replicates: Int
    /// Master seed: replicate r of sample size n draws from a stream derived from (seed, n, r) alone.
    public var seed: UInt64
    /// The power the smallest sample size is sought for.
    public var targetPower: Double

    public init(visits: [String], arms: [Arm], control: String, covariance: CovarianceSpecification, analysis: PlannedAnalysis,
                sampleSizes: [Int], replicates: Int, seed: UInt64, targetPower: Double = 0.8) {
        self.visits = visits
        self.arms = arms
        self.control = control
        self.covariance = covariance
        self.analysis = analysis
        self.sampleSizes = sampleSizes
        self.replicates = replicates
        self.seed = seed
        self.targetPower = targetPower
    }

    /// The number randomised to each arm at per-arm size n.
    public func armSizes(_ n: Int) -> [Int] { arms.map { Int((Double(n) * $0.allocation).rounded()) } }

    /// The comparison's arms: the control and the one other arm (two arms are compared).
    public var treatment: Arm { arms.first { $0.name != control }! }
    public var controlArm: Arm { arms.first { $0.name == control }! }

    /// Every inconsistency, each a sentence naming the field.
    public func problems() -> [String] {
        var problems: [String] = []
        let t = visits.count
        if t == 0 { problems.append("visits: none given") }
        if Set(visits).count != t { problems.append("visits: a label is repeated") }
        if arms.count != 2 { problems.append("arms: \(arms.count) given; a design compares two arms (the control and one other)") }
        if Set(arms.map(\.name)).count != arms.count { problems.append("arms: a name is repeated") }
        if !arms.contains(where: { $0.name == control }) {
            problems.append("control: \(control) is not an arm (arms: \(arms.map(\.name).joined(separator: ", ")))")
        }
        for arm in arms {
            if arm.means.count != t { problems.append("arms.\(arm.name).means: \(arm.means.count) values for \(t) visits") }
            if arm.retention.count != t { problems.append("arms.\(arm.name).retention: \(arm.retention.count) values for \(t) visits") }
            if !(arm.allocation > 0 && arm.allocation.isFinite) { problems.append("arms.\(arm.name).allocation: \(arm.allocation) is not a positive number") }
            if arm.means.contains(where: { !$0.isFinite }) { problems.append("arms.\(arm.name).means: not all numbers") }
            if arm.retention.contains(where: { !($0 >= 0 && $0 <= 1) }) { problems.append("arms.\(arm.name).retention: expected shares between 0 and 1") }
            if zip(arm.retention, arm.retention.dropFirst()).contains(where: { $1 > $0 }) {
                problems.append("arms.\(arm.name).retention: rises from one visit to the next; dropout is monotone, so retention can only fall")
            }
            if arm.retention.last == 0 { problems.append("arms.\(arm.name).retention: nobody is left at the last visit") }
        }
        problems += covariance.problems(visits: t).map { "covariance: \($0)" }
        if analysis.method == .responders {
            if analysis.responder == nil { problems.append("analysis: responders needs change: X or percent: X (the threshold)") }
            if analysis.alternative != .twoSided { problems.append("analysis.alternative: the responder tests are two-sided") }
            if analysis.visit == visits.first { problems.append("analysis.visit: responders are counted from the first visit, so at a later one") }
            if let rule = analysis.responder, !(rule.threshold.isFinite && rule.threshold != 0) {
                problems.append("analysis: the responder threshold must be a number other than 0")
            }
        }
        if analysis.method == .ancova, analysis.visit == visits.first {
            problems.append("analysis.visit: an ANCOVA adjusts for the first visit (\(visits.first ?? "")), so it analyses a later one")
        }
        for arm in arms {
            if let rule = arm.marDropout, !(rule.intercept.isFinite && rule.slope.isFinite) {
                problems.append("arms.\(arm.name).mar-dropout: intercept and slope must be numbers")
            }
        }
        if !visits.contains(analysis.visit) { problems.append("analysis.visit: \(analysis.visit) is not one of the visits (\(visits.joined(separator: ", ")))") }
        if !(analysis.alpha > 0 && analysis.alpha < 1) { problems.append("analysis.alpha: \(analysis.alpha) is not between 0 and 1") }
        if sampleSizes.isEmpty { problems.append("n: no sample size given") }
        if sampleSizes.contains(where: { $0 < 2 || $0 > 1_000_000 }) { problems.append("n: each per-arm size must be a whole number from 2 to 1000000") }
        if Set(sampleSizes).count != sampleSizes.count { problems.append("n: a sample size is repeated") }
        if replicates < 1 || replicates > 100_000_000 { problems.append("replicates: \(replicates) is not from 1 to 100000000") }
        if !(targetPower > 0 && targetPower < 1) { problems.append("target-power: \(targetPower) is not between 0 and 1") }
        return problems
    }
}

/// The analysis each simulated trial gets, and its test.
public struct PlannedAnalysis: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// The MMRM `y ~ arm * visit + structure(visit | subject)` and the arm difference at a visit.
        case mmrm
        /// Two-sample t-test (pooled variance) of the values observed at a visit: an ANCOVA
        /// without covariates.
        case tTest = "t-test"
        /// ANCOVA at a visit, `y ~ arm + y at the first visit` (the baseline), least squares, over
        /// the subjects seen at both.
        case ancova
        /// Responders at a visit (a change from the first visit, or a percent change, reaching a
        /// threshold), compared between arms by Fisher's exact test or Pearson's chi-square.
        case responders
    }

    /// What makes a responder, for `responders`: the change from the first visit (or its percent)
    /// at or beyond `threshold`, in its direction (a negative threshold: a fall of at least that much).
    public struct ResponderRule: Codable, Sendable, Equatable {
        public enum Scale: String, Codable, Sendable, CaseIterable { case change, percent }
        public enum Test: String, Codable, Sendable, CaseIterable { case fisher, chiSquare = "chi-square" }
        public enum Missing: String, Codable, Sendable, CaseIterable { case nonResponder = "non-responder", excluded }
        public var scale: Scale
        public var threshold: Double
        public var test: Test
        /// A subject not seen at the visit (or at the first): a non-responder (the usual ITT rule) or left out.
        public var missing: Missing
        public init(scale: Scale, threshold: Double, test: Test = .fisher, missing: Missing = .nonResponder) {
            self.scale = scale
            self.threshold = threshold
            self.test = test
            self.missing = missing
        }
        public func responds(baseline: Double, value: Double) -> Bool {
            let change = scale == .change ? value - baseline : (baseline == 0 ? .nan : 100 * (value - baseline) / abs(baseline))
            guard change.isFinite else { return false }
            return threshold < 0 ? change <= threshold : change >= threshold
        }
    }
    public enum DegreesOfFreedom: String, Codable, Sendable, CaseIterable {
        case kenwardRoger = "kenward-roger", satterthwaite, normal
    }
    public enum Alternative: String, Codable, Sendable, CaseIterable {
        case twoSided = "two-sided", less, greater
    }

    public var method: Method
    public var visit: String
    public var degreesOfFreedom: DegreesOfFreedom
    /// The MMRM's covariance structure (us, cs, ar1 …).
    public var structure: String
    public var alpha: Double
    public var alternative: Alternative
    /// For `responders`: who responds, and the test.
    public var responder: ResponderRule?

    public init(method: Method, visit: String, degreesOfFreedom: DegreesOfFreedom = .kenwardRoger, structure: String = "us", alpha: Double = 0.05,
                alternative: Alternative = .twoSided, responder: ResponderRule? = nil) {
        self.responder = responder
        self.method = method
        self.visit = visit
        self.degreesOfFreedom = degreesOfFreedom
        self.structure = structure
        self.alpha = alpha
        self.alternative = alternative
    }
}
