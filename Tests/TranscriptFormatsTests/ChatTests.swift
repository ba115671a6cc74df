import Foundation
import Testing
@testable import TranscriptFormats
import TranscriptModel

/// Reads CHAT text the way the loader does: decoded, then read.
private func readChat(_ text: String, id: String = "chat") throws -> (documents: [Document], warnings: [String]) {
    let decoded = try DecodedText.decode(Array(text.utf8)).get()
    return ChatReader().read(decoded, id: id, path: "\(id).cha")
}

/// The only document of a fixture that must give one.
private func readOne(_ text: String) throws -> Document {
    let documents = try readChat(text).documents
    try #require(documents.count == 1)
    return try #require(documents.first)
}

private func speakerName(_ document: Document, _ index: Int?) -> String? {
    index.flatMap { document.speakers.indices.contains($0) ? document.speakers[$0].name : nil }
}

/// Words as both sides count them: runs of letters and digits, lower-cased.
private func chatWords(_ text: String) -> [String] {
    text.matches(of: /[\p{L}\p{N}]+/).map { String($0.output).lowercased() }
}

// MARK: - The shared corpus

/// `1962-10-brown-eve-010600a.cha`. Each expected figure is counted from the file by the test itself
/// (regular expressions over its lines, per session), never copied from the reader's output.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
struct ChatCorpusTests {
    static let name = "1962-10-brown-eve-010600a.cha"

    /// A logical line of the file: its first line's number and its text with continuation lines joined.
    struct FileLine {
        var number: Int
        var text: String
    }

