/// One column of a table, typed as its values turned out to be.
public struct Column: Sendable, Equatable {
    public enum Values: Sendable, Equatable {
        /// Numbers; NaN marks a missing value.
        case numeric([Double])
        case categorical(Factor)
        /// Calendar dates as days since 1970-01-01; `Column.missingDate` marks a missing value.
        case date([Int32])
    }

    public static let missingDate = Int32.min

    public let name: String
    public var values: Values

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    public var count: Int {
        switch values {
        case let .numeric(numbers): return numbers.count
        case let .categorical(factor): return factor.count
        case let .date(days): return days.count
        }
    }

    public var typeName: String {
        switch values {
        case .numeric: return "numeric"
        case .categorical: return "categorical"
        case .date: return "date"
        }
    }

    public func isMissing(_ row: Int) -> Bool {
        switch values {
        case let .numeric(numbers): return numbers[row].isNaN
        case let .categorical(factor): return factor.codes[row] == Factor.missingCode
        case let .date(days): return days[row] == Self.missingDate
        }
    }

    public var missingCount: Int { (0..<count).reduce(0) { $0 + (isMissing($1) ? 1 : 0) } }
}
