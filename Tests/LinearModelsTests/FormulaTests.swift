import Foundation
import Testing
import TrialData
@testable import ModelFrames

struct FormulaTests {
    @Test func termsFollowRsOrderAndSpelling() throws {
        #expect(try Formula("y ~ a * b").terms.map(Formula.label) == ["a", "b", "a:b"])
        #expect(try Formula("y ~ a:b + a").terms.map(Formula.label) == ["a", "a:b"], "main effects first")
        // Source: R 4.2.2, attr(terms(y ~ a + b:a + a:b), "term.labels") is "a" "a:b"; for y ~ b:a + a it is "a" "b:a":
        // a term's variables are written in the order they first appear in the formula.
        #expect(try Formula("y ~ a + b:a + a:b").terms.map(Formula.label) == ["a", "a:b"])
        #expect(try Formula("y ~ b:a + a").terms.map(Formula.label) == ["a", "b:a"])
        #expect(try Formula("y ~ (a + b) * c").terms.map(Formula.label) == ["a", "b", "c", "a:c", "b:c"])
        #expect(try Formula("y ~ a * b - a:b").terms.map(Formula.label) == ["a", "b"])
        #expect(try !Formula("y ~ a - 1").hasIntercept && !(try Formula("y ~ 0 + a").hasIntercept))
        #expect(try Formula("y ~ 1").terms.isEmpty)
        #expect(try Formula("vas ~ arm * factor(week)").terms.map(Formula.label) == ["arm", "factor(week)", "arm:factor(week)"])
        #expect(try Formula("y ~ I(x^2) + I(x*2) + I((x+1)/2)").terms.map(Formula.label) == ["I(x^2)", "I(x * 2)", "I((x + 1)/2)"])
        // Source: R 4.2.2, attr(terms(y ~ I((a*b)+c) + I(x*1e-3)), "term.labels") is "I((a * b) + c)" "I(x * 0.001)":
        // R keeps the parentheses written, and reads signed exponents.
        #expect(try Formula("y ~ I((a*b)+c)").terms.map(Formula.label) == ["I((a * b) + c)"])
        #expect(try Formula("y ~ I(x*1e-3)").terms.count == 1)
        #expect(try Formula("y ~ `odd name` + b").columns == ["y", "odd name", "b"])
    }

