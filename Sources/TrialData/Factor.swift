/// A categorical variable: its levels in order and, per row, the index of its level.
///
/// The first level is the reference level of treatment contrasts, so the order matters: it
/// follows R (sorted) unless the user gives one.
public struct Factor: Sendable, Equatable {
    public private(set) var levels: [String]
    /// Per row, an index into `levels`, or −1 where the value is missing.
    public private(set) var codes: [Int32]

    public static let missingCode: Int32 = -1

    public init(levels: [String], codes: [Int32]) {
        self.levels = levels
        self.codes = codes
    }

    public var count: Int { codes.count }

    /// The value in row `row`, or nil when missing.
    public func value(at row: Int) -> String? {
        let code = codes[row]
        return code == Self.missingCode ? nil : levels[Int(code)]
    }

    /// The same values with the levels in a new order. Every current level must be named
    /// (levels with no rows may be added); otherwise the unnamed levels are returned.
    public func reordered(_ newLevels: [String]) -> Result<Factor, UnorderedLevels> {
        let position = Dictionary(newLevels.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        let unnamed = levels.filter { position[$0] == nil }
        guard unnamed.isEmpty else { return .failure(UnorderedLevels(levels: unnamed)) }
        let mapping = levels.map { position[$0]! }
        let recoded = codes.map { $0 == Self.missingCode ? $0 : mapping[Int($0)] }
        return .success(Factor(levels: newLevels, codes: recoded))
    }

    /// The same rows with labels read as others (`mapping`: old → new; labels not in it kept),
    /// labels that become equal merged into one level, levels in byte order as the reader sorts them.
    public func relabeled(_ mapping: [String: String]) -> Factor {
        let target = levels.map { mapping[$0] ?? $0 }
        let merged = Array(Set(target)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let position = Dictionary(uniqueKeysWithValues: merged.enumerated().map { ($1, Int32($0)) })
        return Factor(levels: merged, codes: codes.map { $0 == Self.missingCode ? $0 : position[target[Int($0)]]! })
    }

    /// Levels present in the data but missing from a requested order.
    public struct UnorderedLevels: Error, Equatable, Sendable {
        public let levels: [String]
    }
}
