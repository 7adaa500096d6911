/// Dates as clinics' spreadsheets write them: 29.06.2023 (day first, the dot's convention),
/// 29/06/2023 or 06/29/2023, the order told by a day above 12 somewhere in the column or by a
/// declared format; and Excel's serial day numbers. A column whose every date reads both ways is
/// ambiguous, and refused with a line, unless the format is declared.
enum SpreadsheetDate {
    enum Reading: Equatable {
        /// Days since 1970-01-01 per row; `note` says what was decided without being told.
        case days([Int32], note: String?)
        /// Dates that read both day first and month first: the first one's row.
        case ambiguous(row: Int, value: String)
        /// A value that is not a date as the declared format writes one.
        case invalid(row: Int, value: String, expected: String)
        case notDates
    }

    /// Excel's serial numbers from 1950-01-01 to 2099-12-31 are read as dates without a declared
    /// format; smaller or larger numbers are more likely study days or codes.
    static let plausibleSerials = 18_264...73_050

    /// Days since 1970-01-01 per row (`Column.missingDate` where missing).
    static func read(_ column: Column, format: DateFormat? = nil) -> Reading {
        switch column.values {
        case let .date(days):
            if let format, format != .iso, let row = days.firstIndex(where: { $0 != Column.missingDate }) {
                return .invalid(row: row, value: ISODate.format(days[row]), expected: "a date written \(format.rawValue)")
            }
            return .days(days, note: nil)
        case let .numeric(values):
            return serialDays(values, column: column.name, declared: format == .excelSerial, format: format)
        case let .categorical(factor):
            if format == .excelSerial || format == .iso {
                guard let row = factor.codes.firstIndex(where: { $0 >= 0 }) else { return .notDates }
                return .invalid(row: row, value: factor.levels[Int(factor.codes[row])],
                                expected: format == .iso ? "a date written yyyy-mm-dd" : "a spreadsheet serial day number")
            }
            return writtenDays(factor, dayFirst: format?.dayFirst, format: format)
        }
    }

    /// Excel's 1900 date system: serial 1 is 1900-01-01; 60 is the 29 February 1900 that Excel
    /// counts and the calendar does not; from 61 on, serial − 25569 is days since 1970-01-01.
    static func serialDays(_ values: [Double], column: String, declared: Bool, format: DateFormat?) -> Reading {
        if let format, format != .excelSerial, let row = values.firstIndex(where: { !$0.isNaN }) {
            return .invalid(row: row, value: formatNumber(values[row]), expected: "a date written \(format.rawValue)")
        }
        var days: [Int32] = []
        days.reserveCapacity(values.count)
        for (row, value) in values.enumerated() {
            if value.isNaN { days.append(Column.missingDate); continue }
            let plausible = declared ? 1...2_958_465 : plausibleSerials
            guard value == value.rounded(), value >= Double(plausible.lowerBound), value <= Double(plausible.upperBound), value != 60 else {
                return declared ? .invalid(row: row, value: formatNumber(value), expected: "a spreadsheet serial day number (a whole number from 1)")
                    : .notDates
            }
            let serial = Int(value)
            days.append(Int32(serial < 60 ? serial - 25_568 : serial - 25_569))
        }
        guard let first = values.firstIndex(where: { !$0.isNaN }) else { return .notDates }
        let note = declared ? nil
            : "the dates in \(column) are read as spreadsheet serial day numbers (\(formatNumber(values[first])) is \(ISODate.format(days[first]))); "
                + "declare the date format to be sure"
        return .days(days, note: note)
    }

    static func writtenDays(_ factor: Factor, dayFirst declaredOrder: Bool?, format: DateFormat?) -> Reading {
        var parts: [(Int, Int, Int)?] = []
        var separators = Set<Character>()
        func invalid(_ index: Int) -> Reading {
            guard let format, let row = factor.codes.firstIndex(of: Int32(index)) else { return .notDates }
            return .invalid(row: row, value: factor.levels[index], expected: "a date written \(format.rawValue)")
        }
        for (index, level) in factor.levels.enumerated() {
            let pieces = level.split(whereSeparator: { $0 == "." || $0 == "/" || $0 == "-" })
            guard pieces.count == 3, let a = Int(pieces[0]), let b = Int(pieces[1]), let year = Int(pieces[2]), pieces[2].count == 4,
                  let separator = level.first(where: { $0 == "." || $0 == "/" || $0 == "-" }) else { return invalid(index) }
            separators.insert(separator)
            parts.append((a, b, year))
        }
        guard separators.count == 1, let separator = separators.first else { return .notDates }
        let dayFirst: Bool
        var note: String? = nil
        if let declaredOrder {
            dayFirst = declaredOrder
        } else if separator == "." {
            dayFirst = true
        } else if let telling = parts.firstIndex(where: { $0!.0 > 12 }) ?? parts.firstIndex(where: { $0!.1 > 12 }) {
            dayFirst = parts[telling]!.0 > 12
            note = "the dates are read \(dayFirst ? "day" : "month") first, as \(factor.levels[telling]) reads only so; declare the date format to be sure"
        } else {
            guard let row = factor.codes.firstIndex(where: { $0 >= 0 }) else { return .notDates }
            return .ambiguous(row: row, value: factor.levels[Int(factor.codes[row])])
        }
        var days: [Int32] = []
        for (index, part) in parts.enumerated() {
            let (a, b, year) = part!
            let (day, month) = dayFirst ? (a, b) : (b, a)
            guard (1...12).contains(month), day >= 1, day <= ISODate.daysInMonth(year: year, month: month) else { return invalid(index) }
            days.append(Int32(ISODate.daysFromCivil(year: year, month: month, day: day)))
        }
        return .days(factor.codes.map { $0 < 0 ? Column.missingDate : days[Int($0)] }, note: note)
    }
}
