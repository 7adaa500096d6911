/// What a report calls the data's variables: a plan's `labels:` ("vas" is "Pain (VAS 0-10)"),
/// for headings, axes, table headers and sentences. JSON keeps the data's own names.
public struct DisplayNames: Sendable, Equatable {
    public var names: [String: String]

    public init(_ names: [String: String] = [:]) {
        self.names = names
    }

    /// The label of a variable, or its own name.
    public func callAsFunction(_ name: String) -> String { names[name] ?? name }

    /// `text` with each variable's name, where it stands as a word of its own (not inside a longer
    /// name: "vas" in "vas at visit 12" and "… in vas." but not in "vas_bl" or "vas.bl"), replaced
    /// by its label.
    public func inText(_ text: String) -> String {
        guard !names.isEmpty else { return text }
        let characters = Array(text)
        func isNamePart(_ index: Int) -> Bool {
            let character = characters[index]
            if character.isLetter || character.isNumber || character == "_" { return true }
            // A dot inside a name (R's vas.bl), not one that ends a sentence.
            return character == "." && index + 1 < characters.count && (characters[index + 1].isLetter || characters[index + 1].isNumber)
        }
        var result = ""
        var word = ""
        for index in characters.indices {
            if isNamePart(index) {
                word.append(characters[index])
            } else {
                result += names[word] ?? word
                word = ""
                result.append(characters[index])
            }
        }
        return result + (names[word] ?? word)
    }
}

extension ResultTable {
    /// The table as a report shows it with labels: in its title, its column headers and its text cells.
    public func labelled(_ names: DisplayNames) -> ResultTable {
        guard !names.names.isEmpty else { return self }
        var table = self
        table.title = names.inText(title)
        table.columns = columns.map { Column(names.inText($0.name), style: $0.style) }
        table.rows = rows.map { row in
            row.map { cell in
                if case let .text(text) = cell { return .text(names.inText(text)) }
                return cell
            }
        }
        table.notes = notes.map(names.inText)
        return table
    }
}
