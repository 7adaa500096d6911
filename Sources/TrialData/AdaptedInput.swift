/// What an input adapter (REDCap, ADaM) makes of its files: a long table, the roles and
/// declarations the files themselves imply, and the rows it set aside, for the ledger.
public struct AdaptedInput: Sendable {
    public var table: Table
    public var roles: ColumnRoles
    public var declarations: DataDeclarations
    public var priorExclusions: [RowLedger.Exclusion]

    /// Loads the dataset, with the caller's roles and declarations taking precedence.
    public func load(roles requested: ColumnRoles, declarations requestedDeclarations: DataDeclarations,
                     requiresBaselineRows: Bool = true) throws(ValidationFailure) -> TrialDataset {
        var mergedRoles = roles
        if let subject = requested.subject { mergedRoles.subject = subject }
        if let arm = requested.arm { mergedRoles.arm = arm }
        if let visit = requested.visit { mergedRoles.visit = visit }
        if !requested.outcomes.isEmpty { mergedRoles.outcomes = requested.outcomes }
        mergedRoles.baselineColumns.merge(requested.baselineColumns) { $1 }
        if !requested.covariates.isEmpty { mergedRoles.covariates = requested.covariates }
        if let visitDate = requested.visitDate { mergedRoles.visitDate = visitDate }
        var merged = declarations
        merged.levels.merge(requestedDeclarations.levels) { $1 }
        merged.references.merge(requestedDeclarations.references) { $1 }
        merged.ranges.merge(requestedDeclarations.ranges) { $1 }
        merged.severities.merge(requestedDeclarations.severities) { $1 }
        if let baseline = requestedDeclarations.baselineVisit { merged.baselineVisit = baseline }
        if let format = requestedDeclarations.dateFormat { merged.dateFormat = format }
        return try TrialDatasetLoader.load(table, roles: mergedRoles, declarations: merged, priorExclusions: priorExclusions,
                                           requiresBaselineRows: requiresBaselineRows)
    }
}
