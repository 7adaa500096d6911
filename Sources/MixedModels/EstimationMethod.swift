/// Which likelihood the variance parameters maximize.
public enum EstimationMethod: String, Codable, Sendable, CaseIterable {
    /// Restricted (residual) maximum likelihood: variances corrected for the fixed effects
    /// estimated, as lme4's default `REML = TRUE`.
    case reml = "REML"
    /// Maximum likelihood, which likelihood-ratio tests of fixed effects need.
    case ml = "ML"
}
