import Foundation
import Testing
import ModelFrames
import TrialData
@testable import MixedModels

/// MMRM inference against mmrm (fitted to its optimum: mmrm_oracle.R) and SAS PROC MIXED's
/// DDFM=KR and DDFM=KR(LINEAR) listings, for every covariance structure the three share.
struct KenwardRogerParityTests {
    struct Oracle: Decodable {
        struct Coefficients: Decodable { let terms: [String]; let estimate, se, df: [String] }
        struct Labelled: Decodable { let labels: [String]; let estimate, se, df: [String] }
        struct Test: Decodable { let numeratorDF: Int; let denominatorDF, F: [String] }
        struct Tests: Decodable {
            let vasBaseline, interaction: Test
            enum CodingKeys: String, CodingKey { case vasBaseline = "vas_bl", interaction = "arm:visit" }
        }
        struct Case: Decodable {
            let data, structure, formula: String
            let deviance, aic, aicc, bic: [String]
            let subjects: Int
            let satterthwaite, kenwardRogerLinear, kenwardRoger: Coefficients
            let marginalMeans, pairwise: Labelled?
            let tests: Tests?
        }
        struct Gaussian: Decodable { let data, formula: String; let criterion, estimate, se: [String]; let terms: [String] }
        struct Adjusted: Decodable { let labels: [String]; let p, lower, upper: [String] }
        let cases: [Case]
        let spatialGaussian: [Gaussian]
        let adjustedContrasts: [String: Adjusted]
    }

    static let oracle: Oracle = try! JSONDecoder().decode(
        Oracle.self, from: Data(contentsOf: ReferenceFixture.root.appendingPathComponent("Tests/MixedModelsTests/Fixtures/mmrm_oracle.json")))
    static let tables: [String: Table] = [
        "fev_data": SASListingTests.table,
        "mmrm-trial": try! CSVReader.read(path: ReferenceFixture.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path),
    ]

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
    static func number(_ text: [String]) -> Double { Double(text[0])! }

