/// One simulated trial's analysis: the effect (treatment − control at the analysis visit), its
/// SE, df and p, and whether the test rejected; or why the analysis failed.
public struct ReplicateOutcome: Codable, Sendable, Equatable {
    public var sampleSize: Int
    public var replicate: Int
    public var estimate: Double?
    public var standardError: Double?
    /// nil for a normal (z) test.
    public var degreesOfFreedom: Double?
    public var p: Double?
    public var rejected: Bool
    /// Why there is no test (the fit did not converge, …); nil when there is one.
    public var failure: String?

    public init(sampleSize: Int, replicate: Int, estimate: Double?, standardError: Double?, degreesOfFreedom: Double?, p: Double?,
                rejected: Bool, failure: String?) {
        self.sampleSize = sampleSize
        self.replicate = replicate
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.p = p
        self.rejected = rejected
        self.failure = failure
    }
}
