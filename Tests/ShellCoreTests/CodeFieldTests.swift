import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TranscriptModel

/// `code:` finds utterances holding an annotation code (CHAT's `[x 2]`, `[*]`, `@o`).
@Suite struct CodeFieldTests {
    static let chat = "@UTF8\n@Begin\n@Participants:\tCHI Ann Target_Child, MOT Mother\n"
        + "*CHI:\tmore cookie [: cookies] [*] .\n*MOT:\tyou [x 2] want@o more [+ bch] [* p:w] ?\n*CHI:\tno .\n@End\n"

    func count(_ query: String) throws -> String {
        let decoded = try DecodedText.decode(Array(Self.chat.utf8)).get()
        let documents = ChatReader().read(decoded, id: "t", path: "t.cha").documents
        let output = BufferOutput()
        #expect(Session(documents: documents, output: output).run(query + " | count") == .success)
        return output.output
    }

    @Test func codesAreFoundByTheirCode() throws {
        #expect(try count("code:x") == "1 utterance, 1 turn, 1 document\n")
        #expect(try count("code:\"*\"") == "2 utterances, 2 turns, 1 document\n")
        #expect(try count("code:\"@O\"") == "1 utterance, 1 turn, 1 document\n")
        #expect(try count("code:zz") == "0 utterances, 0 turns, 0 documents\n")
        #expect(try count("-code:\"*\"") == "1 utterance, 1 turn, 1 document\n")
    }

    @Test func codesAreNotWordsAndAPhraseReadsAcrossThem() throws {
        #expect(try count("bch") == "0 utterances, 0 turns, 0 documents\n")
        #expect(try count("x") == "0 utterances, 0 turns, 0 documents\n")
        #expect(try count("\"you want\"") == "1 utterance, 1 turn, 1 document\n")
        #expect(try count("\"want more\"") == "1 utterance, 1 turn, 1 document\n")
        #expect(try count("cookie") == "1 utterance, 1 turn, 1 document\n")
    }
}
