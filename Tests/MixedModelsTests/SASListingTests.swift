import Foundation
import Testing
import ModelFrames
import TrialData
@testable import MixedModels

/// MMRMs of mmrm's fev_data against SAS PROC MIXED listings (mmrm's public design/SAS folder,
/// v0.3.14): the criterion to the 8 decimals of the iteration history, AIC, AICC and BIC to the
/// listing's one decimal (BIC with SAS's count of subjects), and the null model likelihood-ratio
/// test to its two.
struct SASListingTests {
    static let table: Table = try! CSVReader.read(path: ReferenceFixture.root.appendingPathComponent("Tests/MixedModelsTests/Fixtures/fev_data.csv").path)

    struct Listing {
        var formula: String
        var method: EstimationMethod
        var criterion: Double
        var aic, aicc, bic: Double
        var nullDF: Int
        var nullChiSquare: Double
    }

    // Source: mmrm v0.3.14 design/SAS listings of PROC MIXED on fev_data ("Iteration History", "Fit Statistics",
    // "Null Model Likelihood Ratio Test"): sas_cs_reml.txt, sas_cs_ml.txt, sas_ar1_reml.txt (MODEL FEV1 = ;) and
    // sas_log_reml.txt (MODEL FEV1 = ARMCD AVISIT ARMCD*AVISIT RACE SEX; TYPE=UN).
    static let listings = [
        Listing(formula: "FEV1 ~ 1 + cs(AVISIT | USUBJID)", method: .reml, criterion: 3917.98183508, aic: 3922.0, aicc: 3922.0, bic: 3928.6,
                nullDF: 1, nullChiSquare: 2.50),
        Listing(formula: "FEV1 ~ 1 + cs(AVISIT | USUBJID)", method: .ml, criterion: 3918.12214544, aic: 3924.1, aicc: 3924.2, bic: 3934.0,
                nullDF: 1, nullChiSquare: 2.37),
        Listing(formula: "FEV1 ~ 1 + ar1(AVISIT | USUBJID)", method: .reml, criterion: 3875.49945459, aic: 3879.5, aicc: 3879.5, bic: 3886.1,
                nullDF: 1, nullChiSquare: 44.98),
        Listing(formula: "FEV1 ~ ARMCD * AVISIT + RACE + SEX + us(AVISIT | USUBJID)", method: .reml, criterion: 3386.44987722,
                aic: 3406.4, aicc: 3406.9, bic: 3439.4, nullDF: 9, nullChiSquare: 149.52),
    ]

    @Test(arguments: listings.indices)
    func informationCriteriaAndTheNullModelTestAreSAS(case index: Int) throws {
        let listing = Self.listings[index]
        let fit = try RepeatedMeasuresFit.fit(try Formula(listing.formula), table: Self.table, method: listing.method)
        #expect(fit.converged)
        // The iteration history's last criterion; SAS stops within its convergence criterion (≤ 1e-8 relative here).
        #expect(abs(fit.objective - listing.criterion) <= 1e-4, "\(fit.objective) vs \(listing.criterion)")
        let criteria = fit.informationCriteria
        // BIC's n: mmrm's, the 197 subjects with an observation; SAS counts all 200 subjects read, 3 of them with
        // every FEV1 missing, so its BIC is d·ln(200/197) larger.
        #expect(fit.model.subjectCount == 197)
        let sasBIC = criteria.bic + Double(criteria.parameters) * log(200.0 / 197.0)
        for (ours, sas, name) in [(criteria.aic, listing.aic, "AIC"), (criteria.aicc, listing.aicc, "AICC"), (sasBIC, listing.bic, "BIC")] {
            #expect(abs(ours - sas) <= 0.05 + 1e-9, "\(listing.formula) \(listing.method): \(name) \(ours) vs SAS \(sas)")
        }
        let null = try fit.nullModelTest()
        #expect(null.degreesOfFreedom == listing.nullDF)
        #expect(abs(null.chiSquare - listing.nullChiSquare) <= 0.005 + 1e-9, "\(null.chiSquare) vs SAS \(listing.nullChiSquare)")
    }

