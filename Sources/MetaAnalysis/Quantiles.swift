import Distributions

/// Critical values and tail areas from the Distributions module, with its errors turned into
/// this module's, so that every caller states a level rather than a probability.
enum Quantiles {
    /// z such that P(|Z| ≤ z) = level.
    static func normal(_ level: Double) throws(MetaAnalysisError) -> Double {
        do { return try Normal.standard.upperQuantile((1 - level) / 2) } catch { throw .notComputable("\(error)") }
    }

    /// t such that P(|T_df| ≤ t) = level.
    static func t(_ level: Double, df: Double) throws(MetaAnalysisError) -> Double {
        do { return try StudentT(degreesOfFreedom: df).upperQuantile((1 - level) / 2) } catch { throw .notComputable("\(error)") }
    }

    static func twoSidedT(_ statistic: Double, df: Double) throws(MetaAnalysisError) -> Double {
        do { return try StudentT(degreesOfFreedom: df).twoSidedPValue(statistic) } catch { throw .notComputable("\(error)") }
    }

    static func chiSquared(_ probability: Double, df: Double) throws(MetaAnalysisError) -> Double {
        do { return try ChiSquared(degreesOfFreedom: df).quantile(probability) } catch { throw .notComputable("\(error)") }
    }
}

/// The upper tail of χ², for the p-values of Q.
enum ChiSquaredTail {
    static func upper(_ x: Double, df: Double) -> Double {
        (try? ChiSquared(degreesOfFreedom: df))?.ccdf(x) ?? .nan
    }
}
