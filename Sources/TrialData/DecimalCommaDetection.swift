import Foundation

/// Whether a file exported the Excel way (`;` or tab between fields) writes its numbers with a
/// decimal comma: the first lines' number-like fields use a comma ("8,8", "-1,25") and none a
/// point. Read with a point they would be text, and the column would silently stop being a number.
enum DecimalCommaDetection {
    static func usesDecimalComma(path: String, delimiter given: UInt8?) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 16), let text = String(data: data, encoding: .utf8)
                ?? String(data: data.dropLast(4), encoding: .utf8) else { return false }
        // The header alone decides the delimiter; most files stop there (a comma delimiter).
        let header = text.prefix { !$0.isNewline }
        guard !header.isEmpty else { return false }
        let delimiter: Character
        if let given { delimiter = Character(Unicode.Scalar(given)) } else {
            // As the reader detects it: the most frequent of , ; tab in the header.
            delimiter = [";", "\t", ","].max { a, b in header.filter { $0 == a }.count < header.filter { $0 == b }.count } ?? ","
        }
        guard delimiter == ";" || delimiter == "\t" else { return false }
        let lines = text.split(whereSeparator: \.isNewline).prefix(200)
        var comma = 0, point = 0
        for line in lines.dropFirst() {
            for field in line.split(separator: delimiter, omittingEmptySubsequences: false) {
                let value = field.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
                if value.range(of: #"^[-+]?\d+,\d+$"#, options: .regularExpression) != nil { comma += 1 }
                if value.range(of: #"^[-+]?\d+\.\d+$"#, options: .regularExpression) != nil { point += 1 }
            }
        }
        return comma > 0 && point == 0
    }
}
