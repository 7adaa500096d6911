/// How a date column is written, when the user says so (`--date-format`, schema `date_format`):
/// the order of day and month cannot always be told from the dates themselves.
public enum DateFormat: String, Sendable, Codable, CaseIterable {
    case iso = "yyyy-mm-dd"
    case dayMonthYear = "dd.mm.yyyy"
    case dayMonthYearSlashed = "dd/mm/yyyy"
    case monthDayYear = "mm/dd/yyyy"
    /// A spreadsheet's serial day number (Excel's 1900 system: 45106 is 2023-06-29).
    case excelSerial = "excel"

    public init?(text: String) {
        switch text.lowercased() {
        case "iso", "yyyy-mm-dd", "iso8601", "iso 8601": self = .iso
        case "serial", "excel": self = .excelSerial
        default: self.init(rawValue: text.lowercased())
        }
    }

    var dayFirst: Bool? {
        switch self {
        case .dayMonthYear, .dayMonthYearSlashed: return true
        case .monthDayYear: return false
        case .iso, .excelSerial: return nil
        }
    }
}
