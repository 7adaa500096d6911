import LinearAlgebra
import ModelFrames

/// The hypothesis matrices of type III tests, built as lmerTest builds them (SAS's type III,
/// whatever contrasts the design uses).
///
/// Each fixed-effect parameter is written in terms of an over-parameterized model γ, with every
/// factor coded by an indicator per level: β = Kᵀγ, K = (X⁺R)ᵀ. A term's hypothesis is then
/// made orthogonal, in γ space, to every term that contains it (contains all its variables and
/// more, with the same covariates), highest-order terms first. So a factor's main effect is
/// averaged with equal weights over the levels of the factors it interacts with, while a
/// factor crossed with a covariate is tested where the covariate is 0. Rows are over X's
/// columns; a term whose columns were all dropped as aliased gets no rows. A model with one
/// fixed term gets lmerTest's type I rows instead, as lmerTest does.
public struct TypeIIIContrasts: Sendable {
    /// Term labels in model order (no intercept) and each term's rows of L.
    public let terms: [String]
    public let contrasts: [[[Double]]]

    public init(model: LinearMixedModel) throws(MixedModelError) {
        try self.init(frame: model.frame, fixedEffects: model.fixedEffectsMatrix, names: model.fixedEffectNames,
                      assign: model.fixedEffectAssign)
    }

    public init(model: RepeatedMeasuresModel) throws(MixedModelError) {
        try self.init(frame: model.frame, fixedEffects: model.fixedEffectsMatrix, names: model.fixedEffectNames,
                      assign: model.fixedEffectAssign)
    }

    /// The hypotheses for the estimable columns `fixedEffects` (named `names`, of the design
    /// terms `assign`) of `frame`'s design.
    init(frame: ModelFrame, fixedEffects x: Matrix, names: [String], assign: [Int]) throws(MixedModelError) {
        let n = x.rows, p = x.columns
        let formula = frame.formula
        let labels = formula.terms.map(Formula.label)
        terms = labels
        guard p > 0, !formula.terms.isEmpty else {
            contrasts = labels.map { _ in [] }
            return
        }
        let termOfColumn = assign.map { frame.design.termLabels[$0] }
        func columns(of term: Int) -> [Int] { (0..<p).filter { termOfColumn[$0] == labels[term] } }
        if formula.terms.count == 1 || p == 1 {
            // lmerTest then uses its type I rows (the unit upper-triangular Doolittle factor of
            // X'X), which span the same hypothesis; Satterthwaite's pooled df depends on the rows.
            let r: Matrix
            do {
                r = try CholeskyFactorization(x.crossProduct()).lower
            } catch {
                throw .numerical("the type I contrasts need X'X positive definite: \(error)")
            }
            contrasts = formula.terms.indices.map { term in
                columns(of: term).map { row in (0..<p).map { column in column < row ? 0 : r[column, row] / r[row, row] } }
            }
            return
        }
        // R: the intercept, then each term coded in full, as one n × P matrix.
        var rStorage: [Double] = []
        var rNames: [String] = []
        if formula.hasIntercept {
            rStorage.append(contentsOf: repeatElement(1.0, count: n))
            rNames.append("(Intercept)")
        }
        for term in formula.terms {
            let design = frame.indicatorDesign(term: term)
            rStorage.append(contentsOf: design.matrix.storage)
            rNames.append(contentsOf: design.columnNames)
        }
        let width = rNames.count
        // K' = (X'X)⁻¹X'R, p × P; X'R as one product (dgemm), not n·p·P scalar steps.
        let xtr: Matrix
        do {
            xtr = try x.multiplied(by: Matrix(rows: n, columns: width, columnMajor: rStorage), transposingSelf: true)
        } catch {
            throw .numerical("the type III contrasts' X'R: \(error)")
        }
        var k: Matrix  // P × p
        do {
            let solved = try CholeskyFactorization(x.crossProduct()).solve(xtr)
            k = solved.transposed()
        } catch {
            throw .numerical("the type III contrasts need X'X positive definite: \(error)")
        }

        // Terms by decreasing order; each made orthogonal to the terms containing it.
        let variables = formula.terms.map(Set.init)
        let covariates = formula.terms.map { Set($0.filter(frame.isNumeric)) }
        func contains(_ outer: Int, _ inner: Int) -> Bool {
            variables[inner].isStrictSubset(of: variables[outer]) && covariates[inner] == covariates[outer]
        }
        let order = formula.terms.indices.sorted { formula.terms[$0].count > formula.terms[$1].count }
        for term in order {
            let containing = formula.terms.indices.filter { contains($0, term) }
            let regressors = containing.flatMap(columns(of:))
            guard !regressors.isEmpty else { continue }
            let design = k.selectingColumns(regressors)
            let qr: PivotedQR
            do {
                qr = try PivotedQR(design, pivoting: .limited, tolerance: 1e-7)
            } catch {
                continue
            }
            for column in columns(of: term) {
                let target = k.column(column)
                guard let coefficients = try? qr.leastSquares(target) else { continue }
                for row in 0..<width {
                    var fitted = 0.0
                    for (position, value) in coefficients.enumerated() where !value.isNaN {
                        fitted += design[row, position] * value
                    }
                    k[row, column] = target[row] - fitted
                }
            }
        }

        // Rows of K named as X's columns give L over X's columns.
        let rowOfName = Dictionary(rNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [[[Double]]] = []
        for term in formula.terms.indices {
            var rows: [[Double]] = []
            for column in columns(of: term) {
                let row = names.map { name -> Double in
                    guard let index = rowOfName[name] else { return 0 }
                    return k[index, column]
                }
                if row.reduce(0, { $0 + abs($1) }) > 1e-8 { rows.append(row) }
            }
            result.append(rows)
        }
        contrasts = result
    }
}
