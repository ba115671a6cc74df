import Foundation
import Testing
@testable import TranscriptFormats
import TranscriptModel

/// The other plain-text and Markdown files of the shared corpus. Each expected figure is counted from the
/// file by a regular expression or a line count in the test itself.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
struct CorpusTextTests {
    func load(_ name: String) throws -> Document {
        let result = Loader().load([SharedCorpus.path(name)])
        #expect(result.messages.isEmpty, "\(result.messages)")
        return try #require(result.documents.first)
    }

    /// Lines of a file, `\n`-separated.
    func lines(_ name: String) throws -> [String] { try SharedCorpus.text(name).components(separatedBy: "\n") }

    /// Paragraph blocks: runs of lines that are not blank (spaces and non-breaking spaces count as blank).
    func blocks(_ lines: some Sequence<String>) -> [[String]] {
        var blocks: [[String]] = [[]]
        for line in lines {
            if line.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{A0}"))).isEmpty {
                if !blocks[blocks.count - 1].isEmpty { blocks.append([]) }
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        return blocks.filter { !$0.isEmpty }
    }

    func turns(of document: Document, by speaker: String) -> Int {
        document.turns.filter { document.speakers[$0.speaker ?? -1].name == speaker }.count
    }

    // MARK: The 1987 hearing

    @Test func northHearing() throws {
        let name = "1987-07-north-testimony-hearing.txt"
        let document = try load(name)
        let all = try lines(name)
        let labels = all.compactMap { $0.firstMatch(of: /^Mr\. ([A-Z]+):/).map { String($0.1) } }
        #expect(document.turns.count == labels.count)
        #expect(document.turns.map { document.speakers[$0.speaker ?? -1].name.uppercased() } == labels)
        #expect(Set(document.speakers.map(\.name)) == ["Liman", "North", "Sullivan"])
        #expect(document.speakers.first { $0.name == "Liman" }?.labels == ["Mr. LIMAN"])
        // Every block is one paragraph of one turn: hard line breaks inside it are joined.
        #expect(document.utterances.count == blocks(all).count)
        let first = blocks(all)[0].joined(separator: " ").replacingOccurrences(of: "Mr. LIMAN: ", with: "")
        #expect(document.utterances.first?.text == first)
        #expect(document.utterances.allSatisfy { !$0.text.contains("\n") })
    }

    // MARK: The 2021 press conference

    @Test func bidenSugaPressConference() throws {
        let name = "2021-04-16-biden-suga-press-conference.md"
        let document = try load(name)
        let all = try lines(name)
        #expect(document.format == "markdown")
        let closing = try #require(all.dropFirst().firstIndex(of: "---"))
        let body = Array(all[(closing + 1)...])
        let biden = body.filter { $0.hasPrefix("PRESIDENT BIDEN:") }.count
        let suga = body.filter { $0.hasPrefix("PRIME MINISTER SUGA:") }.count
        let q = body.filter { $0.hasPrefix("Q\u{A0}") }.count
        #expect(turns(of: document, by: "Biden") == biden)
        #expect(turns(of: document, by: "Suga") == suga)
        #expect(turns(of: document, by: "Q") == q)
        #expect(document.turns.count == biden + suga + q)
        #expect(document.speakers.first { $0.name == "Suga" }?.titles == ["PRIME MINISTER"])

        let text = try SharedCorpus.text(name)
        let directions = text.matches(of: /\((As interpreted\.|laughs)\)/).count
        #expect(document.utterances.filter { $0.kind == .direction }.count == directions)
        #expect(document.utterances.filter { $0.kind == .direction }.allSatisfy { $0.speaker == nil && $0.turn != nil })

        // Paragraph blocks of the body, less the two clock-time lines, are the speech paragraphs.
        let times = body.filter { $0.trimmingCharacters(in: .whitespaces).hasSuffix("P.M. EDT") }.count
        #expect(document.utterances.filter { $0.kind == .speech }.count == blocks(body).count - times)
        #expect(document.metadata.filter { $0.name == "time" }.count == times)

        // Front matter is metadata.
        #expect(document.title == "Remarks by President Biden and Prime Minister Suga of Japan at Press Conference")
        #expect(document.date?.description == "2021-04-16")
        #expect(document.metadata("tags") == "speeches-remarks")

        // The struck-through word and its replacement are one correction.
        let corrections = document.utterances.flatMap(\.editorial).filter { $0.kind == .correction }
        #expect(corrections.count == text.matches(of: /<s>/).count)
        #expect(corrections.contains { $0.replaced == "Reliance" && $0.content == "Resilience" })
        #expect(document.utterances.allSatisfy { !$0.text.contains("<s>") && !$0.text.contains("\\[") })
    }

    // MARK: The Apollo 13 log

    @Test func apolloAirToGround() throws {
        let name = "1970-04-apollo13-air-to-ground.txt"
        let document = try load(name)
        let all = try lines(name)
        let labels = all.compactMap { $0.firstMatch(of: /^([A-Z][A-Z0-9-]*):/).map { String($0.1) } }
        #expect(document.turns.count == labels.count)
        #expect(document.turns.map(\.label) == labels)
        // Role codes are speakers; indented lines with colons (`     panel 5:`) are not.
        #expect(Set(document.turns.map(\.label)) == Set(labels))
        #expect(document.utterances.contains { $0.text.contains("panel 5:") })

        // Each turn's time is the `[DD:HH:MM:SS]` line above it.
        var expected: [Double?] = []
        var time: Double?
        for line in all {
            if let m = line.firstMatch(of: /^\[(-?)(\d+):(\d+):(\d+):(\d+)\]$/) {
                let seconds = ((Double(m.2)! * 24 + Double(m.3)!) * 60 + Double(m.4)!) * 60 + Double(m.5)!
                time = m.1.isEmpty ? seconds : -seconds
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                time = nil
            } else if line.firstMatch(of: /^[A-Z][A-Z0-9-]*:/) != nil {
                expected.append(time)
            }
        }
        #expect(document.turns.map(\.start) == expected)
        #expect(document.turns.first?.start == -10)

        // `_page : 8` directives are metadata of the turn they precede, not speech.
        let directives = all.filter { $0.hasPrefix("_") }.count
        let kept = document.turns.reduce(0) { $0 + $1.metadata.count } + document.metadata.count
        #expect(kept == directives)
        #expect(document.utterances.allSatisfy { !$0.text.hasPrefix("_page") })
        #expect(document.turns.first { $0.label == "CDR" }?.metadata == [MetadataField("page", "8"), MetadataField("tape", "Tape 1/1")])
        // `[glossary:P11]` stays as text and is no editorial span.
        #expect(document.utterances.contains { $0.text == "Okay. [glossary:P11], Jim." && $0.editorial.isEmpty })
    }

    // MARK: The 1963 record with no labels

    @Test func recordWithoutLabelsIsNarrative() throws {
        let name = "1963-08-09-khrushchev-rusk-record.md"
        let document = try load(name)
        #expect(document.turns.isEmpty)
        #expect(document.speakers.isEmpty)
        #expect(document.utterances.allSatisfy { $0.kind == .narrative && $0.speaker == nil && $0.turn == nil })
        // A block written one paragraph a line (lines far longer than any wrapped line) gives one
        // paragraph a line; a hard-wrapped block gives one.
        let expected = blocks(try lines(name)).reduce(0) { total, block in
            total + (block.count > 1 && block.contains { $0.utf8.count > 240 } ? block.count : 1)
        }
        #expect(document.utterances.count == expected)
        // Nothing lost: every word of the file is in some utterance.
        let words = try SharedCorpus.text(name).split(whereSeparator: \.isWhitespace).count
        #expect(document.utterances.reduce(0) { $0 + $1.text.split(separator: " ").count } == words)
    }
}
