import Foundation
import Testing

/// `trialstats fit` end to end: the JSON contract, lme4's numbers, singular fits and refusals.
struct MixedModelCommandTests {
    static func dataset(_ path: String) -> String { DataCommandTests.root.appendingPathComponent("Datasets/\(path)").path }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func close(_ value: Any?, _ expected: Double, _ tolerance: Double) -> Bool {
        guard let value = value as? Double else { return false }
        return abs(value - expected) <= tolerance * abs(expected)
    }

    @Test func jsonCarriesTheContractAndLme4sNumbers() throws {
        let outcome = try CommandRunner.run(["fit", Self.dataset("lme4-examples/sleepstudy.csv"),
                                             "--formula", "Reaction ~ Days + (Days | Subject)", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try Self.json(outcome.standardOutput)
        for key in ["model", "method", "formula", "nobs", "groups", "fixed", "random", "correlations", "residual", "logLik",
                    "deviance", "REMLcriterion", "aic", "bic", "converged", "singular", "optimizer", "ledger"] {
            #expect(document[key] != nil, "key \(key)")
        }
        #expect(document["model"] as? String == "lmm" && document["method"] as? String == "REML")
        #expect(document["nobs"] as? Int == 180 && (document["groups"] as? [String: Int]) == ["Subject": 18])
        #expect(document["converged"] as? Bool == true && document["singular"] as? Bool == false)
        // Source: Tests/MixedModelsTests/Fixtures/lmm_reference.json, case "sleepstudy" (lme4 1.1-31, lmerTest 3.1-3).
        let fixed = try #require(document["fixed"] as? [[String: Any]])
        #expect(fixed.map { $0["term"] as? String } == ["(Intercept)", "Days"])
        #expect(Self.close(fixed[0]["estimate"], 251.40510484848318, 1e-6) && Self.close(fixed[1]["estimate"], 10.467285959596463, 1e-6))
        #expect(Self.close(fixed[0]["se"], 6.8245565195232718, 1e-6) && Self.close(fixed[1]["se"], 1.5457888941306972, 1e-6))
        #expect(Self.close(fixed[0]["df"], 17.00000002384834, 1e-4) && Self.close(fixed[1]["df"], 17.000000096153329, 1e-4))
        #expect(Self.close(document["REMLcriterion"], 1743.6282719584906, 1e-9))
        let random = try #require(document["random"] as? [[String: Any]])
        #expect(Self.close(random[0]["variance"], 612.08993547830221, 1e-6) && Self.close(random[1]["variance"], 35.071660374316238, 1e-6))
        let residual = try #require(document["residual"] as? [String: Any])
        #expect(Self.close(residual["variance"], 654.94102736734624, 1e-6))
        let optimizer = try #require(document["optimizer"] as? [String: Any])
        #expect(optimizer["name"] != nil && (optimizer["evaluations"] as? Int ?? 0) > 0 && optimizer["status"] as? String == "NLOPT_FTOL_REACHED")
    }

    @Test func kenwardRogerAndTheLedgerOnTheSimulatedTrial() throws {
        let outcome = try CommandRunner.run(["fit", Self.dataset("simulated-three-arm/three-arm-trial.csv"),
                                             "--formula", "vas ~ arm * week + (1 + week | subject)", "--df", "kenward-roger",
                                             "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try Self.json(outcome.standardOutput)
        // Source: lmm_reference.json, case "three-arm trial": pbkrtest df and adjusted SEs, KRmodcomp's type III F.
        let fixed = try #require(document["fixed"] as? [[String: Any]])
        #expect(Self.close(fixed[3]["df"], 75.359122848060849, 1e-4) && Self.close(fixed[3]["se"], 0.022555471239296562, 1e-6))
        let tests = try #require(document["typeIII"] as? [[String: Any]])
        #expect(tests.map { $0["term"] as? String } == ["arm", "week", "arm:week"])
        #expect(Self.close(tests[2]["F"], 10.428222807453688, 1e-6) && Self.close(tests[2]["denominatorDF"], 76.766328492680117, 1e-4))
        // Source: make_three_arm_trial.R sets three VAS values to NA (data lines 18, 141 and 302).
        let ledger = try #require(document["ledger"] as? [String: Any])
        #expect(ledger["rowsRead"] as? Int == 394 && ledger["rowsUsed"] as? Int == 391)
        let excluded = try #require(ledger["excluded"] as? [[String: Any]])
        #expect(excluded.count == 1 && excluded[0]["reason"] as? String == "vas is missing" && excluded[0]["rows"] as? Int == 3)
    }

    @Test func summaryFollowsLme4sOrderAndSaysWhatIsSingular() throws {
        let outcome = try CommandRunner.run(["fit", Self.dataset("lme4-examples/Dyestuff2.csv"), "--formula", "Yield ~ 1 + (1 | Batch)"])
        #expect(outcome.status == 0)
        let text = outcome.standardOutput
        let order = ["Linear mixed model fit by REML", "Scaled residuals", "Random effects", "Fixed effects", "Optimizer"]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
        #expect(text.contains("boundary (singular) fit: the variance of (Intercept) for Batch is estimated as 0"))
        #expect(outcome.standardError.contains("warning: boundary (singular) fit"))
    }

    @Test func badModelsAreRefusedWithTheReason() throws {
        let constant = try DataCommandTests.temporaryFile("y,x,g\n1,1,a\n1,2,a\n1,3,b\n1,4,b\n")
        let flat = try CommandRunner.run(["fit", constant, "--formula", "y ~ x + (1 | g)"])
        #expect(flat.status == 65 && flat.standardError.contains("the response y is 1.0 on every row used"))
        let single = try DataCommandTests.temporaryFile("y,x,g\n1,1,a\n2,2,a\n3,3,a\n5,4,a\n")
        let one = try CommandRunner.run(["fit", single, "--formula", "y ~ x + (1 | g)"])
        #expect(one.status == 65 && one.standardError.contains("the grouping factor g has 1 level (a)"))
        let collinear = try DataCommandTests.temporaryFile("y,x,x2,g\n1,1,2,a\n2,2,4,a\n3,3,6,b\n5,4,8,b\n4,2,4,c\n6,5,10,c\n")
        let dropped = try CommandRunner.run(["fit", collinear, "--formula", "y ~ x + x2 + (1 | g)", "--format", "json"])
        #expect(dropped.status == 0)
        #expect(try Self.json(dropped.standardOutput)["droppedFixedEffects"] as? [String] == ["x2"])
        let noRandom = try CommandRunner.run(["fit", collinear, "--formula", "y ~ x"])
        #expect(noRandom.status == 65 && noRandom.standardError.contains("fit it with `trialstats lm`"))
        let mlKR = try CommandRunner.run(["fit", collinear, "--formula", "y ~ x + (1 | g)", "--ml", "--df", "kenward-roger"])
        #expect(mlKR.status == 64 && mlKR.standardError.contains("needs a REML fit"))
        let syntax = try CommandRunner.run(["fit", collinear, "--formula", "y ~ x * (1 | g)"])
        #expect(syntax.status == 64 && syntax.standardError.contains("cannot be multiplied"))
    }

    @Test func reducedModelIsTestedByLikelihoodRatioAfterAnMLRefit() throws {
        let outcome = try CommandRunner.run(["fit", Self.dataset("lme4-examples/sleepstudy.csv"), "--formula",
                                             "Reaction ~ Days + (Days | Subject)", "--reduced", "Reaction ~ Days + (1 | Subject)",
                                             "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let test = try #require(try Self.json(outcome.standardOutput)["likelihoodRatio"] as? [String: Any])
        // Source: lmm_reference.json, likelihoodRatio "sleepstudy: random slope" (lme4's anova(), refit = TRUE).
        #expect(Self.close(test["chisq"], 42.139298541931112, 1e-6) && test["df"] as? Int == 2)
        #expect(Self.close(test["p"], 7.0724125475315414e-10, 1e-5))
        #expect(test["refittedByML"] as? Bool == true && test["varianceOnBoundary"] as? Bool == true)
        let bad = try CommandRunner.run(["fit", Self.dataset("lme4-examples/sleepstudy.csv"), "--formula", "Reaction ~ Days + (1 | Subject)",
                                         "--reduced", "Reaction ~ Days + (Days | Subject)"])
        #expect(bad.status == 65 && bad.standardError.contains("the full model must have more"))
    }

    @Test func bootstrapIntervalsAreReproducibleFromTheSeed() throws {
        let arguments = ["fit", Self.dataset("lme4-examples/sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days | Subject)",
                         "--bootstrap", "50", "--seed", "11", "--format", "json"]
        let first = try CommandRunner.run(arguments), second = try CommandRunner.run(arguments)
        #expect(first.status == 0 && first.standardOutput == second.standardOutput)
        let bootstrap = try #require(try Self.json(first.standardOutput)["bootstrap"] as? [String: Any])
        #expect(bootstrap["replicates"] as? Int == 50 && bootstrap["seed"] as? Int == 11)
        let used = bootstrap["used"] as? Int ?? 0, skipped = (bootstrap["notConverged"] as? Int ?? 0) + (bootstrap["failed"] as? Int ?? 0)
        #expect(used + skipped == 50 && used >= 45)
        let intervals = try #require(bootstrap["intervals"] as? [[String: Any]])
        #expect(intervals.map { $0["parameter"] as? String } == ["sd (Intercept) | Subject", "cor Days, (Intercept) | Subject",
                                                                 "sd Days | Subject", "sigma", "(Intercept)", "Days"])
        let bad = try CommandRunner.run(["fit", Self.dataset("lme4-examples/sleepstudy.csv"), "--formula", "Reaction ~ Days + (1 | Subject)",
                                         "--bootstrap", "0"])
        #expect(bad.status == 64)
    }

    /// Every number a reader needs is there: JSON writes a missing number as null, so a NaN
    /// anywhere in these fields would show as null.
    static func expectNumbersPresent(_ document: [String: Any], _ label: String) {
        let mmrm = document["model"] as? String == "mmrm"
        for row in document["fixed"] as? [[String: Any]] ?? [] {
            for key in ["estimate", "se", "df", "t", "p", "lower", "upper"] { #expect(row[key] is Double, "\(label): fixed \(key)") }
        }
        for row in document["typeIII"] as? [[String: Any]] ?? [] {
            for key in ["F", "numeratorDF", "denominatorDF", "p"] { #expect(row[key] is Double, "\(label): typeIII \(key)") }
        }
        for row in document["random"] as? [[String: Any]] ?? [] { #expect(row["variance"] is Double && row["sd"] is Double, "\(label): random") }
        // An MMRM has no separate residual variance, and its REML fit reports no ML deviance.
        if !mmrm {
            let residual = document["residual"] as? [String: Any] ?? [:]
            #expect(residual["variance"] is Double && residual["sd"] is Double, "\(label): residual")
        }
        for key in ["logLik", "REMLcriterion", "aic", "bic"] + (mmrm ? [] : ["deviance"]) {
            #expect(document[key] is Double, "\(label): \(key)")
        }
    }

    @Test func degenerateAndUnconvergedFitsAreSaidPlainlyWithoutNaN() throws {
        let trial = Self.dataset("simulated-three-arm/three-arm-trial.csv")
        // Each subject is in one arm, so a random arm effect per subject cannot be identified.
        let degenerate = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm + (1 + arm | subject)"])
        #expect(degenerate.status == 0)
        #expect(degenerate.standardError.contains("the random effects (1 + arm | subject) cannot all be estimated"))
        #expect(degenerate.standardOutput.contains("cannot all be estimated"))
        #expect(!degenerate.standardOutput.contains("| NA |") && !degenerate.standardOutput.contains("NaN"))
        let degenerateJSON = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm + (1 + arm | subject)", "--format", "json"])
        Self.expectNumbersPresent(try Self.json(degenerateJSON.standardOutput), "degenerate")
        let stopped = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm * week + (1 + week | subject)",
                                             "--max-evaluations", "6", "--format", "json"])
        #expect(stopped.status == 0)
        let document = try Self.json(stopped.standardOutput)
        #expect(document["converged"] as? Bool == false)
        #expect((document["messages"] as? [String])?.contains { $0.contains("NLOPT_MAXEVAL_REACHED") } == true)
        #expect(stopped.standardError.contains("warning: the optimizer stopped without converging"))
        Self.expectNumbersPresent(document, "stopped")
        let table = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm * week + (1 + week | subject)", "--max-evaluations", "6"])
        #expect(table.standardOutput.contains("| NO |") && !table.standardOutput.contains("| NA |"))
    }

    @Test func residualDegreesOfFreedomAndFittedValues() throws {
        let fittedPath = FileManager.default.temporaryDirectory.appendingPathComponent("fitted-\(UUID().uuidString).csv").path
        let outcome = try CommandRunner.run(["fit", Self.dataset("lme4-examples/sleepstudy.csv"), "--formula",
                                             "Reaction ~ Days + (Days | Subject)", "--df", "residual", "--fitted", fittedPath,
                                             "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let fixed = try #require(try Self.json(outcome.standardOutput)["fixed"] as? [[String: Any]])
        // Residual df: n − p = 180 − 2.
        #expect(fixed.allSatisfy { $0["df"] as? Double == 178 })
        let lines = try String(contentsOfFile: fittedPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 181 && lines[0] == "line,observed,fitted,residual")
        // Source: lmm_reference.json, case "sleepstudy": fitted[0] 253.6636705480235, residuals[0] -4.1036705480235014.
        let first = lines[1].split(separator: ",").compactMap { Double($0) }
        #expect(first.count == 4 && first[0] == 2 && Self.close(first[2], 253.6636705480235, 1e-7) && Self.close(first[3], -4.1036705480235014, 1e-6))
    }

    @Test func termsWithoutEffectsAndDateGroupingFactorsAreRefused() throws {
        let path = try DataCommandTests.temporaryFile("y,x,g,day\n1,1,a,2024-01-02\n2,2,a,2024-01-03\n3,3,b,2024-01-02\n5,4,b,2024-01-05\n")
        let empty = try CommandRunner.run(["fit", path, "--formula", "y ~ x + (0 | g)"])
        #expect(empty.status == 64 && empty.standardError.contains("has no effects"))
        let date = try CommandRunner.run(["fit", path, "--formula", "y ~ x + (1 | day)"])
        #expect(date.status == 65 && date.standardError.contains("day is a date column"), "\(date.standardError)")
    }

    @Test func mmrmWritesTheCovarianceMarginalMeansAndContrasts() throws {
        let outcome = try CommandRunner.run(["fit", Self.dataset("simulated-mmrm/mmrm-trial.csv"), "--formula",
                                             "vas ~ vas_bl + arm * visit + us(visit | subject)", "--df", "kenward-roger",
                                             "--emmeans", "arm | visit", "--contrasts", "pairwise", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try Self.json(outcome.standardOutput)
        #expect(document["model"] as? String == "mmrm" && document["method"] as? String == "REML")
        Self.expectNumbersPresent(document, "mmrm")
        // Source: Tests/MixedModelsTests/Fixtures/mmrm_reference.json, case "unstructured": gls at its polished
        // optimum (logLik, Σ, estimates); mmrm_oracle.json, case mmrm-trial us: mmrm's Kenward-Roger-Linear fit, SAS's
        // DDFM=KR for UN (SE and df of armtriamcinolone, of the first mean and the first contrast).
        #expect(Self.close(document["logLik"], -503.35520288248688, 1e-9))
        let covariance = try #require(document["covariance"] as? [String: Any])
        #expect(covariance["structure"] as? String == "us" && covariance["visits"] as? [String] == ["week02", "week04", "week08", "week12"])
        let matrix = try #require(covariance["matrix"] as? [[Double]])
        #expect(Self.close(matrix[0][0], 0.8352161641739273, 1e-6) && Self.close(matrix[1][0], 0.89226145860422967, 1e-6))
        let fixed = try #require(document["fixed"] as? [[String: Any]])
        #expect(Self.close(fixed[3]["estimate"], -0.77792226099712392, 1e-6) && Self.close(fixed[3]["se"], 0.20517365001076585, 1e-5)
                && Self.close(fixed[3]["df"], 116.11969911272948, 1e-4))
        let means = try #require(document["emmeans"] as? [[String: Any]])
        #expect(means.count == 12 && means[0]["arm"] as? String == "dextrose" && means[0]["visit"] as? String == "week02")
        #expect(Self.close(means[0]["estimate"], 5.8301776685609452, 1e-6) && Self.close(means[0]["df"], 116.24354700119675, 1e-4))
        let contrasts = try #require(document["contrasts"] as? [[String: Any]])
        #expect(contrasts.count == 12 && contrasts[0]["contrast"] as? String == "dextrose - saline" && contrasts[0]["visit"] as? String == "week02")
        #expect(Self.close(contrasts[0]["estimate"], -0.19500315792751668, 1e-6) && Self.close(contrasts[0]["df"], 116.46863361898654, 1e-4))
    }

    @Test func lmmMarginalMeansWithTukeyAdjustedContrasts() throws {
        let outcome = try CommandRunner.run(["fit", Self.dataset("simulated-three-arm/three-arm-trial.csv"), "--formula",
                                             "vas ~ arm * factor(week) + (1 | subject)", "--df", "kenward-roger",
                                             "--emmeans", "arm | factor(week)", "--contrasts", "pairwise", "--adjust", "tukey",
                                             "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try Self.json(outcome.standardOutput)
        // Source: lmm_reference.json, marginalMeans "three-arm trial, arm by visit", emmeans with lmer.df = "kenward-roger".
        let means = try #require(document["emmeans"] as? [[String: Any]])
        #expect(means[0]["arm"] as? String == "dextrose" && means[0]["factor(week)"] as? String == "0")
        #expect(Self.close(means[0]["estimate"], 6.7800000000001308, 1e-6) && Self.close(means[0]["df"], 185.10997762058508, 1e-4))
        let contrasts = try #require(document["contrasts"] as? [[String: Any]])
        #expect(Self.close(contrasts[0]["p"], 0.79126368951933457, 1e-4) && Self.close(contrasts[0]["lower"], -1.0270188772623949, 1e-5))
    }

    @Test func mmrmRefusals() throws {
        let trial = Self.dataset("simulated-mmrm/mmrm-trial.csv")
        let duplicated = try DataCommandTests.temporaryFile("subject,arm,visit,vas\nP1,a,w1,5\nP1,a,w1,6\nP2,b,w1,4\nP2,b,w2,3\n")
        let twice = try CommandRunner.run(["fit", duplicated, "--formula", "vas ~ arm + us(visit | subject)"])
        // The data checks every command applies say it first, as `validate` does.
        #expect(twice.status == 65 && twice.standardError.contains(":3: column visit: \"w1\" repeats this visit of subject P1 (line 2)"),
                "\(twice.standardError)")
        let reduced = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm * visit + us(visit | subject)", "--reduced", "vas ~ visit"])
        #expect(reduced.status == 64 && reduced.standardError.contains("an MMRM has a covariance term instead"))
        let tukey = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm * visit + us(visit | subject)", "--emmeans", "arm",
                                           "--contrasts", "control=saline", "--adjust", "tukey"])
        #expect(tukey.status == 64)
        let unknown = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm * visit + us(visit | subject)", "--emmeans", "sex"])
        #expect(unknown.status == 65 && unknown.standardError.contains("sex is not a factor of the fixed effects"))
        // A factor named twice paired levels with themselves and exited 0 (issue 17); refused now.
        let named = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm * visit + us(visit | subject)", "--emmeans", "arm + arm | visit"])
        #expect(named.status == 65 && named.standardError.contains("arm is named twice in the marginal means' factors"), "\(named.standardError)")
        // A factor(week) of the formula is named by its column, as emmeans allows.
        let column = try CommandRunner.run(["fit", Self.dataset("simulated-mmrm/mmrm-trial.csv"), "--formula",
                                            "vas ~ arm * factor(week) + us(visit | subject)", "--emmeans", "arm | week", "--format", "json"])
        #expect(column.status == 0, "\(column.standardError)")
        #expect(((try? Self.json(column.standardOutput))?["emmeans"] as? [[String: Any]])?.first?["factor(week)"] as? String == "2")
        // Weeks 0, 2, 4, 8 and 12 are not equally spaced: AR(1) takes them in order, one lag apart, and says so.
        let spacing = try CommandRunner.run(["fit", Self.dataset("simulated-three-arm/three-arm-trial.csv"), "--formula",
                                             "vas ~ arm * factor(week) + ar1(week | subject)"])
        #expect(spacing.status == 0 && spacing.standardError.contains("ar1 takes the visits week = 0, 2, 4, 8, 12 in order, one lag apart"),
                "\(spacing.standardError)")
        // The sites file has no triamcinolone rows in the late block.
        let empty = try CommandRunner.run(["fit", Self.dataset("simulated-three-arm/three-arm-trial-sites.csv"), "--formula",
                                           "vas ~ arm * factor(visit_block) + cs(week | subject)", "--format", "json"])
        #expect(empty.status == 0)
        #expect(empty.standardError.contains("no observations at arm = triamcinolone, factor(visit_block) = late"))
        let document = try Self.json(empty.standardOutput)
        #expect(document["droppedFixedEffects"] as? [String] == ["armtriamcinolone:factor(visit_block)late"])
        #expect((document["messages"] as? [String])?.contains { $0.contains("is not estimable") } == true)
    }

    @Test func empiricalCovarianceForTheMmrm() throws {
        let arguments = ["fit", Self.dataset("simulated-mmrm/mmrm-trial.csv"), "--formula", "vas ~ vas_bl + arm * visit + us(visit | subject)"]
        let cr2 = try CommandRunner.run(arguments + ["--df", "between-within", "--vcov", "cr2", "--format", "json"])
        #expect(cr2.status == 0, "\(cr2.standardError)")
        let document = try Self.json(cr2.standardOutput)
        #expect(document["vcov"] as? String == "CR2" && document["df"] as? String == "between-within")
        // Source: mmrm_reference.json, case "unstructured": clubSandwich's vcovCR(type = "CR2"), SE of armsaline
        // √0.041332603 = 0.20330421; between-within df 116 (120 subjects − 1 − 3 between-subject columns).
        let fixed = try #require(document["fixed"] as? [[String: Any]])
        #expect(Self.close(fixed[2]["se"], 0.20330421287685183, 1e-6) && fixed[2]["df"] as? Double == 116)
        let refused = try CommandRunner.run(arguments + ["--vcov", "cr2"])
        #expect(refused.status == 64 && refused.standardError.contains("goes with --df residual or between-within"))
    }

    @Test func aDeclaredFallbackChainIsReportedInTextAndJSON() throws {
        // Three subjects cannot identify us over four visits: refused before fitting.
        let lines = try String(contentsOfFile: Self.dataset("simulated-mmrm/mmrm-trial.csv"), encoding: .utf8).split(separator: "\n")
        let trial = try DataCommandTests.temporaryFile(lines.filter { $0.hasPrefix("subject,") || $0.hasPrefix("P001,") || $0.hasPrefix("P002,")
            || $0.hasPrefix("P003,") }.joined(separator: "\n") + "\n")
        let formula = "vas ~ visit + us(visit | subject)"
        let outcome = try CommandRunner.run(["fit", trial, "--formula", formula, "--fallback", "cs", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("covariance us passed over: us(visit | subject) has 10 covariance parameters but the data "
                                               + "leave 7 residual degrees of freedom"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("the results use the cs covariance"))
        let document = try Self.json(outcome.standardOutput)
        let covariance = try #require(document["covariance"] as? [String: Any])
        #expect(covariance["structure"] as? String == "cs")
        let passedOver = try #require(document["covarianceFallback"] as? [[String: Any]])
        #expect(passedOver.count == 1 && passedOver.first?["structure"] as? String == "us")
        // The results are the cs fit's own.
        let direct = try Self.json(try CommandRunner.run(["fit", trial, "--formula", "vas ~ visit + cs(visit | subject)", "--format", "json"]).standardOutput)
        #expect(document["logLik"] as? Double == direct["logLik"] as? Double && document["logLik"] != nil)
        let text = try CommandRunner.run(["fit", trial, "--formula", formula, "--fallback", "cs"])
        #expect(text.standardOutput.contains("covariance us passed over"))
        let misspelt = try CommandRunner.run(["fit", trial, "--formula", formula, "--fallback", "cs,toeplitz"])
        #expect(misspelt.status == 64 && misspelt.standardError.contains("no covariance structure toeplitz"))
        let lmm = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm + (1 | subject)", "--fallback", "cs"])
        #expect(lmm.status == 64 && lmm.standardError.contains("--fallback is for MMRMs"))
    }

    @Test func weightedMmrmAgreesWithGlsAndAccountsForEveryWeight() throws {
        let trial = Self.dataset("simulated-mmrm/mmrm-trial.csv")
        let formula = "vas ~ vas_bl + arm * visit + us(visit | subject)"
        let outcome = try CommandRunner.run(["fit", trial, "--formula", formula, "--weights", "weight", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try Self.json(outcome.standardOutput)
        #expect(document["weights"] as? String == "weight")
        // Source: mmrm_reference.json, case "weighted unstructured": gls with varComb(varIdent, varFixed(~1/weight)),
        // REML, polished; logLik and the SE of armsaline.
        #expect(Self.close(document["logLik"], -570.64800420831205, 1e-9))
        let fixed = try #require(document["fixed"] as? [[String: Any]])
        #expect(fixed[2]["term"] as? String == "armsaline" && Self.close(fixed[2]["se"], 0.18392067976438881, 1e-6))

        // A row without a weight is left out and counted; a weight of 0 is an error naming its line.
        var lines = try String(contentsOfFile: trial, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[3] = lines[3].split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") + ","
        let missing = try CommandRunner.run(["fit", DataCommandTests.temporaryFile(lines.joined(separator: "\n")), "--formula", formula,
                                             "--weights", "weight", "--format", "json"])
        #expect(missing.status == 0, "\(missing.standardError)")
        let ledger = try #require(try Self.json(missing.standardOutput)["ledger"] as? [String: Any])
        #expect(ledger["rowsRead"] as? Int == 450 && ledger["rowsUsed"] as? Int == 449)
        lines[3] += "0"
        let zero = try CommandRunner.run(["fit", DataCommandTests.temporaryFile(lines.joined(separator: "\n")), "--formula", formula,
                                          "--weights", "weight"])
        #expect(zero.status == 65 && zero.standardError.contains("line 4, column weight: the weight 0 is not positive"), "\(zero.standardError)")
        let lmm = try CommandRunner.run(["fit", trial, "--formula", "vas ~ arm + (1 | subject)", "--weights", "weight"])
        #expect(lmm.status == 64 && lmm.standardError.contains("--weights is for MMRMs"))
    }
}

/// A spatial covariance over two coordinates (SAS's SP(EXP)(VISITN VISITN2)): a visit per combination
/// seen, so the T×T matrix (537² entries on fev_data) is left out of the output, and the covariance
/// parameters stand for it.
struct PlanarSpatialCommandTests {
    @Test func theParametersStandForTheMatrix() throws {
        let data = DataCommandTests.root.appendingPathComponent("Tests/MixedModelsTests/Fixtures/fev_data.csv").path
        let arguments = ["fit", data, "--formula", "FEV1 ~ ARMCD + sp_exp(VISITN, VISITN2 | USUBJID)"]
        let json = try CommandRunner.run(arguments + ["--format", "json"])
        #expect(json.status == 0, "\(json.standardError)")
        let document = try MixedModelCommandTests.json(json.standardOutput)
        let covariance = try #require(document["covariance"] as? [String: Any])
        #expect(covariance["matrix"] is NSNull && covariance["groups"] is NSNull)
        #expect((covariance["visits"] as? [String])?.count == 537 && (covariance["visits"] as? [String])?.first == "(1, -2.442311321081423)")
        let parameters = try #require(covariance["parameters"] as? [[String: Any]])
        #expect(parameters.compactMap { $0["name"] as? String } == ["SP(EXP)", "Residual"])
        // Source: mmrm v0.3.14 design/ddfm_covtype/kr_spexp.txt: SP(EXP) 1.0898 (0.8002 to 1.5717), Residual 83.3648.
        #expect(MixedModelCommandTests.close(parameters[0]["estimate"], 1.0898, 1e-4) && MixedModelCommandTests.close(parameters[1]["estimate"], 83.3648, 1e-4))
        let text = try CommandRunner.run(arguments)
        #expect(text.standardOutput.contains("not listed, it follows from the parameters below") && !text.standardOutput.contains("### Covariance between visits"))
        #expect(try JSONSchemaTests.schema("fit").problems(document) == [])
    }
}

/// fit and lm take the data's declared levels and reference levels as every other command does:
/// from --schema or a plan's data section, with --levels and --reference over them.
struct ModelDataDeclarationTests {
    /// fit's fixed-effect terms, or lm's coefficients.
    static func terms(_ outcome: CommandRunner.Outcome, key: String) throws -> [String] {
        let document = try MixedModelCommandTests.json(outcome.standardOutput)
        if key == "fixed" { return (document[key] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String } }
        return (document[key] as? [[String: Any]] ?? []).compactMap { $0["measure"] as? String }
    }

    @Test func declaredLevelsAndSchemaReferencesShapeTheFactors() throws {
        let data = DataCommandTests.demo("long")
        // Undeclared, the arms are in text order and dextrose is the reference.
        let plain = try CommandRunner.run(["fit", data, "--formula", "vas ~ arm + (1 | subject)", "--format", "json"])
        #expect(plain.status == 0, "\(plain.standardError)")
        #expect(try Self.terms(plain, key: "fixed") == ["(Intercept)", "armsaline", "armtriamcinolone"])
        let declared = try CommandRunner.run(["fit", data, "--formula", "vas ~ arm + (1 | subject)", "--levels", "arm=saline,dextrose,triamcinolone",
                                              "--format", "json"])
        #expect(declared.status == 0, "\(declared.standardError)")
        #expect(try Self.terms(declared, key: "fixed") == ["(Intercept)", "armdextrose", "armtriamcinolone"])
        // A schema's reference (arm) applies; its reference for a column the formula does not use (visit) is no error.
        // (One for a column the file lacks is, as for every command.)
        let schema = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString).yaml").path
        try "reference: {arm: triamcinolone, visit: \"4\"}\n".write(toFile: schema, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: schema) }
        let fromSchema = try CommandRunner.run(["lm", data, "--formula", "vas ~ arm", "--schema", schema, "--format", "json"])
        #expect(fromSchema.status == 0, "\(fromSchema.standardError)")
        #expect(try Self.terms(fromSchema, key: "coefficients") == ["(Intercept)", "armdextrose", "armsaline"], "\(fromSchema.standardOutput.prefix(300))")
        // A flag overrides the schema.
        let overridden = try CommandRunner.run(["lm", data, "--formula", "vas ~ arm", "--schema", schema, "--reference", "arm=saline", "--format", "json"])
        #expect(try Self.terms(overridden, key: "coefficients") == ["(Intercept)", "armdextrose", "armtriamcinolone"])
    }

    /// A value outside the declared levels is handled as every command handles it: its row is
    /// excluded (the unknown-level rule is a warning by default), said with its line, and counted.
    @Test func aValueOutsideTheDeclaredLevelsIsExcludedAndCounted() throws {
        let text = try String(contentsOfFile: DataCommandTests.demo("long"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[5] = lines[5].replacingOccurrences(of: ",saline,", with: ",Saline,").replacingOccurrences(of: ",dextrose,", with: ",Dextrose,")
        let typo = lines[5].split(separator: ",")[1]
        let file = try DataCommandTests.temporaryFile(lines.joined(separator: "\n"))
        let outcome = try CommandRunner.run(["fit", file, "--formula", "vas ~ arm + (1 | subject)", "--levels", "arm=saline,dextrose,triamcinolone",
                                             "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("\(file):6: column arm: \"\(typo)\" is not a declared level"), "\(outcome.standardError)")
        let ledger = try #require(try MixedModelCommandTests.json(outcome.standardOutput)["ledger"] as? [String: Any])
        let excluded = try #require(ledger["excluded"] as? [[String: Any]])
        #expect(excluded.contains { ($0["lines"] as? [Int]) == [6] && ($0["reason"] as? String ?? "").contains("[unknown-level]") }, "\(excluded)")
        let lm = try CommandRunner.run(["lm", file, "--formula", "vas ~ arm", "--levels", "arm=saline,dextrose,triamcinolone"])
        #expect(lm.status == 0 && lm.standardOutput.contains("excluded line 6: column arm"), "\(lm.standardOutput)")
    }

    /// A declared range excludes a row from the model as it does from every other command; the
    /// model used the value 55 on a 0-10 scale before.
    @Test func aDeclaredRangeExcludesTheRowFromTheModelAndTheLedgerSaysSo() throws {
        let text = try String(contentsOfFile: DataCommandTests.demo("long"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[4] = "55"
        lines[3] = fields.joined(separator: ",")
        let file = try DataCommandTests.temporaryFile(lines.joined(separator: "\n"))
        let schema = FileManager.default.temporaryDirectory.appendingPathComponent("ranges-\(UUID().uuidString).yaml").path
        try "ranges: {vas: [0, 10]}\n".write(toFile: schema, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: schema) }
        let outcome = try CommandRunner.run(["fit", file, "--formula", "vas ~ arm * factor(visit) + us(visit | subject)", "--schema", schema,
                                             "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try MixedModelCommandTests.json(outcome.standardOutput)
        let ledger = try #require(document["ledger"] as? [String: Any])
        let excluded = try #require(ledger["excluded"] as? [[String: Any]])
        #expect(excluded.contains { ($0["lines"] as? [Int]) == [4] && ($0["reason"] as? String ?? "").contains("out-of-range") }, "\(excluded)")
        let described = try CommandRunner.run(["describe", file, "--schema", schema, "--format", "json"])
        let description = try #require(try MixedModelCommandTests.json(described.standardOutput)["description"] as? [String: Any])
        let describedLedger = try #require(description["ledger"] as? [String: Any])
        #expect(ledger["rowsRead"] as? Int == describedLedger["rowsRead"] as? Int, "the model and describe read the same rows")
        // The model's rows: those describe uses, less those missing a value the model needs.
        let describedUsed = (describedLedger["rowsRead"] as? Int ?? 0) - (describedLedger["excluded"] as? [Any] ?? []).count
        #expect((ledger["rowsUsed"] as? Int ?? 0) <= describedUsed && describedUsed > 0)
    }
}

/// `fit --format json` carries Var(β̂), model-based, as lme4's and mmrm's vcov.
struct FixedEffectsCovarianceJSONTests {
    struct Case: Decodable { let name: String; let vcov: [String]; let fixed: [String] }
    struct Fixture: Decodable { let cases: [Case] }

    static func reference(_ file: String, _ name: String) throws -> Case {
        let url = DataCommandTests.root.appendingPathComponent("Tests/MixedModelsTests/Fixtures/\(file)")
        return try #require(try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases.first { $0.name == name })
    }

    static func check(_ arguments: [String], against reference: Case, tolerance: Double) throws {
        let outcome = try CommandRunner.run(arguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try MixedModelCommandTests.json(outcome.standardOutput)
        let covariance = try #require(document["fixedEffectsCovariance"] as? [String: Any])
        #expect(covariance["terms"] as? [String] == reference.fixed)
        let matrix = try #require(covariance["matrix"] as? [[Double]])
        let expected = reference.vcov.compactMap(Double.init)   // column-major
        let size = expected.map(abs).max() ?? 1
        let p = reference.fixed.count
        for i in 0..<p {
            for j in 0..<p { #expect(abs(matrix[i][j] - expected[j * p + i]) <= tolerance * size, "\(reference.name) [\(i), \(j)]") }
        }
        // The SEs of `fixed` are its diagonal's square roots.
        let fixed = try #require(document["fixed"] as? [[String: Any]])
        for (index, row) in fixed.enumerated() {
            #expect(MixedModelCommandTests.close(row["se"], matrix[index][index].squareRoot(), 1e-12))
        }
    }

    // Source: Tests/MixedModelsTests/Fixtures/lmm_reference.json (lme4 1.1-31, vcov at the polished θ), case "sleepstudy".
    @Test func theLMMsCovarianceIsLme4s() throws {
        try Self.check(["fit", MixedModelCommandTests.dataset("lme4-examples/sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days | Subject)"],
                       against: Self.reference("lmm_reference.json", "sleepstudy"), tolerance: 1e-6)
    }

    // Source: Tests/MixedModelsTests/Fixtures/mmrm_reference.json (nlme::gls polished, REML), case "unstructured".
    @Test func theMMRMsCovarianceIsGlss() throws {
        try Self.check(["fit", MixedModelCommandTests.dataset("simulated-mmrm/mmrm-trial.csv"), "--formula",
                        "vas ~ vas_bl + arm * visit + us(visit | subject)"],
                       against: Self.reference("mmrm_reference.json", "unstructured"), tolerance: 1e-6)
    }
}

/// What the data checks before a model must not do: drop observed rows a model uses, refuse a
/// crossover, lose a REDCap covariate, or ignore a declaration.
struct ModelDataCheckBoundaryTests {
    /// Post-baseline visits with the baseline as a covariate, four subjects without week 4: every
    /// observed row is modelled (the checks took all of those subjects' rows out as "no baseline").
    @Test func subjectsWithoutTheFirstVisitKeepTheirOtherRows() throws {
        var lines = ["subject,arm,visit,base,chg"]
        for subject in 1...12 {
            for visit in [4, 8, 12] where !(subject <= 4 && visit == 4) {
                let noise = Double((subject * 37 + visit * 11) % 17) / 6
                lines.append("S\(subject),\(subject % 2 == 0 ? "a" : "b"),\(visit),\(5 + (subject * 7) % 5),\(Double(-visit) / 4 + noise)")
            }
        }
        let file = try DataCommandTests.temporaryFile(lines.joined(separator: "\n") + "\n")
        let outcome = try CommandRunner.run(["fit", file, "--formula", "chg ~ base + arm * factor(visit) + us(visit | subject)", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let ledger = try #require(try MixedModelCommandTests.json(outcome.standardOutput)["ledger"] as? [String: Any])
        #expect(ledger["rowsRead"] as? Int == 32 && ledger["rowsUsed"] as? Int == 32, "\(ledger)")
        let lm = try CommandRunner.run(["lm", file, "--formula", "chg ~ base + arm * factor(visit)"])
        #expect(lm.standardOutput.contains("rows: 32 read, 32 used"), "\(lm.standardOutput)")
    }

    /// A crossover's treatment varies within subject: a model of it is no trial with arms to check.
    @Test func aCrossoverIsModelled() throws {
        var lines = ["subject,treatment,period,pain"]
        for subject in 1...8 {
            for period in 1...2 {
                let treatment = (subject + period) % 2 == 0 ? "dextrose" : "saline"
                lines.append("\(subject),\(treatment),\(period),\(5 - (treatment == "dextrose" ? 1.5 : 0) + Double(subject % 3) / 2 + Double(period) / 4)")
            }
        }
        let file = try DataCommandTests.temporaryFile(lines.joined(separator: "\n") + "\n")
        let outcome = try CommandRunner.run(["fit", file, "--formula", "pain ~ treatment + factor(period) + (1 | subject)"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
    }

    /// A REDCap export carries the formula's covariates to every event, as the plain CSV has them.
    @Test func aREDCapCovariateReachesEveryEvent() throws {
        let pit = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm").path
        let redcap = try CommandRunner.run(["lm", pit + "/pit-3arm-redcap.csv", "--input-format", "redcap", "--dictionary",
                                            pit + "/pit-3arm-redcap-dictionary.csv", "--formula", "vas ~ arm + age", "--format", "json"])
        let csv = try CommandRunner.run(["lm", pit + "/pit-3arm.csv", "--formula", "vas ~ arm + age", "--format", "json"])
        #expect(redcap.status == 0 && csv.status == 0, "\(redcap.standardError)")
        let a = try MixedModelCommandTests.json(redcap.standardOutput)["fit"] as? [String: Any]
        let b = try MixedModelCommandTests.json(csv.standardOutput)["fit"] as? [String: Any]
        #expect(a?["observations"] as? Int == b?["observations"] as? Int && b?["observations"] as? Int == 597, "\(String(describing: a))")
    }

    @Test func aLevelOrderAModelCannotHonourIsRefused() throws {
        let data = MixedModelCommandTests.dataset("simulated-three-arm/three-arm-trial.csv")
        let outcome = try CommandRunner.run(["lm", data, "--formula", "vas ~ arm + factor(week)", "--levels", "week=12,8,4,2,0"])
        #expect(outcome.status == 64 && outcome.standardError.contains("factor(week) orders its levels as numbers"), "\(outcome.standardError)")
    }

    @Test func twoFitsCannotWriteOneFittedFile() throws {
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let plan = folder + "/two.yaml"
        let fit = "    command: fit\n    options: {formula: \"vas ~ visit + (1 | subject)\", fitted: f.csv}\n"
        try ("data: {path: \(DataCommandTests.demo("long"))}\nanalyses:\n  - id: one\n" + fit + "  - id: two\n" + fit)
            .write(toFile: plan, atomically: false, encoding: .utf8)
        let outcome = try CommandRunner.run(["run", plan, "--out", folder + "/out"])
        #expect(outcome.status == 65 && outcome.standardError.contains(":8: options.fitted:")
                && outcome.standardError.contains("the step on line 3 writes f.csv"), "\(outcome.standardError)")
    }
}
