import _CRmath

/// The version of R's math library these distributions come from, for `trialstats doctor`
/// and for fixtures, which must be regenerated with a matching R.
public let rmathVersion: String = R_VERSION_STRING
