import TrialData

/// The JSON of `trialstats describe` (schema trialstats/describe/1): how the file was read and
/// what is in it.
public struct DescribeResult: Codable, Sendable {
    public var schema = "trialstats/describe/1"
    public var layout: String
    public var description: DatasetDescription

    public init(layout: String, description: DatasetDescription) {
        self.layout = layout
        self.description = description
    }
}

/// The JSON of `trialstats validate` (schema trialstats/validate/1): the rows read, used and
/// excluded with their reasons, and the warnings. A file failing an error-level rule has no
/// result: the command exits 65 and lists the errors.
public struct ValidateResult: Codable, Sendable {
    public var schema = "trialstats/validate/1"
    public var layout: String
    public var valid = true
    public var ledger: DataLedger
    public var warnings: [ValidationIssue]

    public init(layout: String, dataset: TrialDataset) {
        self.layout = layout
        ledger = DataLedger(dataset.ledger)
        warnings = dataset.warnings
    }
}
