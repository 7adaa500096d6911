/// What `ArmComparison` found: the JSON of `trialstats compare`. Keys keep their meaning; new
/// keys may be added (the schema's version says when one changes). Numbers that do not exist are
/// null.
public struct ArmComparisonResult: Codable, Sendable, Equatable {
    /// Names this document and its version.
    public var schema = "trialstats/compare/2"
    public var outcome: String
    /// What is compared: the outcome, or its change from the baseline visit.
    public var variable: String
    public var visit: String
    public var baselineVisit: String
    public var treatment: String
    public var control: String
    public var change: Bool
    public var confidenceLevel: Double
    /// Treatment first, then control.
    public var arms: [SummaryRow]
    /// Differences are treatment minus control: the Welch mean difference, the adjusted difference,
    /// Cohen's d, Hedges' g, Glass's Δ, bootstrap intervals of g when asked for, and the
    /// Hodges-Lehmann shift with its rank test. A measure that could not be computed is absent
    /// and its reason is in `warnings`.
    public var estimates: [Estimate]
    @Null public var bootstrap: BootstrapSettings?
    public var warnings: [Warning]
    public var ledger: DataLedger

    /// Why a measure is absent or weaker than asked, by the part of the comparison it concerns.
    public struct Warning: Codable, Sendable, Equatable {
        public enum Part: String, Codable, Sendable {
            case meanDifference, adjustedModel, effectSize, bootstrap, rankTest
        }

        public var part: Part
        public var message: String

        public init(_ part: Part, _ message: String) {
            self.part = part
            self.message = message
        }
    }

    public struct BootstrapSettings: Codable, Sendable, Equatable {
        public var resamples: Int
        public var seed: UInt64
        public var failedResamples: Int
        /// z₀ and a of the BCa interval.
        @Null public var biasCorrection: Double?
        @Null public var acceleration: Double?
    }

    /// The estimate named `measure`, if it was computed.
    public func estimate(_ measure: String) -> Estimate? { estimates.first { $0.measure == measure } }
}