    /// The null model's criterion is SAS's iteration 0 to the listing's 8 decimals: the same
    /// constants, log|X'X| included under REML.
    @Test func theNullModelIsSASsIterationZero() throws {
        // Source: sas_cs_reml.txt and sas_cs_ml.txt, "Iteration History", iteration 0; sas_log_reml.txt for UN.
        for (formula, method, iterationZero) in [("FEV1 ~ 1 + cs(AVISIT | USUBJID)", EstimationMethod.reml, 3920.48098100),
                                                 ("FEV1 ~ 1 + cs(AVISIT | USUBJID)", .ml, 3920.49665323),
                                                 ("FEV1 ~ ARMCD * AVISIT + RACE + SEX + us(AVISIT | USUBJID)", .reml, 3535.97413376)] {
            let fit = try RepeatedMeasuresFit.fit(try Formula(formula), table: Self.table, method: method)
            #expect(abs(try fit.nullModelTest().nullCriterion - iterationZero) <= 5e-9, "\(formula) \(method)")
        }
    }
}

/// SAS's "Covariance Parameter Estimates" with CL (Satterthwaite limits for variances, Wald for
/// covariances and correlations) for every structure of mmrm's ddfm_covtype listings.
struct CovarianceParameterEstimateTests {
    struct Fixture: Decodable {
        struct Case: Decodable { let structure, listing, criterion: String; let name, estimate, lower, upper: [String] }
        let cases: [Case]
    }
    static let fixture: Fixture = try! JSONDecoder().decode(
        Fixture.self, from: Data(contentsOf: ReferenceFixture.root.appendingPathComponent("Tests/MixedModelsTests/Fixtures/sas/sas_covariance_parameters.json")))

    /// A printed number agrees when it is within half a unit of its last digit, plus 1% of the
    /// parameter's SE: SAS's estimates stop short of the optimum (UN: −2RLL 7.6e-6 above it), which
    /// on a flat likelihood moves a covariance estimate by up to 0.004 SE here (and its limits with
    /// it). Where SAS reached the optimum (CS, AR(1), TOEPH) estimates and limits agree to 1e-5 SE.
    static func agrees(_ ours: Double, _ printed: String, standardError: Double) -> Bool {
        let decimals = printed.split(separator: ".").dropFirst().first?.count ?? 0
        return abs(ours - Double(printed)!) <= 0.5 * pow(10, -Double(decimals)) + 0.01 * standardError
    }

    @Test(arguments: fixture.cases.map(\.structure))
    func estimatesAndLimitsAreSASs(structure: String) throws {
        let reference = try #require(Self.fixture.cases.first { $0.structure == structure })
        // SAS's SP(EXP)(VISITN VISITN2): two coordinates.
        let term = structure == "sp_exp" ? "sp_exp(VISITN, VISITN2 | USUBJID)" : "\(structure)(AVISIT | USUBJID)"
        let fit = try RepeatedMeasuresFit.fit(try Formula("FEV1 ~ ARMCD + \(term)"), table: SASListingTests.table)
        let estimates = try CovarianceParameterEstimates(fit: fit)
        // Source: sas_covariance_parameters.json (sas_covariance_parameters.R from mmrm v0.3.14 design/ddfm_covtype listings).
        #expect(estimates.parameters.map(\.name) == reference.name)
        #expect(abs(fit.objective - Double(reference.criterion)!) <= 0.05 + 1e-9)
        for (index, parameter) in estimates.parameters.enumerated() where index < reference.name.count {
            let se = parameter.standardError
            #expect(Self.agrees(parameter.estimate, reference.estimate[index], standardError: se), "\(structure) \(parameter.name) \(parameter.estimate) vs \(reference.estimate[index])")
            #expect(Self.agrees(parameter.lower, reference.lower[index], standardError: se)
                    && Self.agrees(parameter.upper, reference.upper[index], standardError: se),
                    "\(structure) \(parameter.name) \(parameter.lower) to \(parameter.upper) vs \(reference.lower[index]) to \(reference.upper[index])")
        }
        // Satterthwaite's limits (bounded below by 0): the residual, Var(i) and UN(i,i).
        func isVariance(_ name: String) -> Bool {
            if name == "Residual" || name.hasPrefix("Var(") || name.hasPrefix("SP(") { return true }
            let indices = name.hasPrefix("UN(") ? name.dropFirst(3).dropLast().split(separator: ",") : []
            return indices.count == 2 && indices[0] == indices[1]
        }
        #expect(estimates.parameters.allSatisfy { $0.isVariance == isVariance($0.name) })
    }
}
