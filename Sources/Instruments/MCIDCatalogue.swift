import Foundation

/// Published minimal important changes and differences, each with its source and population.
///
/// The values live in `Resources/mcid-catalogue.json`, taken from shared/reference/
/// instruments.md. There is deliberately no single "the MCID" of an instrument: MCIDs depend on
/// the population, intervention and method, so the analyst picks an entry and the output names it.
public struct MCIDCatalogue: Sendable {
    public enum Kind: String, Codable, Sendable {
        /// A minimal important change for one person: may classify individual responders.
        case withinPerson = "within-person"
        /// A minimal important difference between group means: interprets a treatment effect,
        /// never an individual.
        case betweenGroup = "between-group"
    }

    public enum Unit: String, Codable, Sendable {
        /// Score points of improvement.
        case points
        /// Improvement as a percentage of baseline.
        case percent
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var instrument: String
        /// The scale within the instrument ("sss", "pain"), empty for single-score instruments.
        public var scale: String
        /// The size of the improvement, positive whatever the instrument's direction.
        public var threshold: Double
        public var unit: Unit
        public var kind: Kind
        public var population: String
        public var source: String
        /// "V" read in a source excerpt, "R" recalled or secondary (instruments.md's tags).
        public var evidence: String
        /// The score scale the threshold is on, when the instrument has more than one (VAS 0-100).
        public var scoreScale: String?
        public var note: String?
    }

    public let entries: [Entry]

    /// The catalogue bundled with TrialStats.
    public static func bundled() throws -> MCIDCatalogue {
        guard let url = Bundle.module.url(forResource: "mcid-catalogue", withExtension: "json", subdirectory: "Resources") else {
            throw InstrumentError.invalidOption(name: "catalogue", value: "mcid-catalogue.json", expected: "the bundled resource")
        }
        struct File: Decodable { let entries: [Entry] }
        return MCIDCatalogue(entries: try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).entries)
    }

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public func entries(for instrument: String, scale: String? = nil) -> [Entry] {
        entries.filter { $0.instrument == instrument && (scale == nil || $0.scale == scale) }
    }

    /// The entry to classify individual responders with; a between-group entry is refused.
    public func responderThreshold(id: String, instrument: String, scale: String) throws(InstrumentError) -> Entry {
        let candidates = entries(for: instrument, scale: scale)
        guard let entry = candidates.first(where: { $0.id == id }) else {
            throw .unknownThreshold(id, known: candidates.map(\.id))
        }
        guard entry.kind == .withinPerson else {
            throw .betweenGroupThresholdForIndividuals(entry: "\(instrument) \(entry.id)", source: entry.source)
        }
        return entry
    }
}