    /// Satterthwaite, Kenward-Roger-Linear and mmrm's Kenward-Roger (`kenward-roger-mmrm`) for
    /// every coefficient, and AIC, AICc and BIC: SEs to 1e-5 relative, df to 1e-4, as the issue
    /// asks of a fit at mmrm's optimum.
    @Test(arguments: oracle.cases.indices)
    func everyStructureAgreesWithMmrm(case index: Int) throws {
        let reference = Self.oracle.cases[index]
        let table = try #require(Self.tables[reference.data])
        let fit = try RepeatedMeasuresFit.fit(try Formula(reference.formula), table: table)
        #expect(fit.converged, "\(reference.formula)")
        // Source: mmrm_oracle.json (mmrm 0.3.14, nlminb to rel.tol ≤ 1e-10): deviance, AIC, AICc, BIC.
        #expect(Self.relative(fit.objective, Self.number(reference.deviance)) < 1e-9, "\(reference.formula): \(fit.objective)")
        #expect(fit.model.subjectCount == reference.subjects)
        let criteria = fit.informationCriteria
        #expect(Self.relative(criteria.aic, Self.number(reference.aic)) < 1e-9 && Self.relative(criteria.aicc, Self.number(reference.aicc)) < 1e-9
                && Self.relative(criteria.bic, Self.number(reference.bic)) < 1e-9, "\(reference.formula)")
        #expect(fit.model.fixedEffectNames == reference.satterthwaite.terms)
        for (method, expected) in [(DegreesOfFreedomMethod.satterthwaite, reference.satterthwaite),
                                   (.kenwardRogerLinear, reference.kenwardRogerLinear), (.kenwardRogerMMRM, reference.kenwardRoger)] {
            let inference = try FixedEffectsInference(fit: fit, method: method)
            for (position, test) in inference.coefficients.enumerated() {
                let term = expected.terms[position]
                // Source: mmrm_oracle.json, summary(fit)$coefficients of the Satterthwaite, Kenward-Roger-Linear and Kenward-Roger fits.
                let estimate = Double(expected.estimate[position])!, se = Double(expected.se[position])!, df = Double(expected.df[position])!
                #expect(abs(test.estimate - estimate) <= 1e-6 * max(abs(estimate), se), "\(reference.formula) \(method) \(term) estimate")
                #expect(Self.relative(test.standardError, se) < 1e-5, "\(reference.formula) \(method) \(term) SE \(test.standardError) vs \(se)")
                #expect(Self.relative(test.degreesOfFreedom, df) < 1e-4, "\(reference.formula) \(method) \(term) df \(test.degreesOfFreedom) vs \(df)")
            }
        }
    }

    struct Listing {
        var structure: String; var kr, krLinear: (se: Double, df: Double)
        var term: String { structure == "sp_exp" ? "sp_exp(VISITN, VISITN2 | USUBJID)" : "\(structure)(AVISIT | USUBJID)" }
    }

    // Source: mmrm v0.3.14 design/ddfm_covtype/kr_*.csv and kr1_*.csv: PROC MIXED on fev_data, MODEL FEV1 = ARMCD,
    // REPEATED AVISIT / TYPE = UN, CS, CSH, AR(1), ARH(1), TOEP, TOEPH, ANTE(1), SP(EXP)(VISITN VISITN2), DDFM=KR and DDFM=KR(LINEAR); the
    // LSMEANS difference TRT − PBO (the ARMCD coefficient): its SE and df.
    static let listings = [
        Listing(structure: "us", kr: (0.66124382270307, 160.733266403768), krLinear: (0.66124382270307, 160.733266403768)),
        Listing(structure: "cs", kr: (0.7964696053595, 177.038485931223), krLinear: (0.7964696053595, 177.038485931223)),
        Listing(structure: "csh", kr: (0.67414806011886, 190.737701349941), krLinear: (0.67403858183242, 190.737701349941)),
        Listing(structure: "ar1", kr: (0.95865439662225, 188.46934887972), krLinear: (0.96058142305176, 188.46934887972)),
        Listing(structure: "ar1h", kr: (0.7590316099633, 188.225339095373), krLinear: (0.75924807546934, 188.225339095373)),
        Listing(structure: "toep", kr: (0.87839805519623, 160.027408337368), krLinear: (0.87839805519623, 160.027408337368)),
        Listing(structure: "toeph", kr: (0.72543828853831, 180.062730071701), krLinear: (0.72537324518435, 180.062730071701)),
        Listing(structure: "adh", kr: (0.66172017349971, 162.393385281755), krLinear: (0.66158550758897, 162.393385281755)),
        // REPEATED / TYPE=SP(EXP)(VISITN VISITN2): two coordinates, VISITN2 a random number per row.
        Listing(structure: "sp_exp", kr: (0.90527620094771, 195.584197921463), krLinear: (0.90552903839818, 195.584197921463)),
    ]

    /// SAS's listings rest on SAS's estimates, which stop short of the optimum by up to 1e-5 in
    /// −2 log L (UN: 3667.96276376 against 3667.96275614 at it), and move SEs by up to 2e-4 (CSH
    /// and ANTE(1): 1.2e-4, in KR and KR(LINEAR) alike) and df by up to 5e-4 relative; so the
    /// listings are held to that, and the second-order term,
    /// KR − KR(LINEAR), which SAS's estimates barely move, to 2% of its size.
    @Test(arguments: listings.indices)
    func kenwardRogerIsSASsDDFMKR(case index: Int) throws {
        let listing = Self.listings[index]
        let fit = try RepeatedMeasuresFit.fit(try Formula("FEV1 ~ ARMCD + \(listing.term)"), table: SASListingTests.table)
        let kr = try FixedEffectsInference(fit: fit, method: .kenwardRoger).coefficients[1]
        let linear = try FixedEffectsInference(fit: fit, method: .kenwardRogerLinear).coefficients[1]
        #expect(Self.relative(kr.standardError, listing.kr.se) < 2e-4, "\(listing.structure) KR SE \(kr.standardError) vs SAS \(listing.kr.se)")
        #expect(Self.relative(kr.degreesOfFreedom, listing.kr.df) < 5e-4, "\(listing.structure) KR df \(kr.degreesOfFreedom) vs SAS \(listing.kr.df)")
        #expect(Self.relative(linear.standardError, listing.krLinear.se) < 2e-4,
                "\(listing.structure) KR(LINEAR) SE \(linear.standardError) vs SAS \(listing.krLinear.se)")
        #expect(kr.degreesOfFreedom == linear.degreesOfFreedom)
        let sasTerm = listing.kr.se - listing.krLinear.se, ourTerm = kr.standardError - linear.standardError
        #expect(abs(ourTerm - sasTerm) <= 0.02 * abs(sasTerm) + 1e-9, "\(listing.structure): second-order term \(ourTerm) vs SAS \(sasTerm)")
    }

    /// SAS's SP(GAU) over numeric weeks (mmrm has none): nlme's gls with corGaus, REML.
    @Test(arguments: oracle.spatialGaussian.indices)
    func spatialGaussianAgreesWithGls(case index: Int) throws {
        let reference = Self.oracle.spatialGaussian[index]
        let fit = try RepeatedMeasuresFit.fit(try Formula(reference.formula), table: try #require(Self.tables[reference.data]))
        #expect(fit.converged)
        // Source: mmrm_oracle.json, spatialGaussian: gls(correlation = corGaus(form = ~ time | subject), method = "REML").
        #expect(Self.relative(fit.objective, Self.number(reference.criterion)) < 1e-9, "\(fit.objective) vs \(reference.criterion)")
        #expect(fit.model.fixedEffectNames == reference.terms)
        for position in reference.terms.indices {
            let estimate = Double(reference.estimate[position])!, se = Double(reference.se[position])!
            #expect(abs(fit.fixedEffects[position] - estimate) <= 1e-6 * max(abs(estimate), se), "\(reference.terms[position])")
            #expect(Self.relative(fit.standardErrors[position], se) < 1e-5, "\(reference.terms[position]) SE")
        }
    }

    /// mmrm has no spatial Gaussian structure, so its Kenward-Roger is refused there, naming the two
    /// that exist; and the SAS and mmrm second-order terms differ on a structure both have.
    @Test func mmrmKenwardRogerNeedsAnMmrmStructure() throws {
        let table = try #require(Self.tables["mmrm-trial"])
        let gaussian = try RepeatedMeasuresFit.fit(try Formula("vas ~ arm + sp_gau(week | subject)"), table: table)
        do {
            _ = try FixedEffectsInference(fit: gaussian, method: .kenwardRogerMMRM)
            Issue.record("an mmrm Kenward-Roger of sp_gau was computed")
        } catch let MixedModelError.invalidOption(message) {
            #expect(message.contains("mmrm has no sp_gau") && message.contains("kenward-roger (SAS's DDFM=KR)"))
        }
        let unstructured = try RepeatedMeasuresFit.fit(try Formula("FEV1 ~ ARMCD + us(AVISIT | USUBJID)"), table: SASListingTests.table)
        let sas = try FixedEffectsInference(fit: unstructured, method: .kenwardRoger).coefficients[1]
        let mmrm = try FixedEffectsInference(fit: unstructured, method: .kenwardRogerMMRM).coefficients[1]
        // Source: the issue's fev_data UN numbers, mmrm KR SE 0.65101 against SAS DDFM=KR 0.66124 (listing above).
        #expect(abs(mmrm.standardError - 0.65101) < 1e-4 && abs(sas.standardError - 0.66124) < 2e-4)
    }

    /// A spatial structure takes times: visit labels are refused, naming what it needs.
    @Test func aSpatialStructureNeedsNumericTimes() throws {
        do {
            _ = try RepeatedMeasuresFit.fit(try Formula("vas ~ arm + sp_exp(visit | subject)"), table: try #require(Self.tables["mmrm-trial"]))
            Issue.record("sp_exp over visit labels was fitted")
        } catch let MixedModelError.invalidOption(message) {
            #expect(message.contains("sp_exp(time | subject) needs a numeric time column"))
        }
    }

    /// R's p.adjust family on pairwise contrasts, as emmeans applies it: the p-values adjusted
    /// within each visit, the intervals Bonferroni's.
    @Test(arguments: [MarginalMeans.Adjustment.holm, .hochberg, .hommel, .benjaminiHochberg, .benjaminiYekutieli])
    func contrastAdjustmentsAreEmmeans(adjustment: MarginalMeans.Adjustment) throws {
        let reference = try #require(Self.oracle.adjustedContrasts[adjustment.rawValue])
        let fit = try RepeatedMeasuresFit.fit(try Formula("vas ~ vas_bl + arm * visit + us(visit | subject)"), table: try #require(Self.tables["mmrm-trial"]))
        let satterthwaite = try fit.satterthwaite()
        let emm = try MarginalMeans(frame: fit.model.frame, estimableNames: fit.model.fixedEffectNames, specification: ["arm"], by: ["visit"],
                                    comparison: .pairwise, adjustment: adjustment) { (l: [Double]) throws(MixedModelError) in satterthwaite.contrast(l) }
        // Source: mmrm_oracle.json, adjustedContrasts: summary(pairs(emmeans(fit, ~ arm | visit), reverse = FALSE, adjust = …),
        // infer = c(TRUE, TRUE)) on mmrm's Satterthwaite fit.
        #expect(emm.contrasts.map { ([$0.label] + $0.by).joined(separator: " | ") } == reference.labels)
        for (contrast, (p, (lower, upper))) in zip(emm.contrasts, zip(reference.p, zip(reference.lower, reference.upper))) {
            #expect(Self.relative(contrast.pValue, Double(p)!) < 1e-4, "\(adjustment) \(contrast.label) p \(contrast.pValue) vs \(p)")
            #expect(abs(contrast.lower - Double(lower)!) < 1e-5 && abs(contrast.upper - Double(upper)!) < 1e-5, "\(adjustment) \(contrast.label) CI")
        }
        #expect(emm.adjustmentNote?.contains("intervals by Bonferroni's, as emmeans does") == true)
    }
}
