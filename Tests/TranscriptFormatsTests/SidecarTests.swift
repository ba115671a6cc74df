import Foundation
import Testing
@testable import TranscriptFormats
import TestSupport
import TranscriptModel

/// The user's sidecar of speaker rules: each kind of line, each kind of error, and where it applies.
@Suite struct SidecarTests {
    /// `Note:` once only is no label by the rules; `HOST --` is no label shape at all.
    let transcript = "AA: One.\n\nSenator Black: Two.\n\nNote: not speech.\n\nHOST -- Three.\n\nAA: Four.\n\nSenator Black: Five.\n"

    func speakers(_ d: Document) -> [String] { d.turns.map { $0.speaker.map { d.speakers[$0].name } ?? "-" } }

    @Test func everyKindOfLineApplies() throws {
        let folder = try TemporaryFolder()
        try folder.write("hearing.txt", transcript)
        try folder.write("hearing.speakers", """
            # the witness signs with his initials
            AA = Andreas Antonopoulos

            label /^([A-Z]+) -- /
            ignore /^Senator Black:/
            """)
        let result = Loader().load([folder.file("hearing.txt")])
        #expect(!result.failed, "\(result.messages)")
        let d = try #require(result.documents.first)
        #expect(speakers(d) == ["Andreas Antonopoulos", "Host", "Andreas Antonopoulos"])
        #expect(d.utterances.first { $0.text.hasPrefix("Three") }?.text == "Three.")
        #expect(d.sidecar == folder.file("hearing.speakers"))
        #expect(d.sidecarChanges.map(\.line) == [1, 3, 7, 9, 11])
        #expect(d.sidecarChanges.map(\.taken) == [true, false, true, true, false])
        #expect(d.sidecarChanges[0].reason == "sidecar line 2: AA = Andreas Antonopoulos")
    }

    /// `JD = John Doe` makes `JD:` a label even used once, which the rules alone leave narrative.
    @Test func aLabelTheSidecarNamesIsOneUsedOnce() throws {
        let folder = try TemporaryFolder()
        try folder.write("hearing.txt", "MR. SMITH: We begin.\n\nJD: I was there.\n\nMR. SMITH: Thank you.\n")
        let without = try #require(Loader().load([folder.file("hearing.txt")]).documents.first)
        #expect(speakers(without) == ["Smith", "Smith"])
        try folder.write("hearing.speakers", "JD = John Doe\n")
        let d = try #require(Loader().load([folder.file("hearing.txt")]).documents.first)
        #expect(speakers(d) == ["Smith", "John Doe", "Smith"])
        #expect(d.utterances.map(\.text) == ["We begin.", "I was there.", "Thank you."])
        #expect(d.sidecarChanges.map(\.reason) == ["sidecar line 1: JD = John Doe"])
        // A header's field before the first turn stays a field, though the sidecar names its label.
        try folder.write("oral.txt", "Oral history\nInterviewer: Susan Park\nDate: 3 May 2001\n\nInterviewer: Tell me about the mill.\n\n"
                         + "HB: I worked there.\n\nInterviewer: When?\n\nHB: In 1950.\n")
        try folder.write("oral.speakers", "Interviewer = Susan Park\n")
        let oral = try #require(Loader().load([folder.file("oral.txt")]).documents.first)
        #expect(oral.utterances.filter { $0.kind != .narrative }.map(\.text) == ["Tell me about the mill.", "I worked there.", "When?", "In 1950."])
        #expect(speakers(oral) == ["Susan Park", "HB", "Susan Park", "HB"])
    }

    /// An empty sidecar has no rules yet; a sidecar beside captions is not applied, and the load says so.
    @Test func anEmptySidecarIsNoErrorAndOneBesideCaptionsIsSaid() throws {
        let folder = try TemporaryFolder()
        try folder.write("hearing.txt", transcript)
        try folder.write("hearing.speakers", "")
        try folder.write("cues.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi.\n")
        try folder.write("cues.speakers", "Ann = Ann Lee\n")
        let result = Loader().load([folder.path])
        #expect(!result.failed, "\(result.messages)")
        #expect(result.documents.count == 2)
        #expect(result.messages.contains { $0.path.hasSuffix("cues.vtt") && $0.message.hasPrefix("read without its sidecar cues.speakers") })
        #expect(!result.messages.contains { $0.severity == .error })
    }

    @Test func aFolderSidecarAppliesToEveryTranscriptAndTheOneBesideItWins() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.txt", transcript)
        try folder.write("b.txt", transcript)
        try folder.write("parley.speakers", "AA = Folder Name\n")
        try folder.write("b.speakers", "AA = File Name\n")
        let result = Loader().load([folder.path])
        #expect(result.documents.map { $0.speakers.first?.name } == ["Folder Name", "File Name"])
        // Both sidecars are passed over by the walk, with a note each.
        #expect(result.messages.filter { $0.path.hasSuffix(".speakers") }.count == 2)
    }

    @Test func eachKindOfErrorNamesItsPlaceAndTheTranscriptStillLoads() throws {
        let folder = try TemporaryFolder()
        try folder.write("t.txt", transcript)
        try folder.write("t.speakers", "AA = Andreas\nlabel ^x\nignore /(/\n = Nobody\nAA =\nlabel /^[A-Z]+ -- /\nwhat is this\n")
        let result = Loader().load([folder.file("t.txt")])
        #expect(result.failed)
        let path = folder.file("t.speakers")
        #expect(result.messages.map(\.description) == [
            "\(path):2:7: error: expected a regular expression between slashes after 'label', as in 'label /^Q:/'",
            "\(path):3:9: error: '(' is not a valid regular expression",
            "\(path):4:2: error: a label is missing before '='",
            "\(path):5:5: error: a speaker is missing after '='",
            "\(path):6:8: error: 'label' needs a capture group for the name, as in 'label /^([A-Z]+) -- /'",
            "\(path):7:1: error: expected 'LABEL = SPEAKER', 'label /REGEX/', 'ignore /REGEX/' or a '#' comment",
            "note: \(path): this sidecar is not applied; the transcripts it names load without it",
        ])
        // Nothing is lost: the transcript loads as it would without the sidecar.
        let d = try #require(result.documents.first)
        #expect(d.sidecar == nil)
        #expect(speakers(d) == ["AA", "Black", "AA", "Black"])
    }

    @Test func aSidecarNamedOnTheCommandLineIsReadAsAFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("x.speakers", "Cde. Beria: The army must be cut.\n\nCde. Malenkov: Agreed.\n")
        #expect(Loader().load([folder.file("x.speakers")]).documents.count == 1)
    }
}
