/// Discrete distributions have mass only at whole numbers. Rmath prints a warning to standard
/// output for a non-integer x; TrialStats answers 0 (log: −∞) without asking it, so that
/// library calls never write to the terminal.
@inline(__always)
func isWholeNumber(_ x: Double) -> Bool {
    x.isFinite && x.rounded() == x
}

@inline(__always)
func zeroMass(logScale: Bool) -> Double {
    logScale ? -.infinity : 0
}
