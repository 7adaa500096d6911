import Foundation
import Testing

/// Values at the edge of what a double holds, and bytes no label should hold (issue 16).
struct ExtremeInputTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try CommandRunner.run(arguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    }

    /// Two values of 1e308 have mean 1e308 and SD 0; the sum overflowing must not make them Inf or NA.
    @Test func valuesNearTheLargestDoubleHaveTheirMeanAndSD() throws {
        let file = try DataCommandTests.temporaryFile("subject,visit,vas\nA,0,1e308\nA,1,-1e308\nB,0,1e308\nB,1,-1e308\n")
        let document = try Self.json(["descriptives", file, "--arm", "none"])
        let cells = try #require(((document["outcomes"] as? [[String: Any]])?.first?["cells"]) as? [[String: Any]])
        #expect(cells.count == 2 && cells[0]["mean"] as? Double == 1e308 && cells[0]["sd"] as? Double == 0, "\(cells)")
        // The change from 1e308 to −1e308 is −2e308, beyond a double: null, never a wrong finite number.
        let change = try Self.json(["descriptives", file, "--arm", "none", "--change"])
        let changeCells = try #require(((change["outcomes"] as? [[String: Any]])?.first?["cells"]) as? [[String: Any]])
        #expect(changeCells.last?["mean"] is NSNull || changeCells.last?["mean"] == nil, "\(changeCells)")
        // The percent change is −200%, which exists although the difference overflows.
        let reshaped = try CommandRunner.run(["reshape", file, "--arm", "none", "--to", "long", "--derived"])
        #expect(reshaped.status == 0 && reshaped.standardOutput.contains(",-200\n"), "\(reshaped.standardOutput)")
        // Tables show such magnitudes in scientific notation, not in 309 digits.
        let text = try CommandRunner.run(["descriptives", file, "--arm", "none"]).standardOutput
        #expect(text.contains("1.0000e+308") && !text.contains("100000000000000000000"), "\(text)")
    }

    /// A NUL or escape byte in a label is refused with its file, line and column (a NUL crashed describe).
    @Test func aControlCharacterInALabelIsRefusedWhereItIs() throws {
        for (byte, code) in [("\u{0}", "U+0000"), ("\u{1B}", "U+001B")] {
            let file = try DataCommandTests.temporaryFile("subject,arm,visit,vas\nA,sal\(byte)ine,0,5\nA,saline,1,4\nB,dex,0,6\nB,dex,1,3\n")
            for command in ["describe", "validate"] {
                let outcome = try CommandRunner.run([command, file])
                #expect(outcome.status == 65, "\(command): \(outcome.standardError)")
                #expect(outcome.standardError.contains("\(file):2: column arm:") && outcome.standardError.contains("control character (\(code))"),
                        "\(outcome.standardError)")
            }
        }
        // A line break inside a quoted field is text, not a control character.
        let multiline = try DataCommandTests.temporaryFile("subject,arm,visit,vas,comment\nA,s,0,5,\"two\nlines\"\nA,s,1,4,x\n")
        #expect(try CommandRunner.run(["describe", multiline, "--outcome", "vas"]).status == 0)
    }
}
