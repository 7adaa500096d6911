import Distributions
import LinearAlgebra

/// The analytic power of the MMRM's treatment difference at the last visit under monotone
/// dropout completely at random (Lu, Luo and Chen 2008, formula (3), as R's longpower
/// `power.mmrm` computes it): per arm the information about the visit means is
/// Σ_j (r_j − r_{j+1}) I_j, I_j the inverse of the first j visits' correlation block (zero
/// elsewhere); φ is the last diagonal entry of its inverse, and the effect's variance
/// σ²(φ_a/n_a + φ_b/n_b), σ the last visit's SD. Power = Φ(|δ|/SE − z_{1−α/2}) (two-sided;
/// z_{1−α} one-sided), a normal approximation.
public enum LuLuoChenPower {
    /// φ for one arm from its correlation matrix and retention.
    public static func inflation(correlation: [[Double]], retention: [Double]) throws -> Double {
        let t = retention.count
        var information = Matrix(rows: t, columns: t)
        for j in 1...t {
            let weight = retention[j - 1] - (j < t ? retention[j] : 0)
            guard weight != 0 else { continue }
            var block = Matrix(rows: j, columns: j)
            for a in 0..<j { for b in 0..<j { block[a, b] = correlation[a][b] } }
            let inverse = try CholeskyFactorization(block).inverse()
            for a in 0..<j { for b in 0..<j { information[a, b] += weight * inverse[a, b] } }
        }
        return try CholeskyFactorization(information).inverse()[t - 1, t - 1]
    }

    /// The design's power at per-arm size n, when the analysis is at the last visit and dropout is
    /// completely at random (no MAR rule); nil otherwise.
    public static func power(_ design: TrialDesign, sampleSize n: Int) -> Double? {
        let t = design.visits.count
        guard design.analysis.visit == design.visits.last, design.problems().isEmpty, design.arms.allSatisfy({ $0.marDropout == nil }),
              let sigma = design.covariance.covariance(visits: t) else { return nil }
        let correlation = (0..<t).map { i in (0..<t).map { j in sigma[i][j] / (sigma[i][i] * sigma[j][j]).squareRoot() } }
        let control = design.controlArm, treatment = design.treatment
        let sizes = design.armSizes(n)
        guard let controlIndex = design.arms.firstIndex(of: control), let treatmentIndex = design.arms.firstIndex(of: treatment),
              let phiControl = try? inflation(correlation: correlation, retention: control.retention),
              let phiTreatment = try? inflation(correlation: correlation, retention: treatment.retention) else { return nil }
        let delta = treatment.means[t - 1] - control.means[t - 1]
        let se = (sigma[t - 1][t - 1] * (phiControl / Double(sizes[controlIndex]) + phiTreatment / Double(sizes[treatmentIndex]))).squareRoot()
        let alpha = design.analysis.alpha
        let normal = Normal.standard
        switch design.analysis.alternative {
        case .twoSided:
            let z = normal.quantileFunction(1 - alpha / 2, upperTail: false, logScale: false)
            // The far tail (rejecting in the wrong direction) is left out, as longpower leaves it out.
            return normal.distributionFunction(abs(delta) / se - z, upperTail: false, logScale: false)
        case .less, .greater:
            let z = normal.quantileFunction(1 - alpha, upperTail: false, logScale: false)
            let signed = design.analysis.alternative == .less ? -delta : delta
            return normal.distributionFunction(signed / se - z, upperTail: false, logScale: false)
        }
    }
}
