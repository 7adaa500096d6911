import Testing
@testable import MetaAnalysis

/// Effects from means: MD and Hedges' g on dat.normand1999, and the Morris (2008)
/// pre-post-control studies (SMCR per arm, differenced; and d_ppc2), each then pooled.
// Source: Fixtures/metafor_reference.json, written by Fixtures/metafor_reference.R (metafor 3.8-1).
struct MeanEffectsTests {
    static func normandArms(_ normand: MetaforFixture.Normand) -> [(String, ArmSummary, ArmSummary)] {
        normand.source.indices.map {
            (normand.source[$0], ArmSummary(count: normand.n1i[$0], mean: normand.m1i[$0], standardDeviation: normand.sd1i[$0]),
             ArmSummary(count: normand.n2i[$0], mean: normand.m2i[$0], standardDeviation: normand.sd2i[$0]))
        }
    }

    static func morrisArms(_ arm: MetaforFixture.Arm) -> [PrePostSummary] {
        arm.ni.indices.map {
            PrePostSummary(count: arm.ni[$0], preMean: arm.m_pre[$0], postMean: arm.m_post[$0],
                           preStandardDeviation: arm.sd_pre[$0], correlation: arm.ri[$0])
        }
    }

    static func compare(_ effects: [StudyEffect], _ yi: [String], _ vi: [String], _ context: String) {
        #expect(effects.count == yi.count)
        for (index, effect) in effects.enumerated() {
            Agreement.check(effect.estimate, yi[index], "\(context) \(effect.study) yi")
            Agreement.check(effect.variance, vi[index], "\(context) \(effect.study) vi")
        }
    }

    @Test func normandMeanDifferencesAndModelsMatchMetafor() throws {
        let normand = try MetaforFixture.load().normand
        let effects = try Self.normandArms(normand).map { try MeanEffects.meanDifference($0.1, $0.2, study: $0.0) }
        Self.compare(effects, normand.md.yi, normand.md.vi, "MD")
        for model in normand.md.models { model.compare(try MetaAnalysisSummary(effects, options: model.options), "normand1999 MD") }
    }

    @Test func normandHedgesGAndModelsMatchMetafor() throws {
        let normand = try MetaforFixture.load().normand
        let effects = try Self.normandArms(normand).map { try MeanEffects.hedgesG($0.1, $0.2, study: $0.0) }
        Self.compare(effects, normand.smd.yi, normand.smd.vi, "SMD")
        for model in normand.smd.models { model.compare(try MetaAnalysisSummary(effects, options: model.options), "normand1999 SMD") }
    }

    @Test func morrisPrePostControlMatchesSMCRDifferences() throws {
        let morris = try MetaforFixture.load().morris
        let treatment = Self.morrisArms(morris.treatment), control = Self.morrisArms(morris.control)
        let armT = try treatment.enumerated().map { try MeanEffects.standardizedMeanChange($0.element, study: "study \($0.offset + 1)") }
        let armC = try control.enumerated().map { try MeanEffects.standardizedMeanChange($0.element, study: "study \($0.offset + 1)") }
        Self.compare(armT, morris.smcr_treatment.yi, morris.smcr_treatment.vi, "SMCR treatment")
        Self.compare(armC, morris.smcr_control.yi, morris.smcr_control.vi, "SMCR control")
        let effects = try zip(treatment, control).enumerated().map {
            try MeanEffects.standardizedMeanChangeDifference($0.element.0, $0.element.1, study: "study \($0.offset + 1)")
        }
        Self.compare(effects, morris.difference.yi, morris.difference.vi, "SMCR difference")
        for model in morris.difference.models { model.compare(try MetaAnalysisSummary(effects, options: model.options), "morris2008 SMCR") }
    }

    @Test func morrisDppc2MatchesThePaperFormula() throws {
        let morris = try MetaforFixture.load().morris
        let effects = try zip(Self.morrisArms(morris.treatment), Self.morrisArms(morris.control)).enumerated().map {
            try MeanEffects.dppc2($0.element.0, $0.element.1, study: "study \($0.offset + 1)")
        }
        Self.compare(effects, morris.dppc2.yi, morris.dppc2.vi, "d_ppc2")
    }

    @Test func zeroSpreadIsRefused() {
        let flat = ArmSummary(count: 10, mean: 1, standardDeviation: 0)
        #expect(throws: MetaAnalysisError.self) { try MeanEffects.hedgesG(flat, flat, study: "flat") }
        #expect(throws: MetaAnalysisError.self) { try MeanEffects.meanDifference(flat, flat, study: "flat") }
    }
}
