import Plans

/// The YAML analysis-plan reader, with its data schema, roles, steps and options.
///
/// Invariants: every refusal names the plan file; an accepted plan has at least one analysis,
/// step ids that are unique, commands the plan knows, and line numbers inside the text; the
/// column check against the data file either passes or names the plan.
struct PlanTarget: FuzzTarget {
    /// A small data file beside the plan, so that plans naming `data.csv` get past `data.path`.
    static let folder: String = {
        _ = ScratchFile.write(Array("subject,arm,visit,vas,dash,age\ns1,dextrose,0,6.5,40,51\ns1,dextrose,1,3.0,31,51\ns2,saline,0,7.0,45,47\ns2,saline,1,6.0,44,47\n".utf8), name: "data.csv")
        return ScratchFile.directory
    }()

    func run(_ bytes: [UInt8]) {
        let file = Self.folder + "/plan.yaml"
        let source = text(bytes)
        let plan: AnalysisPlan
        do throws(PlanError) {
            plan = try AnalysisPlan.parse(source, file: file)
        } catch {
            require(error.description.hasPrefix(file), "a plan error that does not start with the plan file: \(error)")
            return
        }
        // Lines as libyaml counts them: \n, \r\n, a lone \r, NEL, LS and PS each end one.
        let scalars = Array(source.unicodeScalars)
        var lines = 1
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\n", "\u{85}", "\u{2028}", "\u{2029}": lines += 1
            case "\r" where index + 1 == scalars.count || scalars[index + 1] != "\n": lines += 1
            default: break
            }
        }
        require(!plan.analyses.isEmpty, "an accepted plan without analyses")
        let ids = (plan.derive + plan.analyses).map(\.id)
        require(Set(ids).count == ids.count, "step ids repeat: \(ids)")
        for step in plan.analyses {
            require(AnalysisPlan.commands.contains(step.command), "an analysis with the unknown command \(step.command)")
        }
        for step in plan.derive {
            require(AnalysisPlan.deriveCommands.contains(step.command), "a derive step with the command \(step.command)")
        }
        for step in plan.derive + plan.analyses {
            require(step.line >= 0 && step.line <= lines, "step \(step.id) on line \(step.line) of \(lines)")
            for option in step.options {
                require(option.line >= 0 && option.line <= lines, "option \(option.name) on line \(option.line) of \(lines)")
            }
        }
        do throws(PlanError) {
            try plan.checkColumns()
        } catch {
            require(error.description.hasPrefix(file), "a column check error that does not start with the plan file: \(error)")
        }
    }
}
