import LinearModels
import MixedModels
import ModelFrames
import TrialData

/// A model's data straight from a trial file: read and checked as every other analysis checks
/// it (`TrialDataSource.loadForModel`), with the source's declared reference levels for the
/// formula's factors where the analysis names none.
extension TrialDataSource {
    /// The checked table for the formula's columns, and the declared references of its factors.
    public func modelData(for formula: Formula) throws(LoadError) -> (table: TrialDataSource.ModelTable, references: [String: String]) {
        let columns = Set(formula.termColumns)
        return (try loadForModel(termColumns: formula.termColumns, response: formula.response.columns.first),
                declarations.references.filter { columns.contains($0.key) })
    }
}

extension MixedModelAnalysis {
    /// Reads and checks the source, then fits. The result's ledger counts the rows the checks
    /// excluded, and its note says when the data could not be checked as a trial.
    public func run(on source: TrialDataSource) throws -> MixedModelResult {
        let (data, references) = try source.modelData(for: try parsedFormula())
        var analysis = self
        analysis.references = references.merging(self.references) { $1 }
        return try analysis.run(on: data.table, excluded: data.excluded, normalized: data.normalized, dataNote: data.note)
    }
}

extension LinearModelAnalysis {
    /// Reads and checks the source, then fits, as `MixedModelAnalysis.run(on:)` does.
    public func run(on source: TrialDataSource) throws -> LinearModelResult {
        let formula: Formula
        do { formula = try Formula(self.formula) } catch { throw AnalysisError.invalidFormula(error.description) }
        let (data, references) = try source.modelData(for: formula)
        var analysis = self
        analysis.references = references.merging(self.references) { $1 }
        return try analysis.run(on: data.table, excluded: data.excluded, normalized: data.normalized, dataNote: data.note)
    }
}