    /// The file's sessions as the test reads them: `@Begin` opens one, and a `@Date` after a main tier
    /// of the session opens the next (the reader's documented rule). Continuation lines (opening with a
    /// tab) are joined to the line above with a space.
    func sessions() throws -> (lines: [String], sessions: [[FileLine]]) {
        let lines = try SharedCorpus.text(Self.name).components(separatedBy: "\n")
        var logical: [FileLine] = []
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("\t"), var last = logical.popLast() {
                last.text += " " + line.trimmingCharacters(in: .whitespaces)
                logical.append(last)
            } else {
                logical.append(FileLine(number: index + 1, text: line))
            }
        }
        var sessions: [[FileLine]] = []
        var inSession = false
        var sawMain = false
        for line in logical {
            if line.text.hasPrefix("@Begin") {
                sessions.append([])
                inSession = true
                sawMain = false
            } else if line.text.hasPrefix("@End") {
                inSession = false
            } else if inSession, line.text.hasPrefix("@Date:"), sawMain {
                sessions.append([line])
                sawMain = false
            } else if inSession, !sessions.isEmpty {
                if line.text.hasPrefix("*") { sawMain = true }
                sessions[sessions.count - 1].append(line)
            }
        }
        return (lines, sessions)
    }

    func read() throws -> [Document] {
        let bytes = try #require(FileManager.default.contents(atPath: SharedCorpus.path(Self.name)))
        let decoded = try DecodedText.decode(Array(bytes)).get()
        let (documents, warnings) = ChatReader().read(decoded, id: "eve", path: SharedCorpus.path(Self.name))
        #expect(warnings.isEmpty, "\(warnings)")
        return documents
    }

    @Test func oneDocumentPerSession() throws {
        let (lines, sessions) = try sessions()
        let begins = lines.filter { $0.contains(/^@Begin/) }.count
        let splits = sessions.count - begins
        #expect(begins == 1)
        #expect(splits == 1, "the file's second @Date opens its second session")
        let documents = try read()
        #expect(documents.count == sessions.count)
        #expect(documents.map(\.id) == sessions.indices.map { "eve#\($0 + 1)" })
        #expect(documents.allSatisfy { $0.format == "chat" && $0.unplacedLines.isEmpty })
    }

    @Test func mainTiersPerSpeakerCodePerSession() throws {
        let (_, sessions) = try sessions()
        let documents = try read()
        try #require(documents.count == sessions.count)
        for (session, document) in zip(sessions, documents) {
            var expected: [String: Int] = [:]
            for line in session {
                if let match = line.text.firstMatch(of: /^\*([A-Z0-9]+):/) { expected[String(match.1), default: 0] += 1 }
            }
            var actual: [String: Int] = [:]
            for turn in document.turns {
                actual[turn.label, default: 0] += 1
                let speaker = try #require(turn.speaker.flatMap { document.speakers.indices.contains($0) ? document.speakers[$0] : nil })
                #expect(speaker.labels.contains(turn.label))
            }
            #expect(actual == expected)
            #expect(document.utterances.count == expected.values.reduce(0, +))
            #expect(document.turns.map(\.number) == Array(1...document.turns.count))
            #expect(document.utterances.allSatisfy { $0.kind == .speech })
        }
    }

    @Test func dependentTiersKept() throws {
        let (_, sessions) = try sessions()
        let documents = try read()
        try #require(documents.count == sessions.count)
        for (session, document) in zip(sessions, documents) {
            var expected: [String: Int] = [:]
            for line in session {
                if let match = line.text.firstMatch(of: /^%([a-z]+):/) { expected[String(match.1), default: 0] += 1 }
            }
            #expect((expected["mor"] ?? 0) > 0)
            var actual: [String: Int] = [:]
            for turn in document.turns {
                for field in turn.metadata { actual[field.name, default: 0] += 1 }
            }
            #expect(actual["mor"] == expected["mor"])
            #expect(actual == expected)
            // The first %mor of the session is the first main tier's.
            let firstMor = session.first { $0.text.hasPrefix("%mor:") }.map { $0.text.dropFirst(5).trimmingCharacters(in: .whitespaces) }
            let turnMor = document.turns.first?.metadata.first { $0.name == "mor" }?.value
            #expect(firstMor == turnMor)
        }
    }

    @Test func participantsNamesRolesAndDate() throws {
        let (_, sessions) = try sessions()
        let documents = try read()
        try #require(documents.count == sessions.count)
        let text = try SharedCorpus.text(Self.name)
        let participants = try #require(text.firstMatch(of: /@Participants:\t([^\n]*)/)).1
        var expected: [(code: String, name: String)] = []
        for item in participants.split(separator: ",") {
            let words = item.split(separator: " ")
            let code = String(try #require(words.first))
            let name = words.count >= 3 ? words.dropFirst().dropLast().joined(separator: " ") : String(try #require(words.last))
            expected.append((code, name.replacingOccurrences(of: "_", with: " ")))
        }
        let repeated = Dictionary(grouping: expected, by: \.name).filter { $0.value.count > 1 }.keys
        let names = expected.map { repeated.contains($0.name) ? "\($0.name) (\($0.code))" : $0.name }
        var roles: [String: String] = [:]
        for match in text.matches(of: /@ID:\t[^|]*\|[^|]*\|([^|]*)\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|([^|]*)\|/) {
            roles[String(match.1)] = String(match.2)
        }
        #expect(names.contains("Mother"))
        for (session, document) in zip(sessions, documents) {
            #expect(document.speakers.map(\.name) == names)
            #expect(document.speakers.map(\.labels) == expected.map { [$0.code] })
            for (code, role) in roles { #expect(document.metadata("\(code).role") == role) }
            let date = try #require(session.lazy.compactMap { $0.text.firstMatch(of: /^@Date:\t(\d\d)-([A-Z]{3})-(\d{4})/) }.first)
            let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            let month = try #require(months.firstIndex(of: String(date.2)))
            #expect(document.date == PartialDate(year: Int(date.3) ?? 0, month: month + 1, day: Int(date.1)))
            #expect(document.metadata("date") == "\(date.1)-\(date.2)-\(date.3)")
            #expect(document.metadata("languages") != nil)
        }
    }

    @Test func continuationLinesJoinedAndEveryWordKept() throws {
        let (lines, sessions) = try sessions()
        let documents = try read()
        try #require(documents.count == sessions.count)
        #expect(lines.contains { $0.hasPrefix("\t") }, "the file has continuation lines")
        for (session, document) in zip(sessions, documents) {
            #expect(!document.utterances.contains { $0.text.contains("\t") })
            #expect(!document.turns.contains { $0.metadata.contains { $0.value?.contains("\t") == true } })
            let fileWords = session.filter { $0.text.hasPrefix("*") }.flatMap { line in
                chatWords(String(line.text.drop { $0 != ":" }.dropFirst()))
            }
            let readWords = document.utterances.flatMap { chatWords($0.text) }
            #expect(fileWords == readWords)
            // Each utterance points at its main tier's line.
            let mainLines = session.filter { $0.text.hasPrefix("*") }.map(\.number)
            #expect(document.utterances.map(\.location.line) == mainLines)
            // Joined dependent tiers read as the test joins them, in order.
            let fileMor = session.filter { $0.text.hasPrefix("%mor:") }.map { $0.text.dropFirst(5).trimmingCharacters(in: .whitespaces) }
            let readMor = document.turns.flatMap { $0.metadata.filter { $0.name == "mor" }.map { $0.value ?? "" } }
            #expect(readMor == fileMor)
            #expect(session.contains { line in line.text.hasPrefix("%mor:") && lines.indices.contains(line.number) && lines[line.number].hasPrefix("\t") })
        }
    }
}

// MARK: - Rules, on small fixtures

@Suite struct ChatRuleTests {
    @Test func participantNamesRolesAndCodes() throws {
        let document = try readOne("@Begin\n@Participants:\tCHI Eve Target_Child, MOT Mother, FAT Ross_Smith Father\n*CHI:\thi .\n*FAT:\tyes .\n@End\n")
        #expect(document.speakers.map(\.name) == ["Eve", "Mother", "Ross Smith"])
        #expect(document.speakers.map(\.labels) == [["CHI"], ["MOT"], ["FAT"]])
        #expect(speakerName(document, document.utterances.first?.speaker) == "Eve")
        #expect(speakerName(document, document.turns.last?.speaker) == "Ross Smith")
        #expect(document.metadata("participants") == "CHI Eve Target_Child, MOT Mother, FAT Ross_Smith Father")
    }

    @Test func sameRoleTwiceStaysTwoSpeakers() throws {
        let document = try readOne("@Begin\n@Participants:\tCOL Investigator, RIC Investigator\n*COL:\ta .\n*RIC:\tb .\n@End\n")
        #expect(document.speakers.map(\.name) == ["Investigator (COL)", "Investigator (RIC)"])
        #expect(document.turns.map(\.speaker) == [0, 1])
    }

    @Test func idLinesAreMetadata() throws {
        let document = try readOne("@Begin\n@Participants:\tCHI Target_Child\n@ID:\teng|Brown|CHI|1;06.00|female|||Target_Child|||\n*CHI:\thi .\n@End\n")
        #expect(document.metadata("CHI.language") == "eng")
        #expect(document.metadata("CHI.corpus") == "Brown")
        #expect(document.metadata("CHI.age") == "1;06.00")
        #expect(document.metadata("CHI.sex") == "female")
        #expect(document.metadata("CHI.role") == "Target_Child")
        #expect(document.metadata("CHI.group") == nil)
    }

    @Test func everyMainTierIsATurn() throws {
        let document = try readOne("@Begin\n@Participants:\tMOT Mother\n*MOT:\there .\n*MOT:\there you go .\n@End\n")
        #expect(document.turns.count == 2)
        #expect(document.turns.map(\.utterances) == [0..<1, 1..<2])
        #expect(document.utterances.map(\.text) == ["here .", "here you go ."])
        #expect(document.utterances.map(\.turn) == [1, 2])
        #expect(document.utterances.map(\.location.line) == [3, 4])
    }

    @Test func continuationLinesJoin() throws {
        let document = try readOne("@Begin\n@Participants:\tMOT Mother\n*MOT:\tyou have another\n\tcookie right there .\n%mor:\tpro|you v|have\n\tn|cookie .\n@End\n")
        #expect(document.utterances.map(\.text) == ["you have another cookie right there ."])
        #expect(document.turns.first?.metadata == [MetadataField("mor", "pro|you v|have n|cookie .")])
        #expect(document.unplacedLines.isEmpty)
    }

    @Test func dependentTiersStayWithTheirTurn() throws {
        let document = try readOne("@Begin\n@Participants:\tCHI Target_Child\n%com:\ttoo early\n*CHI:\tmore cookie .\n%mor:\tqn|more n|cookie .\n%gra:\t1|2|QUANT\n%com:\tloud\n*CHI:\tno .\n@End\n")
        #expect(document.turns.first?.metadata == [MetadataField("mor", "qn|more n|cookie ."), MetadataField("gra", "1|2|QUANT"),
                                                    MetadataField("com", "loud")])
        #expect(document.turns.last?.metadata == [])
        #expect(document.unplacedLines == [UnplacedLine(line: 3, text: "%com:\ttoo early", reason: "dependent tier before any main tier")])
    }

    @Test func headersAreDocumentMetadata() throws {
        let document = try readOne("@UTF8\n@PID:\t11312/x\n@Begin\n@Languages:\teng\n@Participants:\tMOT Mother\n@Date:\t05-Mar-1963\n@Situation:\tat lunch\n@Location:\tCambridge, MA\n*MOT:\thi .\n@Comment:\ttape\n\tchanged\n@End\n")
        #expect(document.date == PartialDate(year: 1963, month: 3, day: 5))
        #expect(document.place == "Cambridge, MA")
        #expect(document.metadata == [
            MetadataField("utf8", nil), MetadataField("pid", "11312/x"), MetadataField("languages", "eng"),
            MetadataField("participants", "MOT Mother"), MetadataField("date", "05-Mar-1963"),
            MetadataField("situation", "at lunch"), MetadataField("location", "Cambridge, MA"),
            MetadataField("comment", "tape changed"),
        ])
    }

    @Test func badDateIsKeptAsText() throws {
        let (documents, warnings) = try readChat("@Begin\n@Date:\tsometime in 1962\n@End\n")
        #expect(documents.first?.date == nil)
        #expect(documents.first?.metadata("date") == "sometime in 1962")
        #expect(warnings == ["line 2: @Date \"sometime in 1962\" is not DD-MON-YYYY; kept as text"])
    }

    @Test func markupKeptAsWritten() throws {
        let line = "<I want> [/] I want &-uh xxx (..) the [//] a cookie@c +... [+ IMP]"
        let document = try readOne("@Begin\n@Participants:\tCHI Target_Child\n*CHI:\t\(line)\n*CHI:\t0 .\n*CHI:\tno !\n@End\n")
        #expect(document.utterances.map(\.text) == [line, "0 .", "no !"])
    }

    @Test func timingBulletsGiveTimes() throws {
        let document = try readOne("@Begin\n@Participants:\tCHI Target_Child\n*CHI:\tmore cookie . \u{15}1234_5678\u{15}\n*CHI:\tno . \u{15}bad\u{15}\n@End\n")
        #expect(document.utterances.map(\.text) == ["more cookie .", "no . \u{15}bad\u{15}"])
        #expect(document.turns.first?.start == 1.234)
        #expect(document.turns.first?.end == 5.678)
        #expect(document.turns.last?.start == nil)
    }

    @Test func severalSessionsAreSeveralDocuments() throws {
        let text = "@UTF8\n@Begin\n@Participants:\tMOT Mother\n@Date:\t01-JAN-1960\n*MOT:\tone .\n@End\n@Begin\n@Participants:\tCHI Eve Target_Child\n*CHI:\ttwo .\n@End\n"
        let (documents, warnings) = try readChat(text, id: "eve")
        #expect(warnings.isEmpty)
        #expect(documents.map(\.id) == ["eve#1", "eve#2"])
        #expect(documents.map { $0.utterances.map(\.text) } == [["one ."], ["two ."]])
        #expect(documents.map { $0.speakers.map(\.name) } == [["Mother"], ["Eve"]])
        #expect(documents.map { $0.metadata("utf8") == nil && $0.metadata.contains { $0.name == "utf8" } } == [true, true])
        #expect(documents.map(\.date) == [PartialDate(year: 1960, month: 1, day: 1), nil])
    }

    @Test func aSecondDateStartsANewDocument() throws {
        let text = "@Begin\n@Participants:\tMOT Mother\n@ID:\teng|Brown|MOT||female|||Mother|||\n@Date:\t15-OCT-1962\n*MOT:\tone .\n@Date:\t17-OCT-1962\n*MOT:\ttwo .\n@End\n"
        let (documents, warnings) = try readChat(text, id: "eve")
        #expect(warnings.isEmpty)
        #expect(documents.map(\.id) == ["eve#1", "eve#2"])
        #expect(documents.map(\.date) == [PartialDate(year: 1962, month: 10, day: 15), PartialDate(year: 1962, month: 10, day: 17)])
        #expect(documents.map { $0.speakers.map(\.name) } == [["Mother"], ["Mother"]])
        #expect(documents.map { $0.metadata("MOT.role") } == ["Mother", "Mother"])
        #expect(documents.map { $0.turns.map(\.number) } == [[1], [1]])
        #expect(documents.last?.utterances.first?.location.line == 7)
    }

    @Test func aDateBeforeAnyMainTierDoesNotSplit() throws {
        let document = try readOne("@Begin\n@Date:\t15-OCT-1962\n@Date:\t16-OCT-1962\n*MOT:\tone .\n@End\n")
        #expect(document.date == PartialDate(year: 1962, month: 10, day: 15))
        #expect(document.metadata.filter { $0.name == "date" }.count == 2)
    }

    @Test func linesThatFitNowhereAreUnplaced() throws {
        let text = "@Begin\n@Participants:\tMOT Mother\n*MOT:\thi .\nstray text\n*XYZ:\twho ?\n@End\nafter the end\n"
        let (documents, warnings) = try readChat(text)
        let document = try #require(documents.first)
        #expect(documents.count == 1)
        #expect(document.unplacedLines == [
            UnplacedLine(line: 4, text: "stray text", reason: "not a CHAT header, main tier or dependent tier"),
            UnplacedLine(line: 7, text: "after the end", reason: "outside any @Begin/@End session"),
        ])
        #expect(warnings == ["line 5: speaker code XYZ is not in @Participants"])
        #expect(speakerName(document, document.turns.last?.speaker) == "XYZ")
    }

    @Test func missingBeginAndEndAreWarned() throws {
        let (documents, warnings) = try readChat("@UTF8\n*MOT:\thi .\n")
        #expect(documents.map { $0.utterances.map(\.text) } == [["hi ."]])
        #expect(warnings.contains("line 2: main tier outside @Begin/@End; a session is opened for it"))
        #expect(warnings.contains("line 2: the file ends without @End"))
    }

    @Test func headersOnlyGiveOneDocument() throws {
        let (documents, _) = try readChat("@UTF8\n@Comment:\tnothing\n")
        #expect(documents.count == 1)
        #expect(documents.first?.metadata("comment") == "nothing")
        #expect(documents.first?.id == "chat")
    }
}

/// Inputs the fuzzer found, kept as regression tests.
@Suite struct ChatFuzzRegressionTests {
    @Test func lineOpeningWithItsColonDoesNotCrash() {
        for text in [":\n", ":x\n", "@Begin\n:\n*:\n%:\n@End\n", "---\ntags: speeches\n:\n"] {
            let decoded = DecodedText(bytes: Array(text.utf8), warnings: [])
            let (documents, _) = ChatReader().read(decoded, id: "fuzz", path: "fuzz")
            #expect(documents.count <= 1)
        }
    }
}
