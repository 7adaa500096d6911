import Testing
@testable import TrialData

/// Text levels interned by the CSV reader: codes in order of first appearance, one per distinct
/// byte string, through the table's growth.
struct LevelInternerTests {
    func code(_ interner: inout LevelInterner, _ text: String) -> (code: Int32, isNew: Bool) {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { interner.code(of: UnsafeBufferPointer($0)) }
    }

    @Test func codesFollowFirstAppearance() {
        var interner = LevelInterner()
        #expect(code(&interner, "saline") == (0, true))
        #expect(code(&interner, "dextrose") == (1, true))
        #expect(code(&interner, "saline") == (0, false))
        #expect(code(&interner, "") == (2, true))
        #expect(code(&interner, "") == (2, false))
        #expect(code(&interner, "salinE") == (3, true), "bytes, not case-folded text")
        #expect(interner.levels.map { String(decoding: $0, as: UTF8.self) } == ["saline", "dextrose", "", "salinE"])
    }

    /// 100,000 subject labels, each seen twice: the table grows many times and keeps every code.
    @Test func manyLevelsKeepTheirCodes() {
        var interner = LevelInterner()
        let labels = (0..<100_000).map { "S" + String($0, radix: 10).leftPadded(to: 6) }
        for (index, label) in labels.enumerated() { #expect(code(&interner, label) == (Int32(index), true)) }
        var wrong = 0
        for (index, label) in labels.enumerated().reversed() where code(&interner, label) != (Int32(index), false) { wrong += 1 }
        #expect(wrong == 0)
        #expect(interner.levels.count == labels.count)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
