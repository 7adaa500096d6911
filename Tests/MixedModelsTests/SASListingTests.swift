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
