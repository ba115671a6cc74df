import Foundation
import Testing

/// No crash paths in the code: no force unwraps, `try!` or `as!` in the sources (issue 7's check), nor
/// Foundation's one known crash on a path.
/// Tests may use them; the program may not.
@Suite struct SourceCheckTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    @Test func noForcedUnwrapsOrTries() throws {
        // `NSString.deletingLastPathComponent` stops the program on a path of one character (`enclosingFolder`).
        let pattern = try NSRegularExpression(pattern: #"(try!|as!|[\w\)\]]!(?!=)|NSString\)\.deletingLastPathComponent)"#)
        var found: [String] = []
        let files = FileManager.default.enumerator(atPath: Self.sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.components(separatedBy: "\n").enumerated() {
                // Comments and string literals may say anything.
                let code = line.components(separatedBy: "//").first ?? ""
                let unquoted = code.replacingOccurrences(of: #""([^"\\]|\\.)*""#, with: "\"\"", options: .regularExpression)
                if pattern.firstMatch(in: unquoted, range: NSRange(unquoted.startIndex..., in: unquoted)) != nil {
                    found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "crash paths:\n\(found.joined(separator: "\n"))")
    }

    /// The libraries report through what they return; only the shell and the command line write to the
    /// standard streams, so no stray line can slip into a user's output.
    @Test func librariesDoNotWriteToTheStandardStreams() throws {
        var found: [String] = []
        for module in ["TranscriptModel", "TranscriptFormats", "QueryLanguage", "QueryEngine", "ClickHouseBackend"] {
            let folder = Self.sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            #expect(!files.isEmpty, "\(module)")
            for file in files {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.components(separatedBy: "\n").enumerated()
                where ["FileHandle.standard", "fputs(", "Swift.print(", "debugPrint("].contains(where: line.contains) {
                    found.append("\(module)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "writes to a standard stream:\n\(found.joined(separator: "\n"))")
    }
}
