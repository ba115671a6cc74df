import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TranscriptModel

/// `parley --check`: the report for people, the JSON contract of SPEC section 5, and exit statuses.
@Suite struct CheckTests {
    func check(_ paths: [String] = [], format: OutputFormat = .text) -> (ShellCore.ExitStatus, BufferOutput) {
        let output = BufferOutput()
        let status = Check.run(paths: paths, loader: Loader(), format: format, output: output)
        return (status, output)
    }

    @Test func jsonKeepsTheContractsKeysAndOrder() throws {
        let (status, output) = check(format: .json)
        #expect(status == .success)
        #expect(output.errors.isEmpty)
        #expect(output.output.hasSuffix("}\n"))
        let text = output.output
        // The keys of a document object, in the order SPEC section 5 gives them.
        let keys = ["id", "path", "format", "title", "date", "place", "turns", "utterances", "speakers", "directions",
                    "editorial", "figures", "metadata", "unplaced_lines", "times", "doubtful_labels", "annotations", "sidecar"]
        let positions = keys.map { text.range(of: "\"\($0)\": ")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(text.hasPrefix("{\"documents\": [{\"id\": \"1953-06-13-kremlin-hungarian-delegation\""))
        #expect(text.contains("\"editorial\": {\"elision\": "))
        #expect(text.contains("\"record_id\": null"))
        #expect(text.contains("\"unplaced_lines\": [{\"line\": 1, \"text\": \"Skip to content\", \"reason\": "))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let document = try #require((object["documents"] as? [[String: Any]])?.first)
        #expect(document["turns"] as? Int == 23)
        #expect(document["utterances"] as? Int == 72)
        #expect(document["date"] as? String == "1953-06-13")
        #expect(document["place"] as? String == "Kremlin")
        let speakers = try #require(document["speakers"] as? [String: [String: Int]])
        #expect(speakers.count == 8)
        // Beria opens 6 turns and interjects once; Rákosi opens 4 and interjects once (counted in the file).
        #expect(speakers["Beria"]?["turns"] == 6)
        #expect(speakers["Beria"]?["interjections"] == 1)
        #expect(speakers["Rákosi"]?["turns"] == 4)
        #expect(speakers["Rákosi"]?["interjections"] == 1)
        let total = speakers.values.reduce(0) { $0 + ($1["utterances"] ?? 0) }
        #expect(total == 72)
    }

    @Test func textReportNamesTheDocumentAndItsCounts() {
        let (status, output) = check()
        #expect(status == .success)
        #expect(output.output.hasPrefix("1953-06-13-kremlin-hungarian-delegation  (text, embedded:"))
        #expect(output.output.contains("  23 turns, 72 utterances: 69 paragraphs, 3 interjections, 0 directions, 0 narrative\n"))
        #expect(output.output.contains("    record_id: (empty)\n"))
        #expect(output.output.contains("    line 1: Skip to content (web page boilerplate, skipped)\n"))
    }

    @Test func unreadablePathGivesOneLineAndStatus66WhileOthersLoad() throws {
        let folder = NSTemporaryDirectory() + "parley-check-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/talk.txt"
        try "Cde. Beria: The army.\n".write(toFile: good, atomically: true, encoding: .utf8)
        let (status, output) = check([folder + "/missing.txt", good], format: .json)
        #expect(status == .inputFailed)
        #expect(output.errors == "error: \(folder)/missing.txt: no such file or directory\n")
        #expect(output.output.contains("\"id\": \"talk\""))
    }
}
