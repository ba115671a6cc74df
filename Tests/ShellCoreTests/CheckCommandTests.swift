import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TranscriptModel

/// `.check [ID]` in the shell, and the note a load with doubtful labels gives.
@Suite struct CheckCommandTests {
    /// `Mr. Smith.` opens a sentence of a memorandum: a doubtful label, not taken.
    static let memo = "Cde. Smith: We met.\n\nMr. Smith. He left early, as agreed.\n\nCde. Jones: Then?\n"

    func document() -> Document {
        (try? DecodedText.decode(Array(Self.memo.utf8)).get()).map { ArchivalTextReader(format: .text).read($0, id: "memo", path: "memo.txt") } ?? Document(id: "none", path: "", format: "text")
    }

    @Test func checkPrintsTheReportOfTheLoadedDocuments() {
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference(), document()], output: output)
        #expect(session.run(".check memo") == .success)
        #expect(output.output.hasPrefix("memo  (text, memo.txt)\n"))
        #expect(output.output.contains("  doubtful labels:\n    line 3: not taken: Mr. Smith. He left early, as agreed. (period form"))
        #expect(!output.output.contains("1953-06-13"))
        #expect(session.run(".check") == .success)
        #expect(output.output.contains("1953-06-13-kremlin-hungarian-delegation  (text,"))
        #expect(session.run(".check nothing") == .queryError)
        #expect(output.errors.contains("no loaded document has the id 'nothing'"))
    }

    @Test func checkInJSONModeIsTheJSONOfParleyCheck() throws {
        let output = BufferOutput()
        let session = Session(documents: [document()], output: output, format: .json)
        #expect(session.run(".check") == .success)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [String: Any])
        let doc = try #require((object["documents"] as? [[String: Any]])?.first)
        let doubtful = try #require(doc["doubtful_labels"] as? [[String: Any]])
        #expect(doubtful.map { $0["line"] as? Int } == [3])
        #expect(doubtful.first?["taken"] as? Bool == false)
    }

    @Test func aLoadWithDoubtfulLabelsSaysHowManyAndNamesCheck() {
        #expect(Loading.doubtfulNote([document(), document(), Loader.embeddedReference()])
                == "note: 2 doubtful labels in 2 documents; '.check' (or 'parley --check') lists them")
        #expect(Loading.doubtfulNote([Loader.embeddedReference()]) == nil)
        // Lines a reader could not place are counted too; web page chrome skipped on purpose is not.
        var lost = Loader.embeddedReference()
        lost.unplacedLines.append(UnplacedLine(line: 2, text: "x", reason: "outside any @Begin/@End session"))
        #expect(Loading.doubtfulNote([document(), lost])
                == "note: 1 doubtful label in 1 document; 1 line not placed in 1 document; '.check' (or 'parley --check') lists them")
    }
}
