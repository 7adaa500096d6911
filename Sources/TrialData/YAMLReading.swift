import Yams

/// Reading checked values out of composed YAML (schema files, analysis plans): every node keeps
/// its line, so a wrong key or value is reported where it is.
public enum YAMLReading {
    /// A key of a mapping, with its line.
    public struct Key: Sendable {
        public var name: String
        public var line: Int
    }

    public static func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    public static func mapping(_ node: Node, file: String, key: String, allowed: [String]?) throws(SchemaError) -> [(Key, Node)] {
        guard case let .mapping(mapping) = node else {
            throw .invalidValue(file: file, line: line(node), key: key, expected: "a mapping of keys to values")
        }
        var result: [(Key, Node)] = []
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else { throw .invalidValue(file: file, line: line(keyNode), key: key, expected: "text keys") }
            if let allowed, !allowed.contains(name) {
                throw .unknownKey(file: file, line: line(keyNode), key: name, allowed: allowed)
            }
            guard seen.insert(name).inserted else { throw .invalidValue(file: file, line: line(keyNode), key: name, expected: "each key once") }
            result.append((Key(name: name, line: line(keyNode)), value))
        }
        return result
    }

    public static func scalar(_ node: Node, file: String, key: String) throws(SchemaError) -> String {
        guard case let .scalar(scalar) = node else { throw .invalidValue(file: file, line: line(node), key: key, expected: "a single value") }
        return scalar.string
    }

    /// A list of values; a single value counts as a list of one.
    public static func strings(_ node: Node, file: String, key: String) throws(SchemaError) -> [String] {
        switch node {
        case let .scalar(scalar): return [scalar.string]
        case let .sequence(sequence):
            var values: [String] = []
            for element in sequence { values.append(try scalar(element, file: file, key: key)) }
            return values
        default:
            throw .invalidValue(file: file, line: line(node), key: key, expected: "a list of values")
        }
    }

}
