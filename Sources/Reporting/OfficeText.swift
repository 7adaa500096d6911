/// Text as the XML of an Office document and as RTF hold it.
enum OfficeText {
    /// Escaped for XML; characters XML 1.0 cannot hold (control characters other than tab and
    /// line breaks) are left out rather than making the document unreadable.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// RTF text: the control characters \ { } escaped, and everything beyond ASCII as \uN? in
    /// UTF-16 units (signed, as RTF reads them), so the file is plain 7-bit ASCII.
    static func rtf(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "{": out += "\\{"
            case "}": out += "\\}"
            case "\n": out += "\\line "
            case "\t": out += "\\tab "
            default:
                if scalar.value < 0x20 { continue }
                if scalar.isASCII { out.unicodeScalars.append(scalar); continue }
                for unit in String(scalar).utf16 { out += "\\u\(Int16(bitPattern: unit))?" }
            }
        }
        return out
    }
}
