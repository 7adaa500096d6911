/// Brent's root finder (Brent 1973, "Algorithms for minimization without derivatives", ch. 4;
/// the zeroin of Forsythe, Malcolm and Moler 1977), step for step as R's `uniroot` runs it.
///
/// R computes some published intervals (the Hodges-Lehmann interval with ties, Fisher's odds
/// ratio interval) as `uniroot` roots with a loose tolerance (1.2e-4). Where the function is a
/// step function, the root it returns depends on the exact sequence of trial points, so
/// matching R beyond that tolerance needs the same algorithm.
enum BrentRoot {
    static let rDefaultTolerance = 0.0001220703125  // .Machine$double.eps^0.25

    /// A root of `f` in [lower, upper], given f at both ends (of opposite sign or zero).
    static func root(
        lower: Double, upper: Double, fLower: Double, fUpper: Double,
        tolerance: Double = rDefaultTolerance, maximumIterations: Int = 1000, _ f: (Double) -> Double
    ) -> Double {
        var a = lower, b = upper, fa = fLower, fb = fUpper
        var c = a, fc = fa
        if fa == 0 { return a }
        if fb == 0 { return b }
        var iterations = maximumIterations + 1
        while iterations > 0 {
            iterations -= 1
            let previousStep = b - a
            if abs(fc) < abs(fb) {
                // Keep b the best approximation.
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let actualTolerance = 2 * Double.ulpOfOne * abs(b) + tolerance / 2
            var newStep = (c - b) / 2
            if abs(newStep) <= actualTolerance || fb == 0 { return b }
            // Interpolate when the previous step was large enough and in the right direction.
            if abs(previousStep) >= actualTolerance && abs(fa) > abs(fb) {
                var p: Double, q: Double
                let cb = c - b
                if a == c {
                    // Linear (secant) interpolation.
                    let t1 = fb / fa
                    p = cb * t1
                    q = 1 - t1
                } else {
                    // Inverse quadratic interpolation.
                    let qa = fa / fc, t1 = fb / fc, t2 = fb / fa
                    p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1))
                    q = (qa - 1) * (t1 - 1) * (t2 - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if p < 0.75 * cb * q - abs(actualTolerance * q) / 2 && p < abs(previousStep * q / 2) {
                    newStep = p / q
                }
            }
            if abs(newStep) < actualTolerance { newStep = newStep > 0 ? actualTolerance : -actualTolerance }
            a = b; fa = fb
            b += newStep
            fb = f(b)
            if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
                c = a; fc = fa
            }
        }
        return b
    }
}
