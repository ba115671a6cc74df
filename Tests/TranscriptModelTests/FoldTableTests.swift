import Foundation
import Testing
@testable import TranscriptModel

@Suite struct FoldTableTests {
    /// The built-in table is the one computed from the Unicode data: a change of the folding rules (or of
    /// the Unicode version) that is not written into `EmbeddedFoldTable.swift` fails here. With
    /// `PARLEY_WRITE_FOLD_TABLE=1` the test writes the file first.
    @Test func embeddedFoldTableIsTheComputedOne() throws {
        let computed = Folding.FoldTable.computed()
        let encoded = try #require(computed.encoded)
        if ProcessInfo.processInfo.environment["PARLEY_WRITE_FOLD_TABLE"] == "1" {
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../Sources/TranscriptModel/EmbeddedFoldTable.swift").standardizedFileURL
            let lines = encoded.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            let source = """
                // Generated from `Folding.FoldTable.computed()` by `PARLEY_WRITE_FOLD_TABLE=1 swift test --filter embeddedFoldTable`. Do not edit.

                /// The folding table (`Folding.table`), in the form `Folding.FoldTable(encoded:)` reads.
                enum EmbeddedFoldTable {
                    static let encoded = \"\"\"
                \(lines)
                    \"\"\"
                }

                """
            try source.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(Folding.FoldTable(encoded: EmbeddedFoldTable.encoded) == computed,
                "EmbeddedFoldTable.swift is not the computed table: run PARLEY_WRITE_FOLD_TABLE=1 swift test --filter embeddedFoldTable")
        #expect(Folding.table == computed)
        // The round trip, and a damaged text refused.
        #expect(Folding.FoldTable(encoded: encoded) == computed)
        #expect(Folding.FoldTable(encoded: String(encoded.dropLast(200))) == nil)
        #expect(Folding.FoldTable(encoded: "") == nil)
    }
}
