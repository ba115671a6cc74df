import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TranscriptModel

/// `time:` through a session, as `parley -c` runs it: on a small SRT whose cue times are written below,
/// and on the timed files of the shared corpus, with expected figures read from the files' time lines.
@Suite struct TimeFieldTests {
    /// Four cues, one speaker each, so each cue is a turn: 00:00:01–00:00:04, 00:00:05.500–00:00:09,
    /// 00:45:00–00:45:30, 01:00:00–01:00:02.
    static let srt = """
        1
        00:00:01,000 --> 00:00:04,000
        ALICE: One.

        2
        00:00:05,500 --> 00:00:09,000
        BOB: Two.

        3
        00:45:00,000 --> 00:45:30,000
        ALICE: Three.

        4
        01:00:00,000 --> 01:00:02,000
        BOB: Four.

        """

    static func load(_ text: String, name: String) throws -> Document {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-time-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try #require(Loader().load([path]).documents.first)
    }

    /// The texts a query matches, and what went to standard error.
    static func texts(_ query: String, in documents: [Document]) throws -> (texts: [String], errors: String) {
        let output = BufferOutput()
        let session = Session(documents: documents, output: output, format: .json)
        let status = session.run(query)
        try #require(status == .success, "\(query): \(output.errors)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [[String: Any]])
        return (rows.compactMap { $0["text"] as? String }, output.errors)
    }

    @Test(arguments: [
        ("time:00:00:02", ["One."]),                    // the whole second 00:00:02 falls inside cue 1
        ("time:00:00:04", []),                           // cue 1 ends at 00:00:04: a cue's end is not in it
        ("time:00:03..00:05", ["One.", "Two."]),          // 00:03..00:05 runs to the end of 00:05
        ("time:00:04.5..00:05.4", []),                   // decimals narrow the second: cue 2 starts at 5.5
        ("time:>=45:00", ["Three.", "Four."]),
        ("time:>45:29", ["Four."]),                      // after the second 45:29, so after cue 3 ends
        ("time:<00:00:05.5", ["One."]),
        ("time:<=00:00:05.5", ["One.", "Two."]),
        ("time:00:10:00..00:50:00", ["Three."]),
        ("time:00:00:59:00..00:01:00:00", ["Four."]),   // days:hours:minutes:seconds
        ("time:-00:10..00:00:03", ["One."]),             // a start before zero is fine
    ])
    func matchesTurnsWhoseTimeMeetsTheValue(query: String, expected: [String]) throws {
        let document = try Self.load(Self.srt, name: "cues.srt")
        #expect(try Self.texts(query, in: [document]).texts == expected, "\(query)")
    }

    @Test func citationsShowTheTurnsStart() throws {
        let document = try Self.load(Self.srt, name: "cues.srt")
        let output = BufferOutput()
        _ = Session(documents: [document], output: output).run("time:>=45:00")
        #expect(output.output == "[cues, turn 3 at 00:45:00, Alice, line 11]\nThree.\n\n[cues, turn 4 at 01:00:00, Bob, line 15]\nFour.\n\n")
    }

    @Test func untimedDocumentsMatchNothingAndSaySo() throws {
        let (texts, errors) = try Self.texts("time:>=00:00", in: [Loader.embeddedReference()])
        #expect(texts.isEmpty)
        #expect(errors.contains("note: no loaded document has times; 'time:' matches turns of captions, speech-to-text, CHAT and timed logs"))
    }

    @Test func checkReportsTheTimedTurnsAndTheirSpan() throws {
        let report = CheckReport(try Self.load(Self.srt, name: "cues.srt"))
        #expect(report.text.contains("  times: 4 of 4 turns timed, from 00:00:01 to 01:00:02\n"))
        // `times` is the last of the keys before the doubtful labels, annotations and sidecar (SPEC section 5).
        #expect(report.json.serialized().contains("\"times\": {\"timed_turns\": 4, \"first\": \"00:00:01\", \"last\": \"01:00:02\"}, \"doubtful_labels\""))
        #expect(CheckReport(Loader.embeddedReference()).json.serialized().contains("\"times\": null, \"doubtful_labels\""))
    }
}

/// `time:` and `--check` on the shared corpus's timed files.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: TimedCorpus.folder.path),
                "../shared/corpus is not beside the clone; the timed-corpus tests need it"))
struct TimedCorpusTests {
    /// The Apollo 13 log: a `[DD:HH:MM:SS]` line (a `-` before lift-off) above each labelled line it times.
    @Test func apolloElapsedTimesSelectTheTurnsUnderThem() throws {
        let path = TimedCorpus.path("1970-04-apollo13-air-to-ground.txt")
        let document = try #require(Loader().load([path]).documents.first)
        let times = try TimedCorpus.apolloTimes(path)
        let windows: [(String, ClosedRange<Double>)] = [
            ("time:-00:00:00:10..00:00:01:00", -10...60.999),
            ("time:>=05:22:54:00", 514_440...Double.infinity),
            ("time:00:00:00:10", 10...10),
            ("time:02:07:00:00..02:07:59:59", 198_000...201_599.999),
        ]
        for (query, window) in windows {
            let expected = times.filter(window.contains).count
            #expect(expected > 0, "\(query) should select something in the file")
            #expect(try TimeFieldTests.texts(query, in: [document]).texts.count == expected, "\(query)")
        }
        let report = CheckReport(document)
        let first = try #require(times.first), last = try #require(times.last)
        #expect(report.text.contains("  times: \(times.count) of \(document.turns.count) turns timed, from \(ClockTime.format(first, days: true)) to \(ClockTime.format(last, days: true))\n"))
        #expect(ClockTime.format(first, days: true) == "-00:00:00:10" && ClockTime.format(last) == "05:22:55:12")
    }

