import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TranscriptModel

/// CHAT's annotation codes (`[x 2]`, `[+ bch]`, `@o`) are not words: searches do not find them, and a
/// phrase reads across them.
@Suite struct AnnotationWordTests {
    static let chat = "@UTF8\n@Begin\n@Participants:\tCHI Ann Target_Child, MOT Mother\n"
        + "*CHI:\tmore cookie [: cookies] [*] .\n*MOT:\tyou [x 2] want@o more [+ bch] [* p:w] ?\n*CHI:\tno .\n@End\n"

    /// The number of utterances `QUERY | count` reports (the first figure of its line).
    func count(_ query: String) throws -> Int {
        let decoded = try DecodedText.decode(Array(Self.chat.utf8)).get()
        let documents = ChatReader().read(decoded, id: "t", path: "t.cha").documents
        let output = BufferOutput()
        #expect(Session(documents: documents, output: output).run(query + " | count") == .success)
        return Int(output.output.prefix { $0.isNumber }) ?? -1
    }

    @Test func codesAreNotWordsAndAPhraseReadsAcrossThem() throws {
        #expect(try count("bch") == 0)
        #expect(try count("x") == 0)
        #expect(try count("\"you want\"") == 1)
        #expect(try count("\"want more\"") == 1)
        #expect(try count("cookie") == 1)
        #expect(try count("more") == 2)
    }
}
