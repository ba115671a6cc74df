import Foundation
import Testing
@testable import TranscriptFormats
import TranscriptModel

/// Reads caption text the way the loader does: decoded (byte-order mark and `\r\n` handled), then read.
private func readCaptions(_ text: String, format: TranscriptFormat = .webvtt, id: String = "captions") throws -> (document: Document, warnings: [String]) {
    try readCaptions(bytes: Array(text.utf8), format: format, id: id)
}

private func readCaptions(bytes: [UInt8], format: TranscriptFormat = .webvtt, id: String = "captions") throws -> (document: Document, warnings: [String]) {
    let decoded = try DecodedText.decode(bytes).get()
    return CaptionReader(format: format).read(decoded, id: id, path: "\(id).\(format == .srt ? "srt" : "vtt")")
}

private func speakerName(_ document: Document, _ turn: Turn) -> String? {
    turn.speaker.flatMap { document.speakers.indices.contains($0) ? document.speakers[$0].name : nil }
}

/// Words as both sides count them: runs of letters and digits, lower-cased.
private func captionWords(_ text: String, folded: Bool = true) -> [String] {
    text.matches(of: /[\p{L}\p{N}]+/).map { folded ? String($0.output).lowercased() : String($0.output) }
}

// MARK: - The shared corpus

/// The three `.vtt` files of the shared corpus. Each expected figure is counted from the file by the test
/// itself (regular expressions over its lines), never copied from the reader's output.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
struct CaptionCorpusTests {
    /// A cue as the test reads it: the timing line's times and the text lines after it, with line numbers.
    struct FileCue {
        var start: Double
        var end: Double
        var lines: [(number: Int, text: String)]
    }

    /// `hh:mm:ss.fff` or `mm:ss.fff` in seconds: whole milliseconds divided once, as a decimal literal is.
    func seconds(_ text: Substring) -> Double {
        let parts = text.split(separator: ".")
        let clock = (parts.first ?? "").split(separator: ":").reduce(0) { $0 * 60 + (Int($1) ?? 0) }
        return Double(clock * 1000 + (parts.dropFirst().first.flatMap { Int($0) } ?? 0)) / 1000
    }

    func lines(_ name: String) throws -> [String] {
        try SharedCorpus.text(name).components(separatedBy: "\n")
    }

