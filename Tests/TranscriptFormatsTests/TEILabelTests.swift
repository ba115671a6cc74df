import Foundation
import Testing
import TranscriptModel
@testable import TranscriptFormats

/// TEI conventions of issue 12 on fixtures: FRUS-style labels in plain text inside `<p>`, and ParlaMint
/// turns whose `who` is a placeholder or missing, named by the printed `<note type="speaker">`.
@Suite struct TEILabelTests {
    func read(_ xml: String) throws -> (document: Document, warnings: [String]) {
        let decoded = try DecodedText.decode(Array(xml.utf8)).get()
        let read = try TEIReader().read(decoded, id: "doc", path: "doc.xml").get()
        return (try #require(read.documents.first), read.warnings)
    }

    func speakers(_ d: Document) -> [String] { d.turns.map { $0.speaker.map { d.speakers[$0].name } ?? "-" } }

    @Test func plainTextLabelsInsideParagraphsAreRead() throws {
        let (d, _) = try read("""
            <?xml version="1.0"?>
            <TEI><text><body><div type="document"><head>Memorandum of Conversation</head>
            <list type="participants"><item>Wang Li, Vice Minister</item><item>John Roe, Ambassador</item></list>
            <p><persName>Roe</persName>: We begin.</p>
            <p>Mr. Li: We agree.</p>
            <p>And we add this.</p>
            <p>Wang Li: Until the end.</p>
            <p>Zhou: A name nobody lists, once.</p>
            <p>Mr. Roe: Thank you.</p>
            </div></body></text></TEI>
            """)
        // `Mr. Li` is titled; `Wang Li` is once only but in the participants list; `Zhou` is neither.
        #expect(speakers(d) == ["Roe", "Li", "Wang Li", "Roe"])
        #expect(d.utterances.map(\.text) == ["We begin.", "We agree.", "And we add this.", "Until the end.",
                                             "Zhou: A name nobody lists, once.", "Thank you."])
        #expect(d.doubtfulLabels.map(\.taken) == [true, false])
        #expect(d.doubtfulLabels.map(\.text) == ["Wang Li:", "Zhou:"])
    }

    @Test func placeholderIdsAreNamedByTheirPrintedLabels() throws {
        let (d, warnings) = try read("""
            <?xml version="1.0"?>
            <TEI><text><body><div>
            <note type="speaker">El senyor Joan Roca</note>
            <u who="#unknown-M"><seg>Primer.</seg></u>
            <note type="speaker">La senyora Anna Vidal</note>
            <u who="#unknown-M"><seg>Segon.</seg></u>
            <note type="speaker">El senyor Joan Roca:</note>
            <u><seg>Tercer.</seg></u>
            <u who="#NobodyKnown"><seg>Quart.</seg></u>
            </div></body></text></TEI>
            """)
        // One placeholder id with two printed names is two speakers; names never show an id.
        #expect(speakers(d) == ["Joan Roca", "Anna Vidal", "Joan Roca", "-"])
        #expect(d.speakers.map(\.titles) == [["El senyor"], ["La senyora"]])
        #expect(warnings == ["line 9: speaker NobodyKnown is not in the listPerson and no printed label names it; its turn has no speaker"])
    }
}
