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
            // With two studies, the one left has no τ²: it stands alone, with its own variance.
            var restOptions = options
            if rest.count < 2 { restOptions.estimator = .fixed; restOptions.hartungKnapp = false }
            omissions.append(Omission(omitted: omitted.study, summary: try MetaAnalysisSummary(rest, options: restOptions)))
        }
        self.omissions = omissions
    }
}
