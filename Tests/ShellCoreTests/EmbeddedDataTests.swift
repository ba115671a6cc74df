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

    @Test func stopWordsAreEmbedded() throws {
        #expect(Array(EmbeddedData.stopWords.utf8) == (try file("Examples/stopwords-en.txt")))
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
}
