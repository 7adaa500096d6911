import ArgumentParser
import Foundation
import StatsCore

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// JSON with sorted keys, so the same result always gives the same bytes; null for a number
/// that does not exist.
func deterministicJSON<Value: Encodable>(_ value: Value) throws -> String {
    try JSONText.encode(value)
}
