/// What is added to imputed values before the analysis (a delta-adjusted sensitivity analysis,
/// rbmi's `analyse(…, delta)` with `delta = is_missing × δ`): per visit, one δ for the treatment
/// arm's missing values and one for the reference arm's. Observed values are never shifted.
public struct DeltaAdjustment: Sendable, Equatable {
    /// Per visit (the data's visit order).
    public var treatment: [Double]
    public var reference: [Double]

    public init(treatment: [Double], reference: [Double]) {
        self.treatment = treatment
        self.reference = reference
    }

    /// δ for the treatment arm at every one of `visits` visits, nothing for the reference arm.
    public static func treatmentArm(_ delta: Double, visits: Int) -> DeltaAdjustment {
        DeltaAdjustment(treatment: [Double](repeating: delta, count: visits), reference: [Double](repeating: 0, count: visits))
    }

    public var isNone: Bool { treatment.allSatisfy { $0 == 0 } && reference.allSatisfy { $0 == 0 } }

    /// The δ of a subject's missing value at a visit.
    public func delta(isTreatment: Bool, visit: Int) -> Double { isTreatment ? treatment[visit] : reference[visit] }
}

extension DeltaAdjustment {
    /// The kept subjects' completed values (subject-major, T per kept subject) with δ added where
    /// they were imputed (missing in the data).
    public func applied(to completed: [Double], keeping kept: [Int], data: ImputationData) -> [Double] {
        guard !isNone else { return completed }
        let t = data.visitCount, observed = data.observed
        var values = completed
        for (position, subject) in kept.enumerated() {
            for visit in 0..<t where observed[subject * t + visit].isNaN {
                values[position * t + visit] += delta(isTreatment: data.isTreatment[subject], visit: visit)
            }
        }
        return values
    }
}