    /// Found by fuzzing (issue 22, Tests/Fuzz/Regressions/formula): a formula with back-quoted
    /// names printed as text that does not parse, and `I(x^-2)` was labelled `I(x^(-2))`.
    @Test func aPrintedFormulaParsesBackToTheSameModel() throws {
        for text in ["`pain score` ~ `arm group` * factor(`visit no`) + I(`dose mg`^2) + (1 + `visit no` | `subject id`)",
                     "y ~ arm + us(`visit no` | `subject id`)", "y ~ x + I(.5 * x) + (1 | batch/cask)", "y ~ a + (1 + x || g:h)"] {
            let formula = try Formula(text)
            let again = try Formula(formula.description)
            #expect(again.response == formula.response && again.terms == formula.terms && again.hasIntercept == formula.hasIntercept, "\(text)")
            #expect(again.randomTerms.map(\.grouping) == formula.randomTerms.map(\.grouping) && again.covarianceTerm == formula.covarianceTerm, "\(text)")
            #expect(try Formula(again.description).description == again.description, "\(text)")
        }
        #expect(try Formula("`pain score` ~ `arm group` + (1 | `subject id`)").description == "`pain score` ~ 1 + `arm group` + (1 | `subject id`)")
        // Source: R 4.2.2, attr(terms(y ~ I(x^-2) + I(2*-x) + I(-x^2) + I(x^-y^2) + I(a - -b) + I(x^(-2))), "term.labels")
        // is "I(x^-2)" "I(2 * -x)" "I(-x^2)" "I(x^-y^2)" "I(a - -b)" "I(x^(-2))".
        #expect(try Formula("y ~ I(x^-2) + I(2*-x) + I(-x^2) + I(x^-y^2) + I(a - -b) + I(x^(-2))").terms.map(Formula.label)
                == ["I(x^-2)", "I(2 * -x)", "I(-x^2)", "I(x^-y^2)", "I(a - -b)", "I(x^(-2))"])
        // An empty back-quoted name and a number beyond a double are refused (R refuses the first too).
        for text in ["y ~ ``", "y ~ I(x * 1e999)"] {
            #expect(throws: ModelFrameError.self, "\(text)") { try Formula(text) }
        }
    }

    @Test func syntaxErrorsPointAtTheirPlace() {
        for (text, position) in [("y ~ a +", 7), ("y a", 2), ("y ~ log(x)", 4), ("y ~ (a + b", 10), ("y ~ a ++ b", 7)] {
            do {
                _ = try Formula(text)
                Issue.record("\(text) parsed")
            } catch let ModelFrameError.syntax(formula, actual, _) {
                #expect(formula == text && actual == position, "\(text): at \(actual)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// Formulas whose work grew without bound (issue 17): 7,000 nested parentheses overflowed the
    /// stack (exit 139); a ten-way crossing took 4.7 s to expand, fourteen factors over a minute.
    @Test func deepNestingAndHugeCrossingsAreRefusedNotRunAway() throws {
        func message(_ text: String) -> String? {
            do { _ = try Formula(text); return nil } catch let ModelFrameError.syntax(_, _, message) { return message } catch { return "\(error)" }
        }
        let nested = "y ~ " + String(repeating: "(", count: 7_000) + "a" + String(repeating: ")", count: 7_000)
        #expect(message(nested)?.contains("nested more than 200 levels deep") == true)
        let negated = "y ~ I(" + String(repeating: "-", count: 7_000) + "a)"
        #expect(message(negated)?.contains("nested more than 200 levels deep") == true)
        #expect(try Formula("y ~ " + String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150)).terms.count == 1)
        let ten = try Formula("y ~ " + (0..<10).map { "a\($0)" }.joined(separator: "*"))
        #expect(ten.terms.count == 1_023 && ten.terms.last?.count == 10)
        let fourteen = "y ~ " + (0..<14).map { "a\($0)" }.joined(separator: "*")
        #expect(message(fourteen)?.contains("expand to more than 4096 terms") == true)
        // Repeated and subtracted terms still count once.
        #expect(try Formula("y ~ a*b + a:b + b*a - a:b").terms.map { $0.map(\.description) } == [["a"], ["b"]])
    }

    @Test func factorsAreCodedByRsRule() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("coding-\(UUID().uuidString).csv")
        try "y,a,b,x\n1,p,u,1\n2,q,u,2\n3,p,u,3\n4,q,u,4\n5,p,v,5\n6,q,v,6\n7,p,v,7\n8,q,v,8\n"
            .write(to: url, atomically: false, encoding: .utf8)
        let table = try CSVReader.read(path: url.path)
        // Source: R 4.2.2, colnames(model.matrix(formula, d)) for d = data.frame(a = p/q alternating,
        // b = u×4 then v×4, x = 1:8).
        let expected: [(String, [String])] = [
            ("y ~ b:a + a", ["(Intercept)", "aq", "bv:ap", "bv:aq"]),
            ("y ~ x:a - 1 + b", ["bu", "bv", "x:ap", "x:aq"]),
            ("y ~ a:b - 1", ["ap:bu", "aq:bu", "ap:bv", "aq:bv"]),
            ("y ~ x + a:b", ["(Intercept)", "x", "ap:bu", "aq:bu", "ap:bv", "aq:bv"]),
        ]
        for (formula, names) in expected {
            #expect(try ModelFrame(Formula(formula), table: table).design.columnNames == names, "\(formula)")
        }
    }

    @Test func oneLevelFactorsAndStrayReferencesAreRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("levels-\(UUID().uuidString).csv")
        try "y,arm,site\n1,A,s1\n2,B,s1\n3,A,s1\n4,B,\n".write(to: url, atomically: false, encoding: .utf8)
        let table = try CSVReader.read(path: url.path)
        // Row 4 has no site, so among the rows used site has the single level s1.
        #expect(throws: ModelFrameError.singleLevel(variable: "site", level: "s1")) {
            try ModelFrame(Formula("y ~ arm + site"), table: table)
        }
        #expect(throws: ModelFrameError.referenceNotInFormula(variable: "site", factors: ["arm"])) {
            try ModelFrame(Formula("y ~ arm"), table: table, references: ["site": "s1"])
        }
        #expect(try ModelFrame(Formula("y ~ arm"), table: table, references: ["arm": "B"]).design.columnNames == ["(Intercept)", "armA"])
    }

    @Test func randomTermsExpandAsLme4ExpandsThem() throws {
        // Source: lme4 1.1-31, findbars() of each formula.
        let expected: [(String, [String])] = [
            ("Reaction ~ Days + (Days | Subject)", ["(1 + Days | Subject)"]),
            ("y ~ x + (x || g)", ["(1 | g)", "(0 + x | g)"]),
            ("y ~ (0 + x || g)", ["(0 + x | g)"]),
            ("strength ~ 1 + (1 | batch/cask)", ["(1 | cask:batch)", "(1 | batch)"]),
            ("y ~ (1 | a/b/c)", ["(1 | c:(b:a))", "(1 | b:a)", "(1 | a)"]),
            ("y ~ (1 | g1:g2) + (1|h)", ["(1 | g1:g2)", "(1 | h)"]),
        ]
        for (text, terms) in expected {
            #expect(try Formula(text).randomTerms.map(\.description) == terms, "\(text)")
        }
        let nested = try Formula("y ~ x + (1 | a/b/c)")
        #expect(nested.terms == [[.column("x")]] && nested.hasIntercept)
        #expect(nested.randomTerms[0].grouping == ["c", "b", "a"])
        for bad in ["y ~ x * (1 | g)", "y ~ x - (1 | g)", "y ~ (1 | )", "y ~ (1 | g", "y ~ x:(1 | g)"] {
            #expect(throws: ModelFrameError.self, "\(bad)") { try Formula(bad) }
        }
    }

    @Test func randomEffectsDesignsFollowLme4() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let pastes = try CSVReader.read(path: root.appendingPathComponent("Datasets/lme4-examples/Pastes.csv").path)
        let frame = try ModelFrame(Formula("strength ~ 1 + (1 | batch/cask)"), table: pastes)
        // Source: lme4 1.1-31, levels(lFormula(strength ~ 1 + (1|batch/cask), Pastes)$reTrms$flist[[1]]).
        #expect(frame.randomEffects.map(\.levels.count) == [30, 10])
        #expect(Array(frame.randomEffects[0].levels.prefix(3)) == ["a:A", "a:B", "a:C"])
        #expect(frame.randomEffects[0].levelIndices.prefix(4) == [0, 0, 10, 10])
        let sleep = try CSVReader.read(path: root.appendingPathComponent("Datasets/lme4-examples/sleepstudy.csv").path)
        let slopes = try ModelFrame(Formula("Reaction ~ Days + (Days | Subject)"), table: sleep)
        #expect(slopes.randomEffects[0].effects.columnNames == ["(Intercept)", "Days"])
        #expect(slopes.randomEffects[0].levels.first == "308" && slopes.randomEffects[0].levels.count == 18)
        #expect(slopes.design.columnNames == ["(Intercept)", "Days"])
    }

    @Test func covarianceTermsParseInMmrmSyntax() throws {
        let plain = try Formula("vas ~ vas_bl + arm * visit + us(visit | subject)")
        #expect(plain.covarianceTerm == CovarianceTerm(structure: .us, visit: "visit", subject: "subject"))
        #expect(plain.terms.map(Formula.label) == ["vas_bl", "arm", "visit", "arm:visit"])
        let grouped = try Formula("vas ~ arm + ar1h(visit | arm / subject)")
        #expect(grouped.covarianceTerm?.group == "arm" && grouped.covarianceTerm?.description == "ar1h(visit | arm / subject)")
        // A spatial structure takes several coordinates (SAS's SP(EXP)(x y)); the others one visit variable.
        let planar = try Formula("y ~ x + sp_exp(VISITN, VISITN2 | USUBJID)")
        #expect(planar.covarianceTerm?.additionalCoordinates == ["VISITN2"] && planar.covarianceTerm?.description == "sp_exp(VISITN, VISITN2 | USUBJID)")
        #expect(planar.columns.contains("VISITN2"))
        do {
            _ = try Formula("y ~ x + ar1(visit, week | subject)")
            Issue.record("ar1 took two coordinates")
        } catch {
            #expect("\(error)".contains("only the spatial structures (sp_exp, sp_gau) take several coordinates"), "\(error)")
        }
        // A column may still be called like a structure.
        #expect(try Formula("y ~ cs + us").terms.map(Formula.label) == ["cs", "us"])
        for bad in ["y ~ x + us(visit | subject) + cs(visit | subject)", "y ~ x + us(visit | subject) + (1 | subject)",
                    "y ~ x * us(visit | subject)", "y ~ x + us(visit subject)"] {
            #expect(throws: ModelFrameError.self, "\(bad)") { try Formula(bad) }
        }
    }
}
