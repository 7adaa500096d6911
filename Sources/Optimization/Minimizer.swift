import _CNLopt

/// Minimizes an objective with BOBYQA or L-BFGS through NLopt.
///
/// Input is checked before NLopt sees it (lengths, finite start, bounds in order, start within
/// bounds), so that every refusal names the offending parameter. A run that stops without
/// converging returns its summary with that status; only failures to run at all throw.
public enum Minimizer {
    /// Derivative-free minimization (BOBYQA).
    public static func minimize(
        start: [Double], options: OptimizationOptions = OptimizationOptions(),
        objective: ([Double]) throws -> Double
    ) throws -> OptimizationSummary {
        guard !options.algorithm.needsGradient else { throw OptimizationError.gradientRequired(algorithm: options.algorithm) }
        return try withoutActuallyEscaping(objective) { objective in
            try run(start: start, options: options, context: ObjectiveContext(valueOnly: objective))
        }
    }

    /// Minimization with a gradient (L-BFGS, or BOBYQA, which ignores it). The closure returns
    /// f(x) and writes ∇f(x) into its second argument, which has one entry per parameter.
    public static func minimize(
        start: [Double], options: OptimizationOptions,
        objectiveAndGradient: ([Double], inout [Double]) throws -> Double
    ) throws -> OptimizationSummary {
        try withoutActuallyEscaping(objectiveAndGradient) { objective in
            try run(start: start, options: options, context: ObjectiveContext(withGradient: objective))
        }
    }

    private static func run(start: [Double], options: OptimizationOptions, context: ObjectiveContext) throws -> OptimizationSummary {
        try validate(start: start, options: options)
        let count = start.count
        let algorithm: nlopt_algorithm = options.algorithm == .bobyqa ? NLOPT_LN_BOBYQA : NLOPT_LD_LBFGS
        guard let handle = nlopt_create(algorithm, UInt32(count)) else {
            throw OptimizationError.rejected(status: .outOfMemory, message: "could not create the optimizer")
        }
        defer { nlopt_destroy(handle) }
        context.handle = handle
        context.recordsLog = options.recordLog

        var settings: [(String, nlopt_result)] = []
        if let lower = options.lowerBounds { settings.append(("lower bounds", nlopt_set_lower_bounds(handle, lower))) }
        if let upper = options.upperBounds { settings.append(("upper bounds", nlopt_set_upper_bounds(handle, upper))) }
        settings.append(("ftol_rel", nlopt_set_ftol_rel(handle, options.relativeFunctionTolerance)))
        settings.append(("ftol_abs", nlopt_set_ftol_abs(handle, options.absoluteFunctionTolerance)))
        settings.append(("xtol_rel", nlopt_set_xtol_rel(handle, options.relativeParameterTolerance)))
        if let xtol = options.absoluteParameterTolerance { settings.append(("xtol_abs", nlopt_set_xtol_abs1(handle, xtol))) }
        if let step = options.initialStep { settings.append(("initial step", nlopt_set_initial_step(handle, step))) }
        settings.append(("maxeval", nlopt_set_maxeval(handle, Int32(clamping: options.maximumEvaluations))))
        if let seconds = options.maximumSeconds { settings.append(("maxtime", nlopt_set_maxtime(handle, seconds))) }
        if let history = options.lbfgsHistory { settings.append(("vector storage", nlopt_set_vector_storage(handle, UInt32(history)))) }

        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        settings.append(("objective", nlopt_set_min_objective(handle, nloptObjective, unmanaged.toOpaque())))
        for (name, result) in settings where result.rawValue < 0 {
            throw OptimizationError.rejected(status: OptimizationStatus(nloptResult: result), message: "setting \(name)")
        }

        var parameters = start
        var minimum = Double.nan
        let result = nlopt_optimize(handle, &parameters, &minimum)
        if let failure = context.failure { throw failure }
        let status = OptimizationStatus(nloptResult: result)
        if status == .invalidArguments || status == .outOfMemory {
            let message = nlopt_get_errmsg(handle).map { String(cString: $0) } ?? ""
            throw OptimizationError.rejected(status: status, message: message)
        }
        return OptimizationSummary(
            options: options, initial: start, final: parameters, fmin: minimum,
            evaluations: context.evaluations, status: status, nloptStatus: status.nloptName,
            log: options.recordLog ? context.log : nil)
    }

