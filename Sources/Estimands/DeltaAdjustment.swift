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