    /// `count by time` writes every bucket of a log that runs past a day with its days, and `sort by time`
    /// orders buckets by time, negative ones first, not by their text.
    @Test func timeBucketsOfALogOverDaysAreWrittenAlikeAndSortedByTime() throws {
        let path = TimedCorpus.path("1970-04-apollo13-air-to-ground.txt")
        let document = try #require(Loader().load([path]).documents.first)
        let output = BufferOutput()
        #expect(Session(documents: [document], output: output, format: .csv).run("* | count by time 1h | sort by time 1h") == .success)
        let labels = output.output.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }.filter { $0 != "(none)" }
        #expect(labels.allSatisfy { $0.split(separator: ":").count == 4 }, "\(labels)")
        let seconds = labels.compactMap { ClockTime($0)?.seconds }
        #expect(seconds.count == labels.count && seconds == seconds.sorted() && Set(seconds).count == seconds.count)
        let hours = Set(try TimedCorpus.apolloTimes(path).map { ($0 / 3600).rounded(.down) * 3600 })
        #expect(hours.isSubset(of: Set(seconds)) && hours.contains { $0 < 0 })
    }

    /// Captions: every cue that meets the window is in the matched turns, and `--check` spans the first
    /// cue's start to the last cue's end.
    @Test(arguments: ["2021-08-02-seattle-council-briefing.vtt", "2022-08-09-oakland-council-captions.vtt"])
    func captionCuesInAWindowAreFound(name: String) throws {
        let path = TimedCorpus.path(name)
        let document = try #require(Loader().load([path]).documents.first)
        let cues = try TimedCorpus.webVTTCues(path)
        let first = try #require(cues.first), last = try #require(cues.last)
        let (low, high) = (first.start + (last.end - first.start) / 3, first.start + (last.end - first.start) / 2)
        let query = "time:\(ClockTime.format(low.rounded(.down)))..\(ClockTime.format(high.rounded(.down)))"
        let matched = try TimeFieldTests.texts(query, in: [document]).texts.joined(separator: " ")
        let meeting = cues.filter { $0.start < high.rounded(.down) + 1 && $0.end > low.rounded(.down) }
        #expect(!meeting.isEmpty)
        for cue in meeting {
            // A `>>` starts another turn mid-cue; each part opens with words of the matched text.
            for part in cue.text.components(separatedBy: ">>") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
                let words = part.split(separator: " ").prefix(3).joined(separator: " ")
                #expect(matched.contains(words), "\(query): cue at \(cue.start) '\(words)'")
            }
        }
        let report = CheckReport(document)
        #expect(report.text.contains("times: \(document.turns.count) of \(document.turns.count) turns timed, from \(ClockTime.format(first.start)) to \(ClockTime.format(cues.map(\.end).max() ?? 0))\n"))
    }
}

/// The shared corpus's timed files, read with regular expressions independent of the importers.
enum TimedCorpus {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The elapsed times of the Apollo log's `[DD:HH:MM:SS]` lines, in order.
    static func apolloTimes(_ path: String) throws -> [Double] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"(?m)^\[(-?)(\d\d):(\d\d):(\d\d):(\d\d)\]$"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let field = { (n: Int) in Double(text[Range(match.range(at: n), in: text)!]) ?? 0 }
            let seconds = ((field(2) * 24 + field(3)) * 60 + field(4)) * 60 + field(5)
            return match.range(at: 1).length > 0 ? -seconds : seconds
        }
    }

    /// WebVTT cues: start, end and text with tags removed.
    static func webVTTCues(_ path: String) throws -> [(start: Double, end: Double, text: String)] {
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        let pattern = try NSRegularExpression(pattern: #"(?m)^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})[^\n]*\n((?:[^\n]+\n?)*)"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let field = { (n: Int) in Double(text[Range(match.range(at: n), in: text)!]) ?? 0 }
            let start = field(1) * 3600 + field(2) * 60 + field(3) + field(4) / 1000
            let end = field(5) * 3600 + field(6) * 60 + field(7) + field(8) / 1000
            let body = String(text[Range(match.range(at: 9), in: text)!])
                .replacingOccurrences(of: #"<[^>]*>|^>>\s*|^[A-Z .'-]+:\s*"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "\n", with: " ")
                .trimmingCharacters(in: .whitespaces)
            return (start, end, body)
        }.filter { !$0.text.isEmpty }
    }
}