    func cues(_ lines: [String]) -> [FileCue] {
        var cues: [FileCue] = []
        var index = 0
        while index < lines.count {
            if let match = lines[index].firstMatch(of: /^((?:\d+:)?\d\d:\d\d\.\d\d\d) --> ((?:\d+:)?\d\d:\d\d\.\d\d\d)/) {
                var cue = FileCue(start: seconds(match.1), end: seconds(match.2), lines: [])
                index += 1
                while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                    cue.lines.append((index + 1, lines[index]))
                    index += 1
                }
                cues.append(cue)
            } else {
                index += 1
            }
        }
        return cues
    }

    func read(_ name: String) throws -> (document: Document, warnings: [String]) {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: SharedCorpus.path(name))))
        let decoded = try DecodedText.decode(bytes).get()
        #expect(decoded.warnings.isEmpty)
        return CaptionReader(format: .webvtt).read(decoded, id: String(name.dropLast(4)), path: SharedCorpus.path(name))
    }

    /// Every word of every cue (tags removed, `&gt;` and `&amp;` decoded) is in some utterance or label,
    /// as many times as the cues hold it.
    /// Double-encoded UTF-8 (a Latin-1 lead character, then continuation characters) read as UTF-8
    /// again, through Foundation's own Windows-1252 and Latin-1 encoders.
    static var doubleEncoded: Regex<Substring> { /[\u{C2}-\u{F4}][\u{80}-\u{BF}\u{152}\u{153}\u{160}\u{161}\u{178}\u{17D}\u{17E}\u{192}\u{2C6}\u{2DC}\u{2013}-\u{2022}\u{2026}\u{2030}\u{2039}\u{203A}\u{20AC}\u{2122}]+/ }

    static func readAgain(_ text: String) -> String {
        text.replacing(doubleEncoded) { match in
            var bytes: [UInt8] = []
            for scalar in match.output.unicodeScalars {
                if scalar.value <= 0xFF { bytes.append(UInt8(scalar.value)) } else { bytes += Array(String(scalar).data(using: .windowsCP1252) ?? Data()) }
            }
            return String(validating: bytes, as: UTF8.self) ?? String(match.output)
        }
    }

    func expectEveryWordKept(_ document: Document, _ cues: [FileCue]) {
        var expected: [String: Int] = [:]
        for cue in cues {
            for line in cue.lines {
                let text = Self.readAgain(line.text).replacing(/<[^>]*>/, with: " ").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&amp;", with: "&")
                for word in captionWords(text) { expected[word, default: 0] += 1 }
            }
        }
        var found: [String: Int] = [:]
        for text in document.utterances.map(\.text) + document.turns.map(\.label) {
            for word in captionWords(text) { found[word, default: 0] += 1 }
        }
        let missing = expected.filter { found[$0.key, default: 0] < $0.value }
        #expect(missing.isEmpty, "words lost: \(missing)")
    }

    @Test func voiceTagsExample() throws {
        let name = "webvtt-voice-tags-example.vtt"
        let (document, warnings) = try read(name)
        let all = try lines(name)
        let fileCues = cues(all)
        // The voice of each cue, and the runs of cues by one voice: the turns.
        let voices = fileCues.map { cue in cue.lines.lazy.compactMap { $0.text.firstMatch(of: /<v ([^>]+)>/).map { String($0.1) } }.first }
        var runs: [(voice: String, cues: [FileCue])] = []
        for (voice, cue) in zip(voices, fileCues) {
            guard let voice else { continue }
            if runs.last?.voice == voice { runs[runs.count - 1].cues.append(cue) } else { runs.append((voice, [cue])) }
        }
        #expect(Set(document.speakers.map(\.name)) == Set(voices.compactMap { $0 }))
        #expect(document.turns.map { speakerName(document, $0) } == runs.map(\.voice))
        for speaker in Set(runs.map(\.voice)) {
            #expect(document.turns.filter { speakerName(document, $0) == speaker }.count == runs.filter { $0.voice == speaker }.count)
        }
        // Cue times on the turns: the first cue's start, the latest end of the run's cues.
        #expect(document.turns.map(\.start) == runs.map { $0.cues.first?.start })
        #expect(document.turns.map(\.end) == runs.map { $0.cues.map(\.end).max() })
        let first = try #require(document.turns.first)
        let last = try #require(document.turns.last)
        #expect(first.start == fileCues.first?.start)
        #expect(last.end == fileCues.last?.end)

        // The non-speech cue is a direction, the laugh of the voice that laughs, inside that voice's turn.
        let laughLine = try #require(all.firstIndex { $0.contains("<i>Laughs</i>") }) + 1
        let laugh = try #require(document.utterances.first { $0.location.line == laughLine })
        #expect(laugh.kind == .direction)
        #expect(laugh.text == "Laughs")
        let laughVoice = all[laughLine - 1].firstMatch(of: /<v ([^>]+)>/).map { String($0.1) }
        #expect(laugh.speaker.map { document.speakers[$0].name } == laughVoice)
        #expect(laugh.turn.flatMap { n in document.turns.first { $0.number == n } }.flatMap { speakerName(document, $0) } == laughVoice)
        #expect(document.utterances.filter { $0.kind == .direction }.count == all.filter { $0.contains("<i>Laughs</i>") }.count)

        // Double-encoded UTF-8: a Latin-1 lead character followed by a continuation character.
        let mojibake = all.indices.filter { all[$0].contains(/[\u{C2}-\u{F4}][\u{80}-\u{BF}\u{152}\u{153}\u{160}\u{161}\u{178}\u{17D}\u{17E}\u{192}\u{2C6}\u{2DC}\u{2013}-\u{2022}\u{2026}\u{2030}\u{2039}\u{203A}\u{20AC}\u{2122}]/) }
        #expect(!mojibake.isEmpty)
        #expect(warnings.count == mojibake.count)
        for (index, warning) in zip(mojibake, warnings) {
            #expect(warning.hasPrefix("line \(index + 1): text was double-encoded (mojibake) and is read as UTF-8: "))
            // Read as UTF-8 again, through Foundation's own Windows-1252 and Latin-1 encoders: the line's text
            // after its voice tag is inside an utterance so.
            let written = all[index].replacing(/<[^>]*>/, with: "")
            let read = Self.readAgain(written)
            #expect(read != written)
            #expect(document.utterances.contains { $0.text.contains(read) }, "\(read)")
        }

        #expect(document.title == nil)
        #expect(document.date == nil)
        #expect(document.unplacedLines.isEmpty)
        #expect(document.utterances.allSatisfy { $0.location.path == SharedCorpus.path(name) })
        expectEveryWordKept(document, fileCues)
    }

    @Test func oaklandCaptions() throws {
        let name = "2022-08-09-oakland-council-captions.vtt"
        let (document, warnings) = try read(name)
        let all = try lines(name)
        let fileCues = cues(all)
        #expect(warnings.isEmpty)
        // No names at all: every turn is unattributed.
        #expect(document.speakers.isEmpty)
        #expect(document.turns.allSatisfy { $0.speaker == nil })
        let markers = all.map { $0.matches(of: />{2,}/).count }.reduce(0, +)
        #expect(markers > 0)
        #expect(document.turns.filter { $0.label.hasPrefix(">>") }.count == markers)
        // Text before the first `>>` is a turn of its own, its speaker unknown too.
        let firstMarkerLine = try #require(all.firstIndex { $0.contains(">>") }) + 1
        let textBefore = fileCues.contains { $0.lines.contains { $0.number < firstMarkerLine } }
        #expect(document.turns.count == markers + (textBefore ? 1 : 0))

        // The empty zero-length first cue gives nothing: the first turn starts at the first cue with text.
        #expect(fileCues.first.map { $0.lines.isEmpty && $0.start == $0.end } == true)
        let firstWithText = try #require(fileCues.first { !$0.lines.isEmpty })
        #expect(document.turns.first?.start == firstWithText.start)
        #expect(document.utterances.first?.location.line == firstWithText.lines.first?.number)
        // The last turn opens at the cue holding the last `>>` and ends with the last cue.
        let lastMarkerCue = try #require(fileCues.last { $0.lines.contains { $0.text.contains(">>") } })
        #expect(document.turns.last?.start == lastMarkerCue.start)
        #expect(document.turns.last?.end == fileCues.last?.end)

        // `>>` in the middle of a line: the text after it opens a turn, on that line.
        let midLine = try #require(all.firstIndex { $0.firstMatch(of: /\S>>/) != nil })
        let after = try #require(all[midLine].split(separator: ">>", maxSplits: 1).last).trimmingCharacters(in: .whitespaces)
        let opened = try #require(document.utterances.first { $0.location.line == midLine + 1 && $0.text.hasPrefix(after) })
        #expect(opened.turn.flatMap { n in document.turns.first { $0.number == n }?.label } == ">>")

        #expect(document.date == PartialDate(year: 2022, month: 8, day: 9))
        #expect(document.title == nil)
        #expect(document.unplacedLines.isEmpty)
        expectEveryWordKept(document, fileCues)
    }

    @Test func seattleBriefing() throws {
        let name = "2021-08-02-seattle-council-briefing.vtt"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: SharedCorpus.path(name))))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let (document, warnings) = try read(name)
        let all = try lines(name)
        let fileCues = cues(all)
        #expect(warnings.isEmpty)
        let markers = all.map { $0.matches(of: /(?:&gt;){2,}/).count }.reduce(0, +)
        #expect(markers > 0)
        #expect(document.turns.filter { $0.label.hasPrefix(">>") }.count == markers)
        #expect(document.turns.count == markers)
        let firstMarker = try #require(all.first { $0.contains("&gt;&gt;") }?.firstMatch(of: /(?:&gt;)+/))
        #expect(document.turns.first?.label == firstMarker.output.replacingOccurrences(of: "&gt;", with: ">"))

        // The byte-order mark is gone: the first utterance is the first cue's text.
        let firstText = try #require(fileCues.first).lines.map(\.text).joined(separator: " ")
            .replacingOccurrences(of: "&gt;", with: "").trimmingCharacters(in: .whitespaces)
        #expect(document.utterances.first?.text.hasPrefix(firstText) == true)
        #expect(document.turns.first?.start == fileCues.first?.start)
        #expect(document.turns.last?.end == fileCues.last?.end)
        let lastMarkerCue = try #require(fileCues.last { $0.lines.contains { $0.text.contains("&gt;&gt;") } })
        #expect(document.turns.last?.start == lastMarkerCue.start)

        // All-caps captions stay as written: every word of the document is spelt, case and all, as in the file.
        let written = Set(fileCues.flatMap { $0.lines.flatMap { captionWords($0.text, folded: false) } })
        let kept = Set(document.utterances.flatMap { captionWords($0.text, folded: false) })
        #expect(kept.subtracting(written).isEmpty, "\(kept.subtracting(written))")
        #expect(document.utterances.contains { $0.text.contains("GOOD MORNING EVERYONE.") })
        #expect(document.date == PartialDate(year: 2021, month: 8, day: 2))
        expectEveryWordKept(document, fileCues)
    }
}

