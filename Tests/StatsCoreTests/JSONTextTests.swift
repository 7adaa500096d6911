import Foundation
import Testing
import StatsCore

struct JSONTextTests {
    struct Sample: Encodable {
        let finite = 1.5
        let notANumber = Double.nan
        let infinite = -Double.infinity
        let list = [0.25, .infinity]
        let text = "NaN is a word here, and so is Infinity"
        let escaped = "C:\\trial \"quoted\" \u{1} and a last quote\""
        let last = Double.nan
    }

    /// A number that does not exist is null; text that spells one stays text.
    @Test func nonFiniteNumbersAreNullAndTextIsText() throws {
        let text = try JSONText.encode(Sample())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["finite"] as? Double == 1.5)
        #expect(object["notANumber"] is NSNull && object["infinite"] is NSNull)
        let list = try #require(object["list"] as? [Any])
        #expect(list.count == 2 && list[0] as? Double == 0.25 && list[1] is NSNull)
        #expect(object["text"] as? String == "NaN is a word here, and so is Infinity")
        #expect(object["escaped"] as? String == Sample().escaped, "escapes next to the marker's bytes survive")
        #expect(object["last"] is NSNull, "every marker is replaced")
        #expect(!text.contains("trialstats-not-a-number"))
        #expect(try JSONText.encode(Sample()) == text, "the same value gives the same bytes")
    }
}
