import Foundation
import Testing
import ShellCore

/// The data files built into the program are the files in the repository (`make embed-reference`
/// regenerates them).
@Suite struct EmbeddedDataTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func file(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: Self.repository.appendingPathComponent(path))) }

    @Test func topicFileIsEmbedded() throws {
        #expect(Array(EmbeddedData.referenceTopics.utf8) == (try file(EmbeddedData.referenceTopicsName)))
    }

    @Test func sessionListIsEmbedded() throws {
        let folder = Self.repository.appendingPathComponent("Examples/sessions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".session") }.sorted()
        #expect(EmbeddedData.sessionSummaries.map(\.name) == files)
        for (name, summary) in EmbeddedData.sessionSummaries {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(ExampleSession(parsing: text).title == summary, "\(name)")
        }
        let output = BufferOutput()
        Session(documents: [], output: output).run(".help examples")
        #expect(output.output.contains("01-first-steps.session  "))
        // The summaries stand in one column.
        let columns = Set(output.output.split(separator: "\n").dropFirst().map { line in
            line.distance(from: line.startIndex, to: line.range(of: ".session")!.upperBound) + line.dropFirst(line.distance(from: line.startIndex, to: line.range(of: ".session")!.upperBound)).prefix { $0 == " " }.count
        })
        #expect(columns.count == 1)
    }

    @Test func shippedTopicsAreDefined() {
        let output = BufferOutput()
        let session = Session(documents: [], output: output)
        session.run(".topics")
        for name in ["ÁVH", "agriculture", "industry", "army", "leadership"] {
            #expect(output.output.contains("topic:\(name) = "), "\(name)")
        }
        #expect(output.errors.isEmpty)
    }

    @Test func topicsFollowTheMode() throws {
        let output = BufferOutput()
        let session = Session(documents: [], output: output)
        session.run(".define purge = purge* OR arrest*")
        session.run(".mode json")
        session.run(".topics")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [[String: String]])
        #expect(rows.map { $0["name"] ?? "" } == ["topic:agriculture", "topic:army", "topic:industry", "topic:leadership", "topic:ÁVH", "@purge"])
        #expect(rows.first { $0["name"] == "@purge" }?["query"] == "purge* OR arrest*")
        #expect(output.errors.isEmpty)
    }
}
