/// The model refitted without each study in turn, to show how much any one study moves the result.
public struct LeaveOneOut: Codable, Sendable, Equatable {
    public struct Omission: Codable, Sendable, Equatable {
        public let omitted: String
        public let summary: MetaAnalysisSummary
    }

    public let omissions: [Omission]

    public init(_ studies: [StudyEffect], options: MetaAnalysisOptions) throws(MetaAnalysisError) {
        var omissions: [Omission] = []
        for index in studies.indices {
            var rest = studies
            let omitted = rest.remove(at: index)
            omissions.append(Omission(omitted: omitted.study, summary: try MetaAnalysisSummary(rest, options: options)))
        }
        self.omissions = omissions
    }
}