    private static func validate(start: [Double], options: OptimizationOptions) throws {
        guard !start.isEmpty else { throw OptimizationError.noParameters }
        for (index, value) in start.enumerated() where !value.isFinite {
            throw OptimizationError.nonFiniteStart(index: index, value: value)
        }
        let lower = options.lowerBounds ?? Array(repeating: -.infinity, count: start.count)
        let upper = options.upperBounds ?? Array(repeating: .infinity, count: start.count)
        for (name, vector) in [("lowerBounds", lower), ("upperBounds", upper), ("initialStep", options.initialStep ?? start)]
        where vector.count != start.count {
            throw OptimizationError.lengthMismatch(name: name, expected: start.count, got: vector.count)
        }
        for index in start.indices {
            guard !lower[index].isNaN, !upper[index].isNaN, lower[index] <= upper[index] else {
                throw OptimizationError.invalidBounds(index: index, lower: lower[index], upper: upper[index])
            }
            guard start[index] >= lower[index], start[index] <= upper[index] else {
                throw OptimizationError.startOutsideBounds(index: index, value: start[index],
                                                           lower: lower[index], upper: upper[index])
            }
        }
        for step in options.initialStep ?? [] where !(step > 0 && step.isFinite) {
            throw OptimizationError.invalidOption(name: "initialStep", value: step, expected: "finite numbers > 0")
        }
        for (name, value) in [("relativeFunctionTolerance", options.relativeFunctionTolerance),
                              ("absoluteFunctionTolerance", options.absoluteFunctionTolerance),
                              ("relativeParameterTolerance", options.relativeParameterTolerance)]
        where !(value >= 0 && value.isFinite) {
            throw OptimizationError.invalidOption(name: name, value: value, expected: "a finite number ≥ 0")
        }
        if let tolerance = options.absoluteParameterTolerance, !(tolerance >= 0 && tolerance.isFinite) {
            throw OptimizationError.invalidOption(name: "absoluteParameterTolerance", value: tolerance,
                                                  expected: "a finite number ≥ 0")
        }
        if let seconds = options.maximumSeconds, !(seconds > 0) {
            throw OptimizationError.invalidOption(name: "maximumSeconds", value: seconds, expected: "a number of seconds > 0")
        }
        if let history = options.lbfgsHistory, history < 1 || history > 10_000 {
            throw OptimizationError.invalidOption(name: "lbfgsHistory", value: Double(history),
                                                  expected: "a whole number from 1 to 10000")
        }
        if options.maximumEvaluations < 0 {
            throw OptimizationError.invalidOption(name: "maximumEvaluations", value: Double(options.maximumEvaluations),
                                                  expected: "a whole number ≥ 0 (0 for no limit)")
        }
    }
}

/// What the C callback needs: the Swift objective, the evaluation count, the log, and the
/// first error, which stops NLopt and is rethrown to the caller.
private final class ObjectiveContext {
    let valueOnly: (([Double]) throws -> Double)?
    let withGradient: (([Double], inout [Double]) throws -> Double)?
    var handle: nlopt_opt?
    var evaluations = 0
    var recordsLog = false
    var log: [OptimizationSummary.LogEntry] = []
    var failure: (any Error)?

    init(valueOnly: @escaping ([Double]) throws -> Double) {
        self.valueOnly = valueOnly
        self.withGradient = nil
    }

    init(withGradient: @escaping ([Double], inout [Double]) throws -> Double) {
        self.valueOnly = nil
        self.withGradient = withGradient
    }

    func evaluate(count: Int, parameters: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>?) -> Double {
        let x = Array(UnsafeBufferPointer(start: parameters, count: count))
        evaluations += 1
        do {
            let value: Double
            if let withGradient {
                var gradientVector = [Double](repeating: 0, count: count)
                value = try withGradient(x, &gradientVector)
                if let gradient {
                    for index in 0..<count { gradient[index] = gradientVector[index] }
                }
            } else {
                value = try valueOnly!(x)
            }
            if recordsLog { log.append(.init(parameters: x, value: value)) }
            guard value.isFinite else { throw OptimizationError.nonFiniteObjective(parameters: x, value: value) }
            return value
        } catch {
            if failure == nil { failure = error }
            if let handle { nlopt_force_stop(handle) }
            return .greatestFiniteMagnitude
        }
    }
}

private let nloptObjective: nlopt_func = { count, parameters, gradient, data in
    guard let data, let parameters else { return .nan }
    let context = Unmanaged<ObjectiveContext>.fromOpaque(data).takeUnretainedValue()
    return context.evaluate(count: Int(count), parameters: parameters, gradient: gradient)
}

/// The NLopt library version, for `trialstats doctor`.
public var nloptVersion: String {
    var major: Int32 = 0, minor: Int32 = 0, bugfix: Int32 = 0
    nlopt_version(&major, &minor, &bugfix)
    return "\(major).\(minor).\(bugfix)"
}
