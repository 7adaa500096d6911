#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// AIC, AICc and BIC of an MMRM as SAS PROC MIXED and mmrm define them: d parameters are
/// counted, the covariance parameters under REML (the fixed effects are not in the REML
/// likelihood) and those plus the fixed effects under ML; BIC's penalty is ln(subjects), the
/// independent units; AICc's small-sample factor uses n* = observations − fixed effects under
/// REML and the observations under ML, kept above d + 1 as mmrm does. (mmrm counts only the
/// covariance parameters under ML too; SAS's count is used here.)
public struct InformationCriteria: Sendable, Equatable {
    public let parameters: Int
    public let aic: Double
    public let aicc: Double
    public let bic: Double

    public init(criterion: Double, covarianceParameters: Int, fixedEffects: Int, observations: Int, subjects: Int, method: EstimationMethod) {
        let d = method == .reml ? covarianceParameters : covarianceParameters + fixedEffects
        let effective = Double(max(d + 2, method == .reml ? observations - fixedEffects : observations))
        parameters = d
        aic = criterion + 2 * Double(d)
        aicc = criterion + 2 * Double(d) * effective / (effective - Double(d) - 1)
        bic = criterion + log(Double(subjects)) * Double(d)
    }
}
