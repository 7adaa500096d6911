import Foundation
import Testing
@testable import Optimization

/// Known minima: Rosenbrock's (1, 1) with f = 0, and a quadratic whose minimum lies outside
/// the box, so that the solution sits on an active bound.
struct MinimizerTests {
    static func rosenbrock(_ x: [Double]) -> Double {
        let a = 1 - x[0], b = x[1] - x[0] * x[0]
        return a * a + 100 * b * b
    }

    static func rosenbrockWithGradient(_ x: [Double], _ gradient: inout [Double]) -> Double {
        let b = x[1] - x[0] * x[0]
        gradient[0] = -2 * (1 - x[0]) - 400 * x[0] * b
        gradient[1] = 200 * b
        return rosenbrock(x)
    }

    /// (x − 3)² + (y + 1)² + 0.5·x·y: convex, with its unconstrained minimum at x ≈ 3.73.
    static func boundedQuadratic(_ x: [Double], _ gradient: inout [Double]) -> Double {
        gradient[0] = 2 * (x[0] - 3) + 0.5 * x[1]
        gradient[1] = 2 * (x[1] + 1) + 0.5 * x[0]
        return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1) + 0.5 * x[0] * x[1]
    }

    @Test func bobyqaFindsTheRosenbrockMinimum() throws {
        // The default absolute f tolerance, 1e-8, suits a deviance in the hundreds; Rosenbrock's
        // minimum is 0, so it needs a tighter one to locate x to 1e-4.
        let options = OptimizationOptions(absoluteFunctionTolerance: 1e-14)
        let summary = try Minimizer.minimize(start: [-1.2, 1], options: options, objective: Self.rosenbrock)
        #expect(summary.converged)
        #expect(abs(summary.final[0] - 1) < 1e-4 && abs(summary.final[1] - 1) < 1e-4)
        #expect(summary.fmin < 1e-8)
        #expect(summary.evaluations > 10)
        #expect(summary.initial == [-1.2, 1])
        print("BOBYQA Rosenbrock: \(summary.evaluations) evaluations, fmin \(summary.fmin), \(summary.nloptStatus)")
    }

    @Test func lbfgsFindsTheRosenbrockMinimum() throws {
        let options = OptimizationOptions(algorithm: .lbfgs)
        let summary = try Minimizer.minimize(start: [-1.2, 1], options: options,
                                             objectiveAndGradient: Self.rosenbrockWithGradient)
        #expect(summary.converged)
        #expect(abs(summary.final[0] - 1) < 1e-5 && abs(summary.final[1] - 1) < 1e-5)
        #expect(summary.fmin < 1e-10)
        print("L-BFGS Rosenbrock: \(summary.evaluations) evaluations, fmin \(summary.fmin), \(summary.nloptStatus)")
    }

    @Test(arguments: OptimizationAlgorithm.allCases)
    func aBoundedQuadraticStopsOnItsActiveBound(algorithm: OptimizationAlgorithm) throws {
        // With x ≤ 2, the minimum over y for x = 2 is at 2(y + 1) + 1 = 0, y = −1.5, and
        // f(2, −1.5) = 1 + 0.25 − 1.5 = −0.25; the x-gradient there, −2 − 0.75 < 0, pushes into the bound.
        let options = OptimizationOptions(algorithm: algorithm, lowerBounds: [-5, -5], upperBounds: [2, 5])
        let summary = try Minimizer.minimize(start: [0, 0], options: options, objectiveAndGradient: Self.boundedQuadratic)
        #expect(summary.converged)
        #expect(abs(summary.final[0] - 2) < 1e-6)
        #expect(abs(summary.final[1] + 1.5) < 1e-5)
        #expect(abs(summary.fmin + 0.25) < 1e-9)
        print("\(algorithm.rawValue) bounded quadratic: \(summary.evaluations) evaluations, final \(summary.final)")
    }

    @Test func aSingleParameterProblemWorks() throws {
        // A 1-dimensional θ is the commonest mixed model: (1 | subject).
        let options = OptimizationOptions(lowerBounds: [0])
        let summary = try Minimizer.minimize(start: [1], options: options) { x in (x[0] - 0.3) * (x[0] - 0.3) + 2 }
        // NLopt's BOBYQA in one dimension fits the quadratic exactly and then reports that
        // round-off, not a tolerance, stopped it. The status says so; it is not relabelled.
        #expect(summary.converged || summary.status == .roundoffLimited)
        #expect(abs(summary.final[0] - 0.3) < 1e-5)
    }

    @Test func theEvaluationLimitIsReportedNotHidden() throws {
        let options = OptimizationOptions(maximumEvaluations: 15)
        let summary = try Minimizer.minimize(start: [-1.2, 1], options: options, objective: Self.rosenbrock)
        #expect(summary.status == .maximumEvaluationsReached)
        #expect(!summary.converged)
        #expect(summary.evaluations == 15)
        #expect(summary.nloptStatus == "NLOPT_MAXEVAL_REACHED")
    }

    @Test func theLogRecordsEveryEvaluationAndTheSummaryRoundTrips() throws {
        let options = OptimizationOptions(recordLog: true)
        let summary = try Minimizer.minimize(start: [-1.2, 1], options: options, objective: Self.rosenbrock)
        #expect(summary.options.absoluteParameterTolerance == 1e-10)
        let log = try #require(summary.log)
        #expect(log.count == summary.evaluations)
        #expect(log.first?.parameters == [-1.2, 1])
        #expect(log.map(\.value).min() == summary.fmin)
        let data = try JSONEncoder().encode(summary)
        #expect(try JSONDecoder().decode(OptimizationSummary.self, from: data) == summary)
        // The same options and start reproduce the same path exactly.
        let again = try Minimizer.minimize(start: summary.initial, options: summary.options, objective: Self.rosenbrock)
        #expect(again == summary)
    }

    @Test func badInputIsRefusedNamingTheParameter() throws {
        #expect(throws: OptimizationError.noParameters) { try Minimizer.minimize(start: []) { _ in 0 } }
        #expect(throws: OptimizationError.nonFiniteStart(index: 1, value: .infinity)) {
            try Minimizer.minimize(start: [0, .infinity]) { _ in 0 }
        }
        #expect(throws: OptimizationError.lengthMismatch(name: "lowerBounds", expected: 2, got: 1)) {
            try Minimizer.minimize(start: [0, 0], options: .init(lowerBounds: [0])) { _ in 0 }
        }
        #expect(throws: OptimizationError.invalidBounds(index: 0, lower: 1, upper: 0)) {
            try Minimizer.minimize(start: [0.5], options: .init(lowerBounds: [1], upperBounds: [0])) { _ in 0 }
        }
        #expect(throws: OptimizationError.startOutsideBounds(index: 0, value: 3, lower: 0, upper: 2)) {
            try Minimizer.minimize(start: [3], options: .init(lowerBounds: [0], upperBounds: [2])) { _ in 0 }
        }
        #expect(throws: OptimizationError.gradientRequired(algorithm: .lbfgs)) {
            try Minimizer.minimize(start: [0], options: .init(algorithm: .lbfgs)) { _ in 0 }
        }
        #expect(throws: OptimizationError.self) {
            try Minimizer.minimize(start: [0], options: .init(initialStep: [-1])) { _ in 0 }
        }
        for options in [OptimizationOptions(algorithm: .lbfgs, lbfgsHistory: -1),
                        OptimizationOptions(maximumSeconds: 0),
                        OptimizationOptions(absoluteParameterTolerance: .nan),
                        OptimizationOptions(relativeFunctionTolerance: -1),
                        OptimizationOptions(maximumEvaluations: -5)] {
            #expect(throws: OptimizationError.self) {
                try Minimizer.minimize(start: [0], options: options) { x, gradient in
                    gradient[0] = 2 * x[0]
                    return x[0] * x[0]
                }
            }
        }
        let message = OptimizationError.startOutsideBounds(index: 0, value: 3, lower: 0, upper: 2).description
        #expect(message == "optimization: starting value 1 is 3.0, outside its bounds [0.0, 2.0]")
    }

    @Test func aNonFiniteObjectiveStopsWithThePointNamed() throws {
        let error = #expect(throws: OptimizationError.self) {
            try Minimizer.minimize(start: [1, 1]) { x in x[0] < 0.9 ? .nan : x[0] * x[0] + x[1] * x[1] }
        }
        guard case let .nonFiniteObjective(parameters, value)? = error else {
            Issue.record("expected nonFiniteObjective, got \(String(describing: error))")
            return
        }
        #expect(parameters[0] < 0.9 && value.isNaN)
    }

    @Test func anErrorThrownByTheObjectiveReachesTheCaller() throws {
        struct Boom: Error, Equatable {}
        var calls = 0
        #expect(throws: Boom()) {
            try Minimizer.minimize(start: [1, 1]) { x in
                calls += 1
                if calls == 5 { throw Boom() }
                return x[0] * x[0] + x[1] * x[1]
            }
        }
        #expect(calls == 5, "the optimizer stops at the first error")
    }

    @Test func versionAndStatusNamesComeFromNLopt() {
        #expect(nloptVersion.split(separator: ".").count == 3)
        #expect(OptimizationStatus.functionToleranceReached.nloptName == "NLOPT_FTOL_REACHED")
        #expect(OptimizationStatus.roundoffLimited.nloptName == "NLOPT_ROUNDOFF_LIMITED")
        #expect(!OptimizationStatus.roundoffLimited.isConvergence)
    }
}
