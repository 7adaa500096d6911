/// The data failed checks whose severity is `error`; nothing was analysed.
public struct ValidationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    /// Every failed check, errors first, in file order within each severity.
    public var issues: [ValidationIssue]
    /// Problems with the roles themselves (a named column that does not exist, say).
    public var roleProblems: [String]

    public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }

    /// Shows at most this many issues; the rest are counted.
    public static let shownIssues = 25

    public var description: String {
        var lines: [String] = roleProblems
        let errors = self.errors
        if !errors.isEmpty {
            lines.append("\(source): \(errors.count) error\(errors.count == 1 ? "" : "s"); nothing was analysed:")
            for issue in errors.prefix(Self.shownIssues) { lines.append("  " + issue.description) }
            if errors.count > Self.shownIssues { lines.append("  … and \(errors.count - Self.shownIssues) more") }
        }
        return lines.joined(separator: "\n")
    }
}
