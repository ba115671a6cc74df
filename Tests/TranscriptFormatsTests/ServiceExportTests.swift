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

    /// Rev's transcripts of 2019-2021 put the time after the label's colon, in parentheses, alone on the
    /// line (`Joe Biden: (00:24)`), the speech below. A speaker who spoke once was no label, and his words
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

    /// Zoom's saved captions: the name in brackets and the time of day alone on a line, the speech below.
    /// The whole file was narrative, credited to no one.
    @Test func zoomSavedCaptionsNameTheSpeakerInBrackets() {
        let d = read("""
            [Tom Reed] 10:02:33
            Hello everyone, thanks for coming.

            [Jane Smith] 10:02:40
            Thanks Tom.
            Glad to be here.

            [Laughter] 10:02:44
            [Tom Reed] 10:02:45
            Let us start.
            """)
        #expect(speakers(d) == ["Tom Reed", "Jane Smith", "Tom Reed"])
        // 10:02:33 is 10 * 3600 + 2 * 60 + 33 seconds.
        #expect(d.turns.map(\.start) == [36153, 36160, 36165])
        #expect(d.utterances.map(\.text).contains("Thanks Tom. Glad to be here."))
        #expect(d.utterances.map(\.text).contains("Let us start."))
        // The noted sound is no speaker.
        #expect(!d.speakers.contains { $0.name == "Laughter" })
    }

    /// A sound Zoom's saved captions note at a time (`[Laughter] 10:02:44`) was a paragraph of the speaker
    /// before it, its time among her words.
    @Test func aSoundNotedAtATimeIsADirection() throws {
        let d = read("""
            [Tom Reed] 10:02:33
            Hello everyone, thanks for coming.

            [Jane Smith] 10:02:40
            Thanks Tom.

            [Laughter] 10:02:44

            [Tom Reed] 10:02:45
            Let us start.
            """)
        let laughter = try #require(d.utterances.first { $0.text.hasPrefix("[Laughter]") })
        #expect(laughter.kind == .direction && laughter.speaker == nil)
        #expect(laughter.text == "[Laughter] 10:02:44")
        #expect(d.utterances.filter { $0.kind == .speech }.map(\.text) == ["Hello everyone, thanks for coming.", "Thanks Tom.", "Let us start."])
        // A note and its time, nothing else after it, only: words after it are speech.
        #expect(DocumentBuilder.isBracketedNote(Array("[Laughter] 10:02:44".utf8)[...]))
        #expect(DocumentBuilder.isBracketedNote(Array("[Whereupon, the forum was adjourned.]".utf8)[...]))
        #expect(!DocumentBuilder.isBracketedNote(Array("[Laughter] and then we left".utf8)[...]))
        #expect(!DocumentBuilder.isBracketedNote(Array("[Laughter] 10:02:44 [Applause]".utf8)[...]))
        #expect(!DocumentBuilder.isBracketedNote(Array("[] 10:02:44".utf8)[...]))
    }

    /// WhisperX's text output (`--output_format txt` with diarization) writes a segment a line, the voice in
    /// brackets before a colon (`[SPEAKER_00]: ...`): the whole file was narrative, credited to no one. A
    /// voice used once beside another used twice is numbered as they are, and one file's `SPEAKER_00` is
    /// not another's.
    @Test func whisperXVoicesInTextAreSpeakers() {
        let d = read("""
            [SPEAKER_00]: Evening all, first item is the water butts.
            [SPEAKER_01]: Two of them leak.
            [SPEAKER_00]: Thanks everyone.
            """)
        #expect(d.turns.map(\.label) == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"])
        #expect(d.utterances.map(\.text) == ["Evening all, first item is the water butts.", "Two of them leak.", "Thanks everyone."])
        #expect(d.utterances.allSatisfy { $0.kind == .speech })
        #expect(d.doubtfulLabels.isEmpty)
        // Without brackets, as scripts that join pyannote's voices to Whisper's words write them.
        let bare = read("SPEAKER_00: Evening all.\nSPEAKER_01: Two of them leak.\nSPEAKER_00: Thanks everyone.\n")
        #expect(bare.turns.map(\.label) == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"])
        #expect(bare.utterances.map(\.text) == ["Evening all.", "Two of them leak.", "Thanks everyone."])
        // Names in brackets too; a bracketed sound or note names no one.
        let named = read("[Tom Reed]: Hello.\n[Ann Lee]: Hi.\n[Tom Reed]: Bye.\n[Ann Lee]: Bye.\n")
        #expect(speakers(named) == ["Tom Reed", "Ann Lee", "Tom Reed", "Ann Lee"])
        let sounds = read("[Tom Reed]: Hello.\n\n[Laughter]: ha\n\n[Tom Reed]: Bye.\n\n[inaudible]: yes\n")
        #expect(speakers(sounds) == ["Tom Reed", "Tom Reed"])
        #expect(!sounds.speakers.contains { $0.name == "Laughter" || $0.name.lowercased() == "inaudible" })
    }

    /// AssemblyAI names the voices it tells apart `A`, `B`, `C` (`Speaker A:` in its text); one used twice
    /// confirms the others used once, as `Speaker 1` confirms `Speaker 2`. The two once-only voices were
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

    /// Google Meet's transcript: a speaker's line each, a time alone every five minutes right under the last
    /// line before it, and notices at the end. The times and the notices were the words of the speaker above.
    @Test func googleMeetTimesAndNoticesAreNoOnesWords() {
        let d = read("""
            Allotment committee (2024-05-02 18:00 GMT+1) - Transcript
            Attendees
            Priya Raman, Tom Hale, Ines Okafor
            Transcript
            00:00:00

            Priya Raman: Evening all. First item is the water butts.
            Tom Hale: Two of them leak at the seam.
            Priya Raman: Can we patch them?
            Tom Hale: Patching costs almost as much.
            00:05:00

            Ines Okafor: Sorry I am late, the bus broke down.
            Priya Raman: No problem.
            Meeting ended after 00:06:41 👋

            This editable transcript was computer generated and might contain errors. People can also change the text after it was created.
            """)
        #expect(speakers(d) == ["Priya Raman", "Tom Hale", "Priya Raman", "Tom Hale", "Ines Okafor", "Priya Raman"])
        // Each mark stands in a block of its own: it gives five minutes, not when a turn starts.
        #expect(d.turns.allSatisfy { $0.start == nil })
        let spoken = d.utterances.filter { $0.kind == .speech }.map(\.text)
        #expect(spoken == ["Evening all. First item is the water butts.", "Two of them leak at the seam.", "Can we patch them?",
                           "Patching costs almost as much.", "Sorry I am late, the bus broke down.", "No problem."])
        let narrative = d.utterances.filter { $0.kind == .narrative }.map(\.text)
        #expect(narrative.suffix(2) == ["Meeting ended after 00:06:41 👋",
                                        "This editable transcript was computer generated and might contain errors. People can also change the text after it was created."])
        // A time line under a label in its block is the turn's, as `[00:00:17]` is.
        let lumberjack = read("0:00:00\nSpeaker 1: We start.\n00:00:17\nSPEAKER 2:\nThe label may stand alone.\n00:00:35\nSpeaker 1: And on.\n")
        #expect(lumberjack.turns.map(\.start) == [0, 17, 35])
        #expect(lumberjack.utterances.map(\.text) == ["We start.", "The label may stand alone.", "And on."])
    }

    /// Google Meet writes `Attendees` alone on its line and the names below it. In a meeting of two, a guest
    /// who spoke once was no label without that list, and her words ran on in the host's paragraph.
    @Test func meetsAttendeesConfirmAGuestWhoSpeaksOnce() {
        let d = read("""
            Sync (2024-05-02 18:00 GMT+1) - Transcript
            Attendees
            Tom Hale, Ines Okafor
            Transcript
            00:00:00

            Tom Hale: Evening all.
            Tom Hale: Second point, the water butts.
            Ines Okafor: Sorry I am late.
            """)
        #expect(speakers(d) == ["Tom Hale", "Tom Hale", "Ines Okafor"])
        #expect(d.utterances.filter { $0.kind == .speech }.map(\.text) == ["Evening all.", "Second point, the water butts.", "Sorry I am late."])
        // The list ends at `Transcript`: it names no one.
        #expect(LineScan(bytes: Array("Attendees\nTom Hale, Ines Okafor\nTranscript\n".utf8)).listedNames().keys == ["tom hale", "ines okafor"])
        // Without the list she is not taken.
        let unlisted = read("Tom Hale: Evening all.\nTom Hale: Second point.\nInes Okafor: Sorry I am late.\n")
        #expect(speakers(unlisted) == ["Tom Hale", "Tom Hale"])
    }

    /// Teams' transcript copied from Word: `Name   0:03` over the speech, no blank lines, and who started and
    /// stopped the transcription; the last notice was the words of the last speaker.
    @Test func teamsTranscriptionNoticesAreNoOnesWords() {
        let d = read("""
            Allotment committee-20240502_180011-Meeting Transcript
            2 May 2024, 06:00pm
            1h 2m 5s
            Priya Raman started transcription
            Priya Raman   0:03
            Evening all. First item is the water butts.
            Tom Hale   0:09
            Two of them leak at the seam.
            Honestly I would not patch them.
            Ines Okafor   59:58
            Sorry, I have to go now.
            Priya Raman   1:00:04
            Thanks everyone.
            Priya Raman stopped transcription
            """)
        #expect(speakers(d) == ["Priya Raman", "Tom Hale", "Ines Okafor", "Priya Raman"])
        #expect(d.turns.map(\.start) == [3, 9, 3598, 3604])
        #expect(d.utterances.filter { $0.kind == .speech }.map(\.text)
                == ["Evening all. First item is the water butts.", "Two of them leak at the seam. Honestly I would not patch them.",
                    "Sorry, I have to go now.", "Thanks everyone."])
        #expect(d.utterances.last?.kind == .narrative)
        #expect(d.utterances.last?.text == "Priya Raman stopped transcription")
        // Words that end so inside a speaker's lines are a sentence, not a notice.
        #expect(!LineScan.isMeetingNotice(Array("and then the clerk stopped transcription".utf8)[...]))
    }

    /// WhisperX writes the voices its diarizer tells apart at the start of each cue, `[SPEAKER_00]: ...`:
    /// every cue was one turn with no speaker, each voice a stage direction.
    @Test func whisperXVoicesInCaptionsAreSpeakers() throws {
        let srt = try readCaptions("""
            1
            00:00:00,000 --> 00:00:03,200
            [SPEAKER_00]: Evening all, first item is the water butts.

            2
            00:00:03,400 --> 00:00:05,100
            [SPEAKER_01]: Two of them leak.

            3
            00:59:58,000 --> 01:00:02,500
            [SPEAKER_00]: Thanks everyone.

            """, format: .srt)
        #expect(srt.turns.count == 3)
        #expect(Set(srt.turns.compactMap(\.speaker)).count == 2)
        #expect(srt.turns.map(\.label) == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"])
        #expect(srt.turns.map(\.start) == [0, 3.4, 3598])
        #expect(srt.utterances.map(\.text) == ["Evening all, first item is the water butts.", "Two of them leak.", "Thanks everyone."])
        #expect(srt.utterances.allSatisfy { $0.kind == .speech })
    }
}
