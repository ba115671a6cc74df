import Testing
import ShellCore
import TranscriptModel

/// `.stopwords` shows which list `words` uses for each document, and why.
@Suite struct StopWordsCommandTests {
    @Test func eachDocumentShowsItsListAndHowItWasChosen() {
        let catalan = Document(id: "ple", path: "ple.xml", format: "tei", metadata: [MetadataField("language", "ca")],
                               utterances: [Utterance(kind: .speech, speaker: nil, turn: nil, text: "Bon dia a tothom.", location: SourceLocation(path: "ple.xml", line: 1))])
        let english = Document(id: "hearing", path: "hearing.txt", format: "text",
                               utterances: [Utterance(kind: .speech, speaker: nil, turn: nil, text: "Good morning to all of you.", location: SourceLocation(path: "hearing.txt", line: 1))])
        let output = BufferOutput()
        Session(documents: [catalan, english], output: output).run(".stopwords")
        let lines = output.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "document list chosen by words")
        #expect(lines.contains { $0.hasPrefix("ple ca metadata 'language'") })
        #expect(lines.contains { $0.hasPrefix("hearing en ") })
    }
}
