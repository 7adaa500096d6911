/// The covariance term's part of a model frame: each row's visit, subject and (when the
/// covariance is grouped) group, as level indices over the rows used.
public struct CovarianceDesign: Sendable {
    public let term: CovarianceTerm
    /// The visit levels present, in R's factor order: the rows and columns of the covariance.
    public let visits: [String]
    public let visitIndices: [Int32]
    public let subjects: [String]
    public let subjectIndices: [Int32]
    /// The group levels and each row's group, when the term has a group.
    public let groups: [String]
    public let groupIndices: [Int32]?
    /// The visits as numbers, when the visit column holds numbers: structures such as AR(1)
    /// assume they are equally spaced.
    public let visitValues: [Double]?
    /// Each visit's coordinates for a spatial structure: its number, or with several coordinate
    /// columns (`sp_exp(x, y | subject)`) each visit being one combination of them, its numbers.
    public let visitCoordinates: [[Double]]?
}
