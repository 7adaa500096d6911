import Foundation

/// The part of JSON Schema (2020-12) that `docs/json/*.schema.json` use: type (one or a list),
/// const, enum, properties, required, additionalProperties (false or a schema), items, anyOf, and
/// local $ref into $defs. Enough to hold a command's JSON to its published schema without a dependency.
struct JSONSchemaValidator {
    let root: [String: Any]

    init(path: String) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    /// Every place where `value` breaks the schema, as "path: what".
    func problems(_ value: Any) -> [String] { check(value, against: root, at: "$") }

    private func check(_ value: Any, against schema: [String: Any], at path: String) -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
            guard let definition = (root["$defs"] as? [String: Any])?[name] as? [String: Any] else { return ["\(path): no definition \(reference)"] }
            return check(value, against: definition, at: path)
        }
        if let alternatives = schema["anyOf"] as? [[String: Any]] {
            let failures = alternatives.map { check(value, against: $0, at: path) }
            if !failures.contains(where: \.isEmpty) { return ["\(path): matches none of anyOf (\(failures.flatMap { $0 }.joined(separator: "; ")))"] }
        }
        var found: [String] = []
        if let types = schema["type"].map({ $0 as? [String] ?? [$0 as? String ?? ""] }), !types.contains(where: { Self.matches(value, $0) }) {
            return ["\(path): \(Self.kind(value)) where \(types.joined(separator: " or ")) is expected"]
        }
        if let constant = schema["const"], !Self.equal(constant, value) { found.append("\(path): not \(constant)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) { found.append("\(path): not one of \(options)") }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path): \(key) is missing") }
            if schema["additionalProperties"] as? Bool == false {
                for key in object.keys.sorted() where properties[key] == nil { found.append("\(path): \(key) is not in the schema") }
            } else if let others = schema["additionalProperties"] as? [String: Any] {
                for key in object.keys.sorted() where properties[key] == nil {
                    found += check(object[key]!, against: others, at: "\(path).\(key)")
                }
            }
            for (key, property) in properties {
                if let child = object[key], let propertySchema = property as? [String: Any] {
                    found += check(child, against: propertySchema, at: "\(path).\(key)")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() { found += check(element, against: items, at: "\(path)[\(index)]") }
        }
        return found
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return (value as? NSNumber).map(isBoolean) ?? false
        case "number": return isNumber(value)
        case "integer": return isNumber(value) && (value as! NSNumber).doubleValue.rounded() == (value as! NSNumber).doubleValue
        default: return false
        }
    }

    static func isNumber(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return !isBoolean(number)
    }

    /// JSONSerialization gives true and false as NSNumbers of type char ("c").
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func kind(_ value: Any) -> String {
        for type in ["null", "boolean", "integer", "number", "string", "array", "object"] where matches(value, type) { return type }
        return "\(type(of: value))"
    }

    static func equal(_ a: Any, _ b: Any) -> Bool { (a as? NSObject)?.isEqual(b) ?? false }
}
