import Foundation
import StatsCore

/// The SHA-256 of a design's canonical JSON (sorted keys): shards of one design carry the same
/// fingerprint, so a merge can refuse shards of another design or an edited one.
public enum DesignFingerprint {
    public static func of(_ design: TrialDesign) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(design)) ?? Data()
        return SHA256.hex(Array(data))
    }
}
