import TrialData

/// Rows of the fixed-effects design for chosen factor levels, with covariates at their means:
/// the reference grid of estimated marginal means, built as emmeans builds it (a covariate at
/// the mean of its column over the rows used, and expressions such as I(x^2) evaluated there).
extension ModelFrame {
    /// The factors of the fixed terms with their levels, in the model's order.
    public var fixedFactors: [(variable: Formula.Variable, levels: [String])] {
        var seen: [Formula.Variable] = []
        for term in formula.terms { for variable in term where factorValues[variable] != nil && !seen.contains(variable) { seen.append(variable) } }
        return seen.map { ($0, factorValues[$0]!.levels) }
    }

    /// Design rows (R's column names, all columns, dropped ones included) for each setting of
    /// the fixed factors, given as a level index per factor in `fixedFactors` order.
    public func designRows(levels settings: [[Int]]) -> ModelMatrix {
        let factors = fixedFactors
        let count = settings.count
        var numeric: [Formula.Variable: [Double]] = [:]
        for term in formula.terms {
            for variable in term where numericValues[variable] != nil && numeric[variable] == nil {
                let value: Double
                switch variable {
                case let .column(name): value = columnMeans[name] ?? .nan
                case let .identity(expression): value = expression.evaluate { columnMeans[$0] ?? .nan }
                case .factor: value = .nan
                }
                numeric[variable] = [Double](repeating: value, count: count)
            }
        }
        var gridFactors: [Formula.Variable: Factor] = [:]
        for (position, factor) in factors.enumerated() {
            gridFactors[factor.variable] = Factor(levels: factor.levels, codes: settings.map { Int32($0[position]) })
        }
        return Self.design(terms: formula.terms, hasIntercept: formula.hasIntercept, numeric: numeric, factors: gridFactors,
                           rowCount: count)
    }
}
