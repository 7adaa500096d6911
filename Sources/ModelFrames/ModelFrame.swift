import LinearAlgebra
import TrialData

/// The rows and variables a model uses, and its design matrix, built as R's `model.frame` and
/// `model.matrix` build them: treatment contrasts, the first level as reference, and R's rule
/// for when a factor inside an interaction is coded in full rather than by contrasts.
///
/// Rows missing any variable of the model are left out, as R's `na.omit` does, but each is
/// recorded with its line and the variable that was missing.
public struct ModelFrame: Sendable {
    public let formula: Formula
    public let response: [Double]
    public let design: ModelMatrix
    /// The input rows used, in order, and their lines in the file.
    public let rows: [Int]
    public let lineNumbers: [Int32]
    /// Rows left out for a missing value, with the first missing variable.
    public let incompleteRows: [RowLedger.Exclusion]
    /// Level order per factor variable, reference level first.
    public let levels: [String: [String]]
    /// The random terms' grouping factors and effects, in the formula's order.
    public let randomEffects: [RandomEffectsDesign]
    /// The covariance term's visits, subjects and groups; nil without one.
    public let covariance: CovarianceDesign?
    /// Per row used, the weight from the `weights` column; nil without one.
    public let weights: [Double]?
    /// Each variable's values on the rows used, for designs other than `design`.
    let numericValues: [Formula.Variable: [Double]]
    let factorValues: [Formula.Variable: Factor]
    /// Means over the rows used of the numeric columns the fixed terms read, for reference grids.
    let columnMeans: [String: Double]

