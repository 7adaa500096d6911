import _CNLopt

/// Why the optimizer stopped, NLopt's result codes under names a report can print.
public enum OptimizationStatus: String, Codable, Sendable, CaseIterable {
    case success
    case stopValueReached
    case functionToleranceReached
    case parameterToleranceReached
    case maximumEvaluationsReached
    case maximumTimeReached
    case failure
    case invalidArguments
    case outOfMemory
    case roundoffLimited
    case forcedStop

    /// Stopped because a convergence criterion was met. A fit that stopped for any other
    /// reason must say so in its output; it is never reported as converged.
    public var isConvergence: Bool {
        switch self {
        case .success, .stopValueReached, .functionToleranceReached, .parameterToleranceReached: return true
        default: return false
        }
    }

    /// NLopt's own code, e.g. 3 for NLOPT_FTOL_REACHED.
    public var nloptCode: Int32 {
        switch self {
        case .success: return 1
        case .stopValueReached: return 2
        case .functionToleranceReached: return 3
        case .parameterToleranceReached: return 4
        case .maximumEvaluationsReached: return 5
        case .maximumTimeReached: return 6
        case .failure: return -1
        case .invalidArguments: return -2
        case .outOfMemory: return -3
        case .roundoffLimited: return -4
        case .forcedStop: return -5
        }
    }

    /// NLopt's name for the code, e.g. "NLOPT_FTOL_REACHED", as R's nloptr prints it.
    public var nloptName: String {
        "NLOPT_" + (nlopt_result_to_string(nlopt_result(rawValue: nloptCode)).map { String(cString: $0) } ?? "UNKNOWN")
    }

    init(nloptResult: nlopt_result) {
        self = Self.allCases.first { $0.nloptCode == nloptResult.rawValue } ?? .failure
    }
}
