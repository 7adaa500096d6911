/// Two arms of one study at one visit, compared as treatment − control.
public struct ArmPair: Codable, Sendable, Equatable {
    public var study: String
    public var outcome: String
    public var visit: String
    public var treatment: ConvertedArm
    public var control: ConvertedArm
    /// The pair's level of the subgrouping column, from the treatment row (or the control row).
    public var subgroup: String?

    public var label: String { [study, outcome, visit].filter { !$0.isEmpty }.joined(separator: ", ") }
    public var conversions: [String] {
        (treatment.conversions.map { "\(treatment.arm): \($0)" } + control.conversions.map { "\(control.arm): \($0)" })
            .filter { !$0.hasSuffix("proportion of events") }
    }
}

/// Arms grouped into comparisons. Within a study, outcome and visit the treatment arm is the row
/// whose `role` is treatment (or experimental, intervention); the control is the row whose role
/// is control (or comparator). Without a `role` column, the first arm listed is the treatment and
/// each later arm a control. Arms whose numbers cannot be made into a mean and SD are reported,
/// not dropped silently.
public enum ArmPairing {
    public static let treatmentRoles: Set<String> = ["treatment", "experimental", "intervention"]
    public static let controlRoles: Set<String> = ["control", "comparator"]

    public static func pairs(_ file: SummaryFile, subgroupColumn: String? = nil) throws(MetaAnalysisError) -> (pairs: [ArmPair], notes: [String]) {
        let (armRows, derivationNotes) = file.armRowsWithDerivedCounts()
        var pairs: [ArmPair] = [], notes = derivationNotes
        for rows in SummaryFile.armGroups(armRows) {
            let roles = rows.map { $0.text("role")?.lowercased() }
            let treatmentRows: [SummaryRow], controlRows: [SummaryRow]
            if roles.contains(where: { $0 != nil }) {
                treatmentRows = rows.filter { treatmentRoles.contains($0.text("role")?.lowercased() ?? "") }
                controlRows = rows.filter { controlRoles.contains($0.text("role")?.lowercased() ?? "") }
            } else {
                treatmentRows = Array(rows.prefix(1))
                controlRows = Array(rows.dropFirst())
            }
            guard !treatmentRows.isEmpty, !controlRows.isEmpty else {
                notes.append("\(file.source), line \(rows[0].line): \(rows[0].study) \(rows[0].visit) has no treatment and control pair")
                continue
            }
            // Every treatment arm against every control arm: a second treatment arm is a second
            // comparison, which pooling refuses (one per study), never one left out unsaid.
            for treatmentRow in treatmentRows {
                let treatment: ConvertedArm
                switch try ConvertedArm.convert(treatmentRow, file: file.source) {
                case let .success(arm): treatment = arm
                case let .failure(reason): notes.append(reason.description); continue
                }
                for controlRow in controlRows {
                    switch try ConvertedArm.convert(controlRow, file: file.source) {
                    case let .success(control):
                        let subgroup = subgroupColumn.flatMap { treatmentRow.text($0) ?? controlRow.text($0) }
                        pairs.append(ArmPair(study: treatmentRow.study, outcome: treatmentRow.outcome, visit: treatmentRow.visit,
                                             treatment: treatment, control: control, subgroup: subgroup))
                    case let .failure(reason):
                        notes.append(reason.description)
                    }
                }
            }
        }
        return (pairs, notes)
    }

    /// A study may enter a meta-analysis once: two visits, two outcomes or two comparisons of
    /// one study would count its patients twice (a unit-of-analysis error).
    public static func checkOncePerStudy(_ pairs: [ArmPair], file: String) throws(MetaAnalysisError) {
        var byStudy: [String: [String]] = [:]
        for pair in pairs { byStudy[pair.study, default: []].append("\(pair.label): \(pair.treatment.arm) vs \(pair.control.arm)") }
        if let study = byStudy.keys.sorted().first(where: { byStudy[$0]!.count > 1 }) {
            throw .notComputable("\(file): \(study) gives \(byStudy[study]!.count) comparisons (\(byStudy[study]!.joined(separator: "; "))); "
                                 + "each study may enter once: choose one outcome and visit with --outcome and --visit, or one comparison with role")
        }
    }
}