    /// `references` moves a level of a factor variable to the front (R's `relevel`). `weights`
    /// names a numeric column of positive weights; like R's `model.frame(weights = )`, a row
    /// without one is left out (and recorded), and a weight that is not positive is an error.
    public init(_ formula: Formula, table: Table, references: [String: String] = [:],
                weights weightColumn: String? = nil) throws(ModelFrameError) {
        self.formula = formula
        var variables: [Formula.Variable] = [formula.response]
        let randomTerms = formula.randomTerms.flatMap(\.terms)
        for term in formula.terms + randomTerms { for variable in term where !variables.contains(variable) { variables.append(variable) } }
        // Grouping factors are factors whatever their columns hold (lme4 applies factor()).
        var groupingColumns: [String] = []
        let covarianceColumns = formula.covarianceTerm?.columns ?? []
        for name in formula.randomTerms.flatMap(\.grouping) + covarianceColumns where !groupingColumns.contains(name) {
            groupingColumns.append(name)
        }
        for name in formula.columns + (weightColumn.map { [$0] } ?? []) where !table.columnNames.contains(name) {
            throw .unknownVariable(name, available: table.columnNames)
        }
        var weightValues: [Double]? = nil
        if let weightColumn {
            guard case let .numbers(values) = try Self.values(of: .column(weightColumn), in: table) else {
                throw .notNumeric(variable: weightColumn)
            }
            for row in 0..<table.rowCount where values[row].isFinite && !(values[row] > 0) {
                throw .invalidWeight(column: weightColumn, line: Int(table.lineNumbers[row]), value: values[row])
            }
            weightValues = values
        }

        // Each variable's values on every input row.
        var numeric: [Formula.Variable: [Double]] = [:]
        var factors: [Formula.Variable: Factor] = [:]
        for variable in variables {
            switch try Self.values(of: variable, in: table) {
            case let .numbers(values): numeric[variable] = values
            case let .levels(factor):
                var factor = factor
                if let reference = references[variable.description] ?? references[variable.columns[0]] {
                    guard let position = factor.levels.firstIndex(of: reference) else {
                        throw .unknownLevel(variable: variable.description, level: reference, levels: factor.levels)
                    }
                    var order = factor.levels
                    order.remove(at: position)
                    order.insert(reference, at: 0)
                    if case let .success(reordered) = factor.reordered(order) { factor = reordered }
                }
                factors[variable] = factor
            }
        }
        guard factors[formula.response] == nil else { throw .notNumeric(variable: formula.response.description) }
        var groupingFactors: [String: Factor] = [:]
        for name in groupingColumns {
            guard case let .levels(factor) = try Self.values(of: .factor(name), in: table) else { continue }
            groupingFactors[name] = factor
        }
        let factorNames = Set(factors.keys.flatMap { [$0.description, $0.columns[0]] })
        for name in references.keys.sorted() where !factorNames.contains(name) {
            throw .referenceNotInFormula(variable: name, factors: factors.keys.map(\.description).sorted())
        }

        // Complete cases, each left-out row recorded once with its first missing variable.
        // Columns looked up once, not per row: hashing a variable per row would cost more than the check.
        let checks: [(name: String, numbers: [Double]?, codes: [Int32]?)] =
            variables.map { ($0.description, numeric[$0], factors[$0]?.codes) }
            + groupingColumns.map { ($0, nil, groupingFactors[$0]!.codes) }
            + (weightColumn.map { [($0, weightValues, nil)] } ?? [])
        var used: [Int] = []
        used.reserveCapacity(table.rowCount)
        var incomplete: [RowLedger.Exclusion] = []
        for row in 0..<table.rowCount {
            var missing: String? = nil
            for check in checks {
                if let numbers = check.numbers {
                    if !numbers[row].isFinite { missing = check.name; break }
                } else if check.codes![row] == Factor.missingCode {
                    missing = check.name
                    break
                }
            }
            if let missing {
                incomplete.append(RowLedger.Exclusion(line: Int(table.lineNumbers[row]), rule: .incompleteCase,
                                                      column: missing, value: "",
                                                      reason: "is missing, and the model needs it"))
            } else {
                used.append(row)
            }
        }
        guard !used.isEmpty else { throw .noCompleteRows(variables: variables.map(\.description) + groupingColumns) }
        rows = used
        lineNumbers = used.map { table.lineNumbers[$0] }
        incompleteRows = incomplete
        response = used.map { numeric[formula.response]![$0] }
        weights = weightValues.map { values in used.map { values[$0] } }
        // Levels are those of the rows used (R drops unused levels in model.frame).
        var usedFactors: [Formula.Variable: Factor] = [:]
        for (variable, factor) in factors { usedFactors[variable] = Self.droppingUnusedLevels(factor, rows: used) }
        for (variable, factor) in usedFactors.sorted(by: { $0.key.description < $1.key.description }) where factor.levels.count < 2 {
            throw .singleLevel(variable: variable.description, level: factor.levels.first ?? "")
        }
        levels = Dictionary(uniqueKeysWithValues: usedFactors.map { ($0.key.description, $0.value.levels) })
        let usedNumeric = numeric.mapValues { values in used.map { values[$0] } }
        numericValues = usedNumeric
        var means: [String: Double] = [:]
        for name in Set(formula.terms.flatMap { $0.flatMap(\.columns) }) {
            if case let .numeric(values) = table.columns.first(where: { $0.name == name })?.values {
                means[name] = used.reduce(0) { $0 + values[$1] } / Double(used.count)
            }
        }
        columnMeans = means
        factorValues = usedFactors
        design = Self.design(terms: formula.terms, hasIntercept: formula.hasIntercept, numeric: usedNumeric,
                             factors: usedFactors, rowCount: used.count)
        randomEffects = formula.randomTerms.map { term in
            let effects = Self.design(terms: term.terms, hasIntercept: term.hasIntercept, numeric: usedNumeric,
                                      factors: usedFactors, rowCount: used.count)
            let (levels, indices) = Self.grouping(term.grouping.map { groupingFactors[$0]! }, rows: used)
            return RandomEffectsDesign(term: term, levels: levels, levelIndices: indices, effects: effects)
        }
        covariance = try formula.covarianceTerm.map { term throws(ModelFrameError) in
            let subject = Self.droppingUnusedLevels(groupingFactors[term.subject]!, rows: used)
            let group = term.group.map { Self.droppingUnusedLevels(groupingFactors[$0]!, rows: used) }
            guard !term.additionalCoordinates.isEmpty else {
                let visit = Self.droppingUnusedLevels(groupingFactors[term.visit]!, rows: used)
                var visitValues: [Double]? = nil
                if case .numeric = table.columns.first(where: { $0.name == term.visit })?.values {
                    let numbers = visit.levels.compactMap(Double.init)
                    if numbers.count == visit.levels.count { visitValues = numbers }
                }
                return CovarianceDesign(term: term, visits: visit.levels, visitIndices: visit.codes, subjects: subject.levels,
                                        subjectIndices: subject.codes, groups: group?.levels ?? [], groupIndices: group?.codes,
                                        visitValues: visitValues, visitCoordinates: visitValues.map { $0.map { [$0] } })
            }
            // Several coordinates: each combination seen is a visit, at the point its numbers give.
            let names = [term.visit] + term.additionalCoordinates
            var columns: [[Double]] = []
            for name in names {
                guard case let .numeric(values) = table.columns.first(where: { $0.name == name })?.values else {
                    throw .notNumeric(variable: name)
                }
                columns.append(values)
            }
            let (combinations, indices) = Self.grouping(names.map { groupingFactors[$0]! }, rows: used)
            let levels = combinations.map { "(" + $0.split(separator: ":").joined(separator: ", ") + ")" }
            var coordinates = [[Double]](repeating: [], count: levels.count)
            for (position, row) in used.enumerated() where coordinates[Int(indices[position])].isEmpty {
                coordinates[Int(indices[position])] = columns.map { $0[row] }
            }
            return CovarianceDesign(term: term, visits: levels, visitIndices: indices, subjects: subject.levels,
                                    subjectIndices: subject.codes, groups: group?.levels ?? [], groupIndices: group?.codes,
                                    visitValues: nil, visitCoordinates: coordinates)
        }
    }

