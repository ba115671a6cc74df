import Testing
@testable import TranscriptFormats
import TranscriptModel

/// The plain-text and caption layouts that transcription services and meeting tools export, one layout a
/// test, on small fixtures whose words are invented. Each expected figure is counted from the fixture.
@Suite struct ServiceExportTests {
    func read(_ text: String, format: TranscriptFormat = .text) -> Document {
        ArchivalTextReader(format: format).read(DecodedText(bytes: Array(text.utf8), warnings: []), id: "fixture", path: "fixture")
    }

    func readCaptions(_ text: String, format: TranscriptFormat) throws -> Document {
        let decoded = try DecodedText.decode(Array(text.utf8)).get()
        return CaptionReader(format: format).read(decoded, id: "captions", path: format == .srt ? "captions.srt" : "captions.vtt").document
    }

    func speakers(_ d: Document) -> [String] { d.turns.map { d.speakers[$0.speaker ?? -1].name } }

    /// were the speech of the speaker before him, with `John: (00:58)` in it.
    @Test func revTimeInParenthesesAfterTheColonIsTheTurnsTime() {
        let d = read("""
            Maria Lopez: (00:00)
            Welcome back to the garden hour.

            Maria Lopez: (00:41)
            Before that, a word from our producer.

            John: (00:58)
            Thanks, Maria. The show is sponsored by the allotment society.

            Maria Lopez: (01:02:12)
            Back to the bees.
            """)
        #expect(speakers(d) == ["Maria Lopez", "Maria Lopez", "John", "Maria Lopez"])
        #expect(d.turns.map(\.start) == [0, 41, 58, 3732])
        #expect(d.utterances.map(\.text) == ["Welcome back to the garden hour.", "Before that, a word from our producer.",
                                             "Thanks, Maria. The show is sponsored by the allotment society.", "Back to the bees."])
    }

    /// narrative, credited to no one.
    @Test func voicesLetteredAsAssemblyAIWritesThemAreSpeakers() {
        let d = read("""
            Speaker A: Evening all. First item is the water butts.

            Speaker B: Two of them leak at the seam.

            Speaker A: Can we patch them?

            Speaker C: Sorry I am late.
            """)
        #expect(speakers(d) == ["Speaker A", "Speaker B", "Speaker A", "Speaker C"])
        #expect(d.utterances.map(\.kind) == [.speech, .speech, .speech, .speech])
        // A letter after a word that numbers no voices confirms nothing: `Plan B:` once is no one.
        let plans = read("Smith: We have Plan A.\n\nSmith: And a fallback.\n\nPlan B: Sell the van.\n")
        #expect(speakers(plans) == ["Smith", "Smith"])
    }
}