// MARK: - One fixture per rule

/// Small captions written for each rule, WebVTT and SRT.
struct CaptionRulesTests {
    @Test func closedAndUnclosedVoiceSpans() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:02.000
            <v Alice>Hello there.</v>

            00:00:02.000 --> 00:00:03.000
            <v Bob>Hi, Alice.

            00:00:03.000 --> 00:00:04.000
            <v.loud Alice>Two voices</v> <v Bob>in one cue
            """)
        #expect(document.speakers.map(\.name) == ["Alice", "Bob"])
        #expect(document.turns.map { speakerName(document, $0) } == ["Alice", "Bob", "Alice", "Bob"])
        #expect(document.turns.map(\.label) == ["Alice", "Bob", "Alice", "Bob"])
        #expect(document.utterances.map(\.text) == ["Hello there.", "Hi, Alice.", "Two voices", "in one cue"])
        #expect(document.utterances.map(\.kind) == [.speech, .speech, .speech, .speech])
        #expect(document.utterances.map(\.location.line) == [4, 7, 10, 10])
        #expect(document.turns.map(\.utterances) == [0..<1, 1..<2, 2..<3, 3..<4])
    }

    @Test func upperCaseVoiceNamesInTitleCase() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:02.000
            <v COUNCILMEMBER SAWANT>THANK YOU.

            00:00:02.000 --> 00:00:03.000
            <v Neil deGrasse Tyson>Hello.
            """)
        #expect(document.speakers.map(\.name) == ["Sawant", "Neil deGrasse Tyson"])
        #expect(document.speakers.first?.titles == ["COUNCILMEMBER"])
        #expect(document.speakers.first?.labels == ["COUNCILMEMBER SAWANT"])
        #expect(document.utterances.first?.text == "THANK YOU.")
    }

    @Test func colonAndBracketLabels() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            1
            00:00:01.000 --> 00:00:02.000
            COUNCILMEMBER JUAREZ: Thank you.

            2
            00:00:02.000 --> 00:00:03.000
            [Mayor Harrell] Good morning.

            3
            00:00:03.000 --> 00:00:04.000
            Juarez: One more thing.

            4
            00:00:04.000 --> 00:00:05.000
            &gt;&gt; MAYOR HARRELL: Yes.
            """)
        #expect(document.speakers.map(\.name) == ["Juarez", "Harrell"])
        #expect(document.speakers.first?.labels == ["COUNCILMEMBER JUAREZ", "Juarez"])
        #expect(document.speakers.first?.titles == ["COUNCILMEMBER"])
        #expect(document.speakers.last?.titles == ["Mayor", "MAYOR"])
        #expect(document.turns.map { speakerName(document, $0) } == ["Juarez", "Harrell", "Juarez", "Harrell"])
        #expect(document.turns.map(\.label) == ["COUNCILMEMBER JUAREZ", "Mayor Harrell", "Juarez", "MAYOR HARRELL"])
        #expect(document.utterances.map(\.text) == ["Thank you.", "Good morning.", "One more thing.", "Yes."])
    }

    @Test func speakerChangesMidCue() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:03.000
            first speaker ends here.
            >> second speaker starts

            00:00:03.000 --> 00:00:05.000
            and goes on!>> third speaker.

            00:00:05.000 --> 00:00:06.000
            &gt;&gt;&gt; fourth speaker
            """)
        #expect(document.speakers.isEmpty)
        #expect(document.turns.map(\.label) == ["", ">>", ">>", ">>>"])
        #expect(document.turns.allSatisfy { $0.speaker == nil })
        #expect(document.utterances.map(\.text) == ["first speaker ends here.", "second speaker starts and goes on!",
                                                    "third speaker.", "fourth speaker"])
        #expect(document.utterances.map(\.kind) == [.speech, .speech, .speech, .speech])
        #expect(document.utterances.map(\.location.line) == [4, 5, 8, 11])
        #expect(document.turns.map(\.start) == [1, 1, 3, 5])
        #expect(document.turns.map(\.end) == [3, 5, 5, 6])
    }

    /// A cue of dialogue lines, each opening with a dash, is two speakers, as `>>` marks them: it was one
    /// utterance of the speaker before, `We hid in the cellar. - Where were you? - In the barn.`
    @Test func dialogueDashesInACueAreSpeakerChanges() throws {
        let (document, _) = try readCaptions("""
            1
            00:00:09,500 --> 00:00:12,000
            MARY: We hid in the cellar.

            2
            00:00:12,500 --> 00:00:15,000
            - Where were you?
            - In the barn.

            3
            00:00:15,500 --> 00:00:18,000
            - a dash alone is speech
            """, format: .srt)
        #expect(document.utterances.map(\.text) == ["We hid in the cellar.", "Where were you?", "In the barn. - a dash alone is speech"])
        #expect(document.turns.map(\.label) == ["MARY", "-", "-"])
        #expect(document.turns.allSatisfy { !$0.metadata.contains { $0.name == CaptionBuilder.changeInsideCue } })
    }

    /// Zoom opens every cue with a display name, whatever it is: `jsmith:` and `iPhone:` were words of
    /// Alice Wong's turn. Where nearly every cue opens so and the names come back, any name before the
    /// colon is a speaker; in other captions `Note:` at one cue's start stays words.
    @Test func zoomDisplayNamesAreSpeakers() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            1
            00:00:01.000 --> 00:00:04.000
            Alice Wong (she/her): Good morning, everyone.

            2
            00:00:04.500 --> 00:00:08.000
            jsmith: Morning. Can you see my screen?

            3
            00:00:08.500 --> 00:00:12.000
            iPhone: Sorry, I joined late.

            4
            00:00:12.500 --> 00:00:15.000
            jsmith: No problem.

            5
            00:00:15.500 --> 00:00:18.000
            Dr. Bea Ortiz - Stanford: The budget: tight.

            6
            00:00:18.500 --> 00:00:21.000
            iPhone: Agreed.
            """)
        #expect(document.turns.compactMap { speakerName(document, $0) } == ["Alice Wong", "jsmith", "iPhone", "jsmith", "Bea Ortiz - Stanford", "iPhone"])
        #expect(document.utterances[4].text == "The budget: tight.")
        // A tutorial whose every cue opens with a new `Step N:` names no one: the names do not come back.
        let steps = (1...5).map { "00:00:0\($0).000 --> 00:00:0\($0 + 1).000\nstep \($0): turn the knob.\n" }.joined(separator: "\n")
        let (tutorial, _) = try readCaptions("WEBVTT\n\n" + steps)
        #expect(tutorial.turns.allSatisfy { $0.speaker == nil })
        let (plain, _) = try readCaptions("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nwell, note: this\n\n00:00:02.000 --> 00:00:03.000\nis how it goes\n")
        #expect(plain.turns.allSatisfy { $0.speaker == nil })
        #expect(plain.utterances.map(\.text) == ["well, note: this is how it goes"])
    }

    /// Teams names voices `Last, First`: two people with one first name were one speaker, `John`.
    @Test func aVoiceNamedLastCommaFirstIsThatName() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            00:00:00.000 --> 00:00:03.500
            <v Smith, John>I propose we cut the budget.</v>

            00:00:03.600 --> 00:00:06.000
            <v Doe, John>I oppose it.</v>

            00:00:06.100 --> 00:00:09.000
            <v Smith, John>Then we vote.</v>
            """)
        #expect(document.turns.compactMap { speakerName(document, $0) } == ["Smith, John", "Doe, John", "Smith, John"])
        // A label's comma still opens a qualifier, and a call sign takes the person only from parentheses.
        #expect(SpeakerLabel.analyse("Smith, John")?.name == "Smith")
        #expect(SpeakerLabel.analyse("Cedar (Petrov)")?.name == "Petrov")
    }

    /// YouTube's automatic captions show each line again atop the next cue, and alone in a cue of 10 ms:
    /// read as written, every word counted three times. Each repeated line is read once, and a warning
    /// says how many; captions that do not roll keep a line said twice.
    @Test func rollingCaptionsAreReadOnce() throws {
        let text = """
            WEBVTT
            Kind: captions

            00:00:00.000 --> 00:00:02.500 align:start position:0%
             
            welcome<00:00:00.500><c> back</c><00:00:01.000><c> to</c><00:00:02.000><c> the channel</c>

            00:00:02.500 --> 00:00:02.510 align:start position:0%
            welcome back to the channel
             

            00:00:02.510 --> 00:00:05.000 align:start position:0%
            welcome back to the channel
            today<00:00:03.000><c> we</c><c> talk about volcanoes</c>

            00:00:05.000 --> 00:00:05.010 align:start position:0%
            today we talk about volcanoes
             

            00:00:05.010 --> 00:00:08.000 align:start position:0%
            today we talk about volcanoes
            they<00:00:05.500><c> are dangerous</c>

            00:00:08.000 --> 00:00:08.010 align:start position:0%
            they are dangerous
             

            00:00:08.010 --> 00:00:10.000 align:start position:0%
            they are dangerous
            and<c> beautiful</c>
            """
        let (document, warnings) = try readCaptions(text)
        #expect(document.utterances.map(\.text) == ["welcome back to the channel today we talk about volcanoes they are dangerous and beautiful"])
        // The line of one space that opens the first cue does not end it: its text starts at 0:00.
        #expect(document.turns.map(\.start) == [0])
        // A line of spaces before a cue's identifier or a NOTE ends the cue, as an empty line does.
        let (spaced, _) = try readCaptions("WEBVTT\n\n6a3e/15-0\n00:00:01.000 --> 00:00:03.000\n<v Jane Doe>Hello and welcome.</v>\n \n6a3e/16-0\n"
            + "00:00:03.000 --> 00:00:05.000\n<v Tom Reed>Thanks, Jane.</v>\n \nNOTE checked against the audio\n\n00:00:05.000 --> 00:00:06.000\n<v Jane Doe>Good.</v>\n")
        #expect(spaced.utterances.map(\.text) == ["Hello and welcome.", "Thanks, Jane.", "Good."])
        // Counted from the fixture: each cue's lines as shown, and the lines that repeat the line before.
        let shown = text.split(separator: "\n").map { $0.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.contains("-->") && $0 != "WEBVTT" && !$0.hasPrefix("Kind:") }
        let repeated = zip(shown, shown.dropFirst()).filter { $0 == $1 }.count
        #expect(repeated == 6)
        #expect(warnings == ["rolling captions (each cue opens with the line the cue before it ended with, as YouTube's automatic captions do): \(repeated) repeated lines read once"])
        let (twice, quiet) = try readCaptions("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>No.\n\n00:00:02.000 --> 00:00:03.000\n<v Ann>No.\n")
        #expect(twice.utterances.map(\.text) == ["No. No."])
        #expect(quiet.isEmpty)
    }

    @Test func consecutiveCuesJoinedAndSettingsIgnored() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:02.000 align:start position:10% size:50% line:74%
            <v Ann>We are in

            00:00:02.500 --> 00:00:04.000 align:end
            <v Ann>New York City

            00:00:04.000 --> 00:00:05.000 vertical:rl
            and it is raining.
            """)
        #expect(document.turns.count == 1)
        #expect(document.turns.first?.start == 1)
        #expect(document.turns.first?.end == 5)
        #expect(document.utterances.map(\.text) == ["We are in New York City and it is raining."])
        #expect(document.utterances.first?.location.line == 4)
        #expect(document.utterances.first?.speaker == 0)
    }

    @Test func longTurnsSplitIntoParagraphsAtSentenceEnds() throws {
        var text = "WEBVTT\n"
        for n in 0..<30 { text += "\n00:00:\(10 + n).000 --> 00:00:\(11 + n).000\n<v Ann>one two three four.\n" }
        let (document, _) = try readCaptions(text)
        let limit = CaptionBuilder.paragraphWords
        let perParagraph = (limit + 3) / 4 * 4
        #expect(document.turns.count == 1)
        #expect(document.utterances.map { captionWords($0.text).count } == [perParagraph, 120 - perParagraph])
        #expect(document.utterances.allSatisfy { $0.kind == .speech && $0.turn == 1 })
        #expect(document.utterances.last?.location.line == 4 + perParagraph / 4 * 3)
        #expect(document.turns.first?.utterances == 0..<2)
    }

    @Test func byteOrderMarkAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("WEBVTT\r\n\r\n00:01.000 --> 00:02.500\r\n<v Ann>Hello\r\n".utf8)
        let (document, warnings) = try readCaptions(bytes: bytes)
        #expect(warnings.isEmpty)
        #expect(document.metadata.isEmpty)
        #expect(document.utterances.map(\.text) == ["Hello"])
        #expect(document.turns.first?.start == 1)
        #expect(document.turns.first?.end == 2.5)
    }

    /// A timing with seconds past 59 is malformed, and a cue that ends before it starts keeps its start
    /// only: each with a warning that names its line.
    @Test func impossibleTimesAreSaid() throws {
        let (document, warnings) = try readCaptions("WEBVTT\n\n00:00:99.500 --> 00:01:07.000\n<v A>One.\n\n00:00:12.000 --> 00:00:11.000\n<v B>Two.\n")
        #expect(document.utterances.map(\.text) == ["One.", "Two."])
        #expect(document.turns.map(\.start) == [nil, 12] && document.turns.map(\.end) == [nil, nil])
        #expect(warnings == ["line 3: malformed cue timing line; its text kept without times",
                             "line 6: the cue ends (00:00:11) before it starts (00:00:12); its end is left out"])
    }

    /// An arrow among a cue's words is text, not a timing line.
    @Test func anArrowInACuesWordsIsText() throws {
        let (document, warnings) = try readCaptions("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Bob>The flow goes A --> B and then C.\n")
        #expect(warnings.isEmpty)
        #expect(document.utterances.map(\.text) == ["The flow goes A --> B and then C."])
        #expect(document.turns.first?.start == 1)
    }

    @Test func nonSpeechIsADirection() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:02.000
            <v Neil><i>Laughs</i>

            00:00:02.000 --> 00:00:03.000
            <v Roger>[MUSIC PLAYING]

            00:00:03.000 --> 00:00:04.000
            Well (applause) thank you. <i>I mean it</i>
            """)
        #expect(document.turns.map { speakerName(document, $0) } == ["Neil", "Roger"])
        #expect(document.utterances.map(\.kind) == [.direction, .direction, .speech, .direction])
        #expect(document.utterances.map(\.text) == ["Laughs", "MUSIC PLAYING", "Well \(Utterance.marker) thank you. I mean it", "applause"])
        // A sound a voice names is that voice's; music is no one's, nor a sound among the words.
        #expect(document.utterances.map(\.speaker) == [0, nil, 1, nil])
        #expect(document.utterances.map(\.turn) == [1, 2, 2, 2])
        #expect(document.utterances.map(\.location.line) == [4, 7, 10, 10])
        // A bracketed name before speech is a speaker; editorial marks stay in the text.
        let (labelled, _) = try readCaptions("WEBVTT\n\n00:01.000 --> 00:02.000\n[JOHN] I said [...] that [sic].\n")
        #expect(labelled.speakers.map(\.name) == ["John"])
        #expect(labelled.utterances.map(\.text) == ["I said [...] that [sic]."])
        #expect(labelled.utterances.first?.editorial.map(\.kind) == [.elision, .note])
    }

    @Test func cueIdentifiersAndJumpingNumbersAccepted() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            intro
            00:00:01.000 --> 00:00:02.000
            <v Ann>One.

            17
            00:00:02.000 --> 00:00:03.000
            Two.

            4
            00:00:03.000 --> 00:00:04.000
            Three.
            """)
        #expect(document.utterances.map(\.text) == ["One. Two. Three."])
        #expect(document.unplacedLines.isEmpty)
    }

    @Test func entitiesDecodedAndTagsRemoved() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:02.000
            <v Ann>Tom &amp; Jerry &lt;3 caf&#233; it&#39;s&nbsp;here &bogus; &#x2019; x &gt; y

            00:00:02.000 --> 00:00:03.000
            <c.yellow.bg_blue>This</c> is <b>bold</b> <u>text</u> <00:00:02.500>said <lang fr>bonjour</lang> <ruby>漢<rt>kan</rt></ruby> <grin> a < b
            """)
        #expect(document.utterances.map(\.text) == [
            "Tom & Jerry <3 café it's here &bogus; \u{2019} x > y This is bold text said bonjour 漢kan <grin> a < b",
        ])
        let (breaks, _) = try readCaptions("1\n00:00:01,000 --> 00:00:02,000\none<br>two<BR/>three\n", format: .srt)
        #expect(breaks.utterances.map(\.text) == ["one two three"])
    }

    @Test func emptyZeroLengthCueGivesNothing() throws {
        let (document, warnings) = try readCaptions("""
            WEBVTT

            00:00:00.000 --> 00:00:00.000


            00:00:01.000 --> 00:00:02.000
            >> hello
            """)
        #expect(warnings.isEmpty)
        #expect(document.unplacedLines.isEmpty)
        #expect(document.turns.map(\.start) == [1])
        #expect(document.utterances.map(\.text) == ["hello"])
    }

    @Test func malformedTimingLineKeptAsUnplaced() throws {
        let (document, warnings) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:02.000
            <v Ann>First.

            00:00:03.000 -> 00:00:04.000
            Second, untimed.

            00:00:05.000 --> 00:00:06.000
            Third.
            """)
        #expect(document.unplacedLines.map(\.line) == [6])
        #expect(document.unplacedLines.first?.text == "00:00:03.000 -> 00:00:04.000")
        #expect(warnings == ["line 6: malformed cue timing line; its text kept without times"])
        #expect(document.utterances.map(\.text) == ["First. Second, untimed. Third."])
        #expect(document.turns.first?.end == 6)
    }

    @Test func titleFromNoteAndDateFromFileName() throws {
        let (document, _) = try readCaptions("""
            WEBVTT - City council
            Kind: captions

            NOTE
            Title: Budget hearing

            NOTE This file was made by hand.

            STYLE
            ::cue { color: lime }

            00:01.000 --> 00:02.000
            <v Ann>Hello
            """, id: "2022-03-04-budget")
        #expect(document.title == "Budget hearing")
        #expect(document.date == PartialDate(year: 2022, month: 3, day: 4))
        #expect(document.metadata("header") == "City council")
        #expect(document.metadata("kind") == "captions")
        #expect(document.metadata("note") == "This file was made by hand.")
        #expect(document.metadata("style") == "::cue { color: lime }")
        #expect(document.utterances.map(\.text) == ["Hello"])

        let (untitled, _) = try readCaptions("WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n", id: "hearing")
        #expect(untitled.title == nil)
        #expect(untitled.date == nil)
    }

    @Test func captionsWithoutSpeakerMarksAreTurnsOfNoOne() throws {
        let (document, _) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:02.000
            good morning and

            00:00:02.000 --> 00:00:03.000
            welcome. [APPLAUSE]
            """)
        #expect(document.turns.map(\.start) == [1])
        #expect(document.turns.map(\.end) == [3])
        #expect(document.utterances.map(\.kind) == [.speech, .direction])
        #expect(document.utterances.map(\.text) == ["good morning and welcome. \(Utterance.marker)", "APPLAUSE"])
        #expect(document.utterances.allSatisfy { $0.speaker == nil })
    }

    /// Automatic captions have no punctuation and no speakers: they were one narrative utterance, an hour
    /// long and untimed, that every hit showed whole. A paragraph closes at a cue once it holds 160 words,
    /// and each is a turn of no one's, timed from its first cue to its last.
    @Test func unpunctuatedCaptionsAreParagraphsTimedAsTurns() throws {
        let cues = (0..<40).map { n in
            "00:00:\(String(format: "%02d", n)).000 --> 00:00:\(String(format: "%02d", n + 1)).000\nword\(n) goes on like automatic captions do\n"
        }
        let (document, _) = try readCaptions("WEBVTT\n\n" + cues.joined(separator: "\n"))
        // Counted from the cues: eight words each, so a paragraph closes after 20 cues (160 words).
        let perCue = "word0 goes on like automatic captions do".split(separator: " ").count
        let cuesPerParagraph = (CaptionBuilder.paragraphWordsUnpunctuated + perCue - 1) / perCue
        #expect(document.utterances.count == (40 + cuesPerParagraph - 1) / cuesPerParagraph)
        #expect(document.turns.map(\.start) == stride(from: 0, to: 40, by: cuesPerParagraph).map(Double.init))
        #expect(document.turns.first?.end == Double(cuesPerParagraph))
        #expect(document.turns.allSatisfy { $0.speaker == nil })
    }

    @Test func mojibakeReportedAndReadAgain() throws {
        let (document, warnings) = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:02.000
            <v Ann>A caf\u{C3}\u{A9} and it\u{E2}\u{20AC}\u{2122}s fine

            00:00:02.000 --> 00:00:03.000
            <v Ann>A real café, naïve, Ärger.
            """)
        #expect(warnings == ["line 4: text was double-encoded (mojibake) and is read as UTF-8: 'Ã©' is 'é', 'â€™' is '’'"])
        // Only what was double-encoded changes; the cue after it is as written, and so are the words.
        #expect(document.utterances.first?.text == "A café and it’s fine A real café, naïve, Ärger.")
    }

    /// SRT as its public description has it: a number, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, text lines, a blank
    /// line; `\r\n` line ends; `<i>`, `<b>`, `<u>`, `<font color>` tags.
    @Test func srtWithTheSameConventions() throws {
        let srt = [
            "1", "00:00:01,000 --> 00:00:02,500", "ALICE: Hello, <b>everyone</b>.", "",
            "7", "00:00:03,000 --> 00:00:04,000", "<font color=\"#ffff00\">How are you?</font>", "",
            "3", "00:00:05,000 --> 00:00:06,000", "[Bob] Fine, thanks.", ">> Who is next?", "",
            "4", "00:00:06,000 --> 00:00:07,000", "{\\an8}<i>(laughter)</i>", "",
            "5", "00:00:07,000 --> 00:00:08,000", "&gt;&gt; <i>Me.</i>", "",
        ].joined(separator: "\r\n")
        let (document, warnings) = try readCaptions(srt, format: .srt, id: "2020-01-02-panel")
        #expect(warnings.isEmpty)
        #expect(document.format == "srt")
        #expect(document.date == PartialDate(year: 2020, month: 1, day: 2))
        #expect(document.speakers.map(\.name) == ["Alice", "Bob"])
        #expect(document.turns.map(\.label) == ["ALICE", "Bob", ">>", ">>"])
        #expect(document.turns.map(\.start) == [1, 5, 5, 7])
        #expect(document.turns.map(\.end) == [4, 6, 7, 8])
        #expect(document.utterances.map(\.text) == ["Hello, everyone. How are you?", "Fine, thanks.", "Who is next?", "laughter", "Me."])
        #expect(document.utterances.map(\.kind) == [.speech, .speech, .speech, .direction, .speech])
        #expect(document.utterances.map(\.location.line) == [3, 11, 12, 16, 20])
        #expect(document.unplacedLines.isEmpty)
    }

    @Test func srtNumberWithoutBlankLineAndStrayBlankLine() throws {
        let (document, _) = try readCaptions("""
            1
            00:00:01,000 --> 00:00:02,000
            <v Ann>First line
            2
            00:00:03,000 --> 00:00:04,000
            second cue

            still the second cue
            """, format: .srt)
        #expect(document.utterances.map(\.text) == ["First line second cue still the second cue"])
        #expect(document.turns.first?.end == 4)
    }

    @Test func strangeInputNeitherCrashesNorHangs() throws {
        let inputs = [
            "WEBVTT\n\n-->\n<\n[\n&\n>>\n<v>\n<i>\n",
            "WEBVTT\n\n00:00 --> \n<v Ann\n&#xFFFFFFFF; &#0; &#; &\n[]()<>{\\\n",
            "00:01.000 --> 00:00.000\n" + String(repeating: "<b>[", count: 5000) + "\n",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n" + String(repeating: ">", count: 10000) + "x\n",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n" + String(repeating: "<i>a [b (c &amp", count: 100_000) + "\n",
            String(repeating: "1\n00:01,000 --> \n\n", count: 10000),
        ]
        for input in inputs {
            for format: TranscriptFormat in [.webvtt, .srt] {
                let (document, _) = try readCaptions(input, format: format)
                #expect(document.turns.allSatisfy { !$0.utterances.isEmpty })
            }
        }
    }
}