    /// `model.matrix(~ 0 + term)`: the term with every factor coded by one indicator per level
    /// (a cell indicator per combination for factor interactions), as lmerTest builds the
    /// over-parameterized design its type III hypotheses come from.
    public func indicatorDesign(term: [Formula.Variable]) -> ModelMatrix {
        Self.design(terms: [term], hasIntercept: false, numeric: numericValues, factors: factorValues, rowCount: rows.count)
    }

    /// True for a numeric variable (a covariate), false for a factor.
    public func isNumeric(_ variable: Formula.Variable) -> Bool { numericValues[variable] != nil }

    /// The factor on `rows`, with the levels no row uses dropped.
    static func droppingUnusedLevels(_ factor: Factor, rows: [Int]) -> Factor {
        var present = [Bool](repeating: false, count: factor.levels.count)
        for row in rows { present[Int(factor.codes[row])] = true }
        var newCode = [Int32](repeating: -1, count: factor.levels.count)
        var levels: [String] = []
        for (level, isPresent) in present.enumerated() where isPresent {
            newCode[level] = Int32(levels.count)
            levels.append(factor.levels[level])
        }
        return Factor(levels: levels, codes: rows.map { newCode[Int(factor.codes[$0])] })
    }

    /// The levels present of the interaction of `factors` (the first varying slowest, as R's
    /// `:` orders them, unused combinations dropped) and each row's level.
    static func grouping(_ factors: [Factor], rows: [Int]) -> (levels: [String], indices: [Int32]) {
        if factors.count == 1 {
            let factor = droppingUnusedLevels(factors[0], rows: rows)
            return (factor.levels, factor.codes)
        }
        // A mixed-radix code per row, ordered as R's interaction levels are.
        let codes = rows.map { row in factors.reduce(0) { $0 * $1.levels.count + Int($1.codes[row]) } }
        let present = Array(Set(codes)).sorted()
        let index = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, Int32($0)) })
        let labels = present.map { code -> String in
            var remainder = code
            var parts: [String] = []
            for factor in factors.reversed() {
                parts.append(factor.levels[remainder % factor.levels.count])
                remainder /= factor.levels.count
            }
            return parts.reversed().joined(separator: ":")
        }
        return (labels, codes.map { index[$0]! })
    }

    enum Values {
        case numbers([Double])
        case levels(Factor)
    }

    static func values(of variable: Formula.Variable, in table: Table) throws(ModelFrameError) -> Values {
        switch variable {
        case let .column(name):
            let column = table.columns.first { $0.name == name }!
            switch column.values {
            case let .numeric(values): return .numbers(values)
            case let .categorical(factor): return .levels(factor)
            case let .date(days): return .numbers(days.map { $0 == Column.missingDate ? .nan : Double($0) })
            }
        case let .factor(name):
            let column = table.columns.first { $0.name == name }!
            switch column.values {
            case let .categorical(factor): return .levels(factor)
            case let .numeric(values):
                // R: factor(numbers) has the distinct values as levels, in numeric order.
                let distinct = Array(Set(values.filter(\.isFinite))).sorted()
                let code = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
                return .levels(Factor(levels: distinct.map(rLabel), codes: values.map { $0.isFinite ? code[$0]! : Factor.missingCode }))
            case .date:
                throw .dateColumn(variable: name)
            }
        case let .identity(expression):
            var columns: [String: [Double]] = [:]
            for name in expression.columns {
                switch table.columns.first(where: { $0.name == name })!.values {
                case let .numeric(values): columns[name] = values
                case .date: throw .dateColumn(variable: name)
                case .categorical: throw .notNumeric(variable: name)
                }
            }
            return .numbers((0..<table.rowCount).map { row in expression.evaluate { columns[$0]![row] } })
        }
    }

    /// The design matrix: an intercept column when the model has one, then each term's columns.
    static func design(
        terms: [[Formula.Variable]], hasIntercept: Bool, numeric: [Formula.Variable: [Double]],
        factors: [Formula.Variable: Factor], rowCount: Int
    ) -> ModelMatrix {
        var columns: [[Double]] = []
        var names: [String] = []
        var assign: [Int] = []
        var labels: [String] = []
        if hasIntercept {
            columns.append([Double](repeating: 1, count: rowCount))
            names.append("(Intercept)")
            assign.append(0)
            labels.append("(Intercept)")
        }
        // R's coding rule (TermCode in stats' model.c): a factor in a term is coded by
        // contrasts when the term without it is empty or contained in an earlier term, and by one
        // column per level otherwise. Without an intercept, the first factor of the first term
        // that has one is coded by one column per level, taking the intercept's place.
        let termSets = terms.map(Set.init)
        var fullCoding = Set<[Int]>()  // (term, variable position) pairs coded by indicators
        for (index, term) in terms.enumerated() {
            for (position, variable) in term.enumerated() where factors[variable] != nil {
                let rest = termSets[index].subtracting([variable])
                let contrasts = rest.isEmpty || termSets[..<index].contains { rest.isSubset(of: $0) }
                if !contrasts { fullCoding.insert([index, position]) }
            }
        }
        if !hasIntercept, let index = terms.firstIndex(where: { $0.contains { factors[$0] != nil } }) {
            let position = terms[index].firstIndex { factors[$0] != nil }!
            fullCoding.insert([index, position])
        }
        for (index, term) in terms.enumerated() {
            let termIndex = labels.count
            labels.append(Formula.label(term))
            var parts: [[(name: String, values: [Double])]] = []
            for (position, variable) in term.enumerated() {
                if let values = numeric[variable] {
                    parts.append([(variable.description, values)])
                } else if let factor = factors[variable] {
                    let all = fullCoding.contains([index, position])
                    let levels = all ? Array(factor.levels.indices) : Array(factor.levels.indices.dropFirst())
                    parts.append(levels.map { level in
                        (variable.description + factor.levels[level], factor.codes.map { $0 == Int32(level) ? 1.0 : 0.0 })
                    })
                }
            }
            // The columns of the term: products over its variables, the first varying fastest.
            var combined: [(name: String, values: [Double])] = [("", [Double](repeating: 1, count: rowCount))]
            for (index, part) in parts.enumerated() {
                var next: [(name: String, values: [Double])] = []
                for right in part {
                    for left in combined {
                        // The first variable's columns are taken as they are: multiplying by the
                        // column of ones copied every column of a large design once more.
                        next.append(index == 0 ? right : (left.name + ":" + right.name, zip(left.values, right.values).map(*)))
                    }
                }
                combined = next
            }
            for column in combined {
                columns.append(column.values)
                names.append(column.name)
                assign.append(termIndex)
            }
        }
        let matrix = (try? Matrix(columnVectors: columns)) ?? Matrix(rows: rowCount, columns: 0)
        return ModelMatrix(matrix: matrix, columnNames: names, termLabels: labels, assign: assign)
    }
}

/// A number as R's as.character writes it in a level: 12, 0.5, 1e-05.
public func rLabel(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}
