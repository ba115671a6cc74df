import Foundation
import Testing
@testable import TranscriptFormats
import TranscriptModel

/// Label conventions of Grammar/Labels.md on the shared corpus files that exercise them. Every expected
/// figure is counted from the file itself by a regular expression in the test, never from Parley's output.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
struct LabelConventionCorpusTests {
    func load(_ name: String) throws -> Document {
        let result = Loader().load([SharedCorpus.path(name)])
        #expect(!result.failed, "\(result.messages)")
        return try #require(result.documents.first)
    }

    /// Turns per speaker as the document has them.
    func turnsPerSpeaker(_ d: Document) -> [String: Int] {
        var counts: [String: Int] = [:]
        for turn in d.turns { counts[turn.speaker.map { d.speakers[$0].name } ?? "(none)", default: 0] += 1 }
        return counts
    }

    /// The lines of a file, without carriage returns.
    func lines(_ name: String) throws -> [String] {
        try SharedCorpus.text(name).replacingOccurrences(of: "\r", with: "").components(separatedBy: "\n")
    }

    /// The first capture groups of a pattern, one per line that matches it.
    func captures(_ pattern: String, in lines: [String]) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern)
        return lines.compactMap { line in
            let ns = line as NSString
            guard let m = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
            return (1..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }

    func tally(_ names: [String]) -> [String: Int] { names.reduce(into: [:]) { $0[$1, default: 0] += 1 } }

    /// Labels alone on their line with riding or role and party, nested parentheses, and the Acting Speaker
    /// named in parentheses: before this convention the file gave 0 turns.
    @Test func canadianHansardLabelsWithQualifiers() throws {
        let name = "2000-02-28-canada-commons-hansard-aligned.txt"
        let labels = try captures(#"^(?:Mr\.|Mrs\.|Ms\.|Miss|Hon\.|Right Hon\.) ([^(]+?) \(.*\)(?: moved)?:\s*$"#, in: lines(name)).map { $0[0] }
        let speaker = try captures(#"^The Acting Speaker \((?:Ms\.|Mr\.|Mrs\.) ([^)]+)\):\s*$"#, in: lines(name)).map { $0[0] }
        let gold = tally(labels + speaker)
        let d = try load(name)
        #expect(turnsPerSpeaker(d) == gold)
        #expect(d.turns.count == labels.count + speaker.count)
        // Qualifiers are kept on the turn, never in the name.
        let lunn = try #require(d.turns.first)
        #expect(lunn.label == "Mr. Gary Lunn (Saanich-Gulf Islands, Ref.)")
        #expect(lunn.metadata.filter { $0.name == "qualifier" }.map(\.value) == ["Saanich-Gulf Islands", "Ref."])
        let acting = try #require(d.turns.first { $0.label.hasPrefix("The Acting Speaker") })
        #expect(acting.metadata.first { $0.name == "qualifier" }?.value == "The Acting Speaker")
        // The label cut off without its colon is listed, not taken. The minister who `moved:` the budget
        // speaks it: the speech is his, not the member's before him.
        #expect(d.doubtfulLabels.map(\.line) == [280])
        #expect(d.doubtfulLabels.allSatisfy { !$0.taken })
        let martin = try #require(d.turns.first { $0.label.hasSuffix(") moved") })
        #expect(martin.speaker.map { d.speakers[$0].name } == "Paul Martin")
        #expect(d.utterances[martin.utterances.lowerBound].text.hasPrefix("That this House approve in general the budgetary policy"))

        // Headings in capitals and the chair's calls on the next member (just before that member's label)
        // are narrative, not the speech of the member before them.
        let all = try lines(name)
        let label = try NSRegularExpression(pattern: #"^(?:Mr\.|Mrs\.|Ms\.|Miss|Hon\.|Right Hon\.|The Acting Speaker) .*\):\s*$"#)
        func isLabel(_ line: String) -> Bool { label.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil }
        let firstLabel = try #require(all.firstIndex(where: isLabel))
        var headings: [(line: Int, text: String)] = []
        var calls: [(line: Int, text: String)] = []
        for i in (firstLabel + 1)..<(all.count - 1) {
            let text = all[i].trimmingCharacters(in: .whitespaces)
            let previous = all[i - 1].trimmingCharacters(in: .whitespaces)
            if text.range(of: #"^[A-Z]+(?:[ '-][A-Z]+)+$"#, options: .regularExpression) != nil,
               isLabel(all[i - 1]) || headings.last?.line == i || previous.range(of: #"[.?!"]$"#, options: .regularExpression) != nil {
                headings.append((i + 1, text))
            }
            if text.range(of: #"^The (?:hon\.|[Rr]ight [Hh]on\.) [^.]+\.$"#, options: .regularExpression) != nil, isLabel(all[i + 1]) {
                calls.append((i + 1, text))
            }
        }
        #expect(headings.count == 16 && calls.count == 7, "\(headings) \(calls)")
        for (line, text) in headings + calls {
            #expect(d.utterances.contains { $0.location.line == line && $0.kind == .narrative && $0.text == text }, "line \(line): \(text)")
            #expect(!d.utterances.contains { $0.kind == .speech && $0.text.contains(text) }, "line \(line): \(text)")
        }

        // A sentence a line: each line is an utterance, cited at its line, and a line that is all one
        // parenthetical (`(The House divided on the motion, ...:)`, `(Bill read the third time and passed)`)
        // is a direction, not the words of the member or the chair whose turn it falls in.
        let parentheticals = (firstLabel + 1..<all.count).filter { i in
            let text = all[i].trimmingCharacters(in: .whitespaces)
            return text.hasPrefix("(") && text.hasSuffix(")")
        }
        #expect(parentheticals.count >= 5)
        for i in parentheticals {
            let text = String(all[i].trimmingCharacters(in: .whitespaces).dropFirst().dropLast())
            #expect(d.utterances.contains { $0.location.line == i + 1 && $0.kind == .direction && $0.text == text }, "line \(i + 1): \(text)")
        }
        let spoken = try #require(all.firstIndex { $0.hasPrefix("I declare the amendment lost.") })
        #expect(d.utterances.contains { $0.location.line == spoken + 1 && $0.kind == .speech && $0.text == "I declare the amendment lost." })
    }

    /// `AA:` is the front matter's one speaker, Andreas Antonopoulos; the bare `Senator:` stays one speaker
    /// named by the title, and is listed: several senators speak under it.
    @Test func senateCommitteeInitialsAndBareTitle() throws {
        let name = "2014-10-08-canada-senate-banking-antonopoulos.md"
        let all = try lines(name)
        let initials = all.filter { $0.hasPrefix("AA: ") }.count
        let bare = all.filter { $0.hasPrefix("Senator: ") }.count
        let named = Set(try captures(#"^Senator ([A-Z][A-Za-z-]*):"#, in: all).map { $0[0] })
        #expect(initials > 40 && bare > 30 && named.count > 3)
        let d = try load(name)
        let turns = turnsPerSpeaker(d)
        // The front matter names one speaker, whose initials are AA.
        let listed = try captures(#"^speakers: \['([^']+)'\]$"#, in: all).map { $0[0] }
        #expect(listed == ["Andreas Antonopoulos"])
        var gold = tally(try captures(#"^Senator(?: ([A-Z][\w-]*))?:"#, in: all).map { $0[0].isEmpty ? "Senator" : $0[0] })
        gold["Andreas Antonopoulos"] = initials
        #expect(turns == gold)
        #expect(turns["Senator"] == bare)
        let firstBare = try #require(all.firstIndex { $0.hasPrefix("Senator: ") })
        let doubt = try #require(d.doubtfulLabels.first { $0.line == firstBare + 1 })
        #expect(doubt.taken && doubt.reason.contains("its \(bare) turns may be several people's"))
        #expect(doubt.reason.contains("\(named.count) other labels"))
    }

    /// Bold labels with constituency and party, and the short label of the same person: 0 turns before.
    @Test func commonsQuestionTimeInMarkdown() throws {
        let name = "2006-05-10-commons-pmqs-blog.md"
        let labels = try captures(#"^\*\*(?:Mr\. )?([^*(:]+?)(?: \(.*\))?:\*\*"#, in: lines(name)).map { $0[0] }
        // `Mr. Cameron` is `Mr. David Cameron`: the one fuller name with that surname.
        let fuller = Set(labels.filter { $0.contains(" ") && !$0.hasPrefix("The ") })
        let gold = tally(labels.map { short in fuller.first { $0.hasSuffix(" " + short) } ?? short })
        #expect(gold == ["David Cameron": 6, "The Prime Minister": 6])
        #expect(turnsPerSpeaker(try load(name)) == gold)
    }

    /// `**Name:**` labels, non-ASCII names included: 0 turns before. `**Break:**` followed only by a time
    /// (and then another label) is a section marker, not a speaker.
    @Test func podcastWithBoldLabels() throws {
        let name = "2016-04-19-changelog-200-raquel-velez.md"
        let found = try captures(#"^\*\*([^*]+):\*\*(.*)$"#, in: lines(name))
        let markers = found.filter { $0[1].range(of: #"^\s*\\\[[0-9:.]+\\\]\s*$"#, options: .regularExpression) != nil }
        #expect(markers.map { $0[0] } == ["Break", "Break"])
        let gold = tally(found.filter { $0[1].range(of: #"^\s*\\\[[0-9:.]+\\\]\s*$"#, options: .regularExpression) == nil }.map { $0[0] })
        #expect(gold == ["Adam Stacoviak": 60, "Jerod Santo": 48, "Raquel Vélez": 71])
        let d = try load(name)
        #expect(turnsPerSpeaker(d) == gold)
        #expect(d.doubtfulLabels.map(\.reason).filter { $0.contains("section marker") }.count == 2)
    }

    /// The GPO's page: the text inside `<pre>`, labels in the period form on indented lines, and a name
    /// alone on its line just before the same member's label, which is the chair calling on the member.
    @Test func gpoHearingPage() throws {
        let name = "2009-01-14-house-small-business-meeting-gpo.htm"
        let all = try lines(name)
        let regex = try NSRegularExpression(pattern: #"^    (?:Chairwoman|Chairman|Mr\.|Mrs\.|Ms\.) ([A-Z][A-Za-z'-]+)\.( |$)"#)
        func label(_ line: String) -> (name: String, alone: Bool)? {
            let ns = line as NSString
            guard let m = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { return nil }
            return (ns.substring(with: m.range(at: 1)), m.range(at: 2).length == 0 && line.trimmingCharacters(in: .whitespaces).count == ns.substring(with: m.range).trimmingCharacters(in: .whitespaces).count)
        }
        var names: [String] = []
        var calls = 0
        for (i, line) in all.enumerated() {
            guard let found = label(line) else { continue }
            if found.alone, i + 1 < all.count, label(all[i + 1])?.name == found.name { calls += 1; continue }
            names.append(found.name)
        }
        #expect(calls == 2)
        let d = try load(name)
        #expect(turnsPerSpeaker(d) == tally(names))
        #expect(d.title?.hasPrefix("THE STATE OF THE SMALL BUSINESS ECONOMY") == true)
        // The page's `<title>` is the title, so the bracketed lines above the printed title stay text.
        let header = all.prefix(12).map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("[") }
        #expect(header.count == 2)
        for line in header { #expect(d.utterances.contains { $0.kind == .narrative && $0.text.contains(line) }, "\(line)") }
        // Character references are decoded and no tag is left in the text.
        #expect(!d.utterances.contains { $0.text.contains("<pre>") || $0.text.contains("&amp;") })
        #expect(d.doubtfulLabels.filter { $0.reason.contains("calling on") }.count == calls)
        // Bracketed notes alone on their lines are directions, not the chair's words.
        let notes = all.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[The statement of") }.count
        #expect(notes == 8)
        #expect(d.utterances.filter { $0.kind == .direction && $0.text.hasPrefix("[The statement of") }.count == notes)
        // Text after a `STATEMENT OF` heading before any label is nobody's speech.
        let heading = try #require(d.utterances.first { $0.text.hasPrefix("STATEMENT OF TED ALLISON") })
        #expect(heading.speaker == nil && heading.turn == nil)
        // A word broken after a hyphen at a line's end (`pre-` / `apprenticeship`) is one word again.
        var broken: [String] = []
        for (i, line) in all.enumerated().dropLast() {
            guard let head = line.range(of: #"[A-Za-z]+-\s*$"#, options: .regularExpression),
                  let tail = all[i + 1].range(of: #"^\s*[a-z][A-Za-z]*"#, options: .regularExpression) else { continue }
            broken.append(line[head].trimmingCharacters(in: .whitespaces) + all[i + 1][tail].trimmingCharacters(in: .whitespaces))
        }
        #expect(broken.count == 10 && broken.contains("pre-apprenticeship"), "\(broken)")
        for word in broken { #expect(d.utterances.contains { $0.text.contains(word) }, "\(word)") }
        // The date line opens with its weekday, which is no place; the GPO's closing `<all>` is no one's words.
        let dateLine = try #require(all.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Wednesday, January 14, 2009") })
        #expect(!dateLine.isEmpty && d.place == nil && d.date == PartialDate(year: 2009, month: 1, day: 14))
        let end = try #require(all.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "&lt;all&gt;" || $0.trimmingCharacters(in: .whitespaces) == "<all>" })
        #expect(d.unplacedLines.contains { $0.line == end + 1 && $0.text == "<all>" })
        #expect(!d.utterances.contains { $0.text.contains("<all>") })
    }

    /// Call-sign and role codes with digits under time lines; the `ATS` line under its time without its
    /// colon is ATS's too (a call sign that opens two lines or more with one).
    @Test func mercuryAirToGroundLog() throws {
        let name = "1961-07-21-mr4-liberty-bell-7-air-to-ground.txt"
        let text = try lines(name)
        var gold = tally(try captures(#"^([A-Z][A-Z0-9]*):"#, in: text).map { Folding.key($0[0]) })
        let timed = zip(text, text.dropFirst()).filter { $0.0.range(of: #"^\[\d\d:\d\d:\d\d:\d\d\]\s*$"#, options: .regularExpression) != nil }
        for word in try captures(#"^([A-Z][A-Z0-9]*) "#, in: timed.map(\.1)).map({ Folding.key($0[0]) }) where gold[word, default: 0] >= 2 {
            gold[word, default: 0] += 1
        }
        #expect(gold["p"] == 105 && gold["ats"] == 11)
        let d = try load(name)
        #expect(tally(d.turns.map { Folding.key($0.speaker.map { d.speakers[$0].name } ?? "") }) == gold)
        // `UKN:` is whoever the transcriber could not name: one speaker, listed at its first line.
        let unknown = try #require(text.firstIndex { $0.hasPrefix("UKN:") })
        let doubt = try #require(d.doubtfulLabels.first { $0.line == unknown + 1 })
        #expect(doubt.taken && doubt.reason == "a voice the transcriber did not name: its \(gold["ukn"] ?? -1) turns may be several people's")
    }

    /// A label and a time alone on their line, the speech below it: the time is when the turn starts, and
    /// no words of it; each speaker's utterances are the paragraphs under their labels.
    @Test func podcastWithLabelsAloneOnTheirLine() throws {
        let name = "2024-03-25-skip-compile-swift-podcast.md"
        let all = try lines(name)
        let labels = try captures(#"^([A-Z][a-z]+): (\d+):(\d\d)\s*$"#, in: all)
        let gold = tally(labels.map { $0[0] })
        #expect(gold.values.reduce(0, +) == 108)
        let d = try load(name)
        #expect(turnsPerSpeaker(d) == gold)
        #expect(d.turns.map(\.start) == labels.map { Double((Int($0[1]) ?? -1) * 60 + (Int($0[2]) ?? -1)) })
        // Paragraphs under each label: the non-blank lines up to the next label.
        var paragraphs: [String: Int] = [:]
        var speaker: String?
        for line in all {
            if let found = try captures(#"^([A-Z][a-z]+): \d+:\d\d\s*$"#, in: [line]).first { speaker = found[0]; continue }
            if let speaker, !line.trimmingCharacters(in: .whitespaces).isEmpty { paragraphs[speaker, default: 0] += 1 }
        }
        #expect(tally(d.utterances.compactMap { $0.speaker.map { d.speakers[$0].name } }) == paragraphs)
        #expect(!d.utterances.contains { $0.text.range(of: #"^\d+:\d\d"#, options: .regularExpression) != nil })
    }
}

/// The label grammar's rules on small fixtures of my own, one rule or edge each.
@Suite struct LabelConventionFixtureTests {
    func read(_ text: String, format: TranscriptFormat = .text) -> Document {
        ArchivalTextReader(format: format).read(DecodedText(bytes: Array(text.utf8), warnings: []), id: "fixture", path: "fixture")
    }

    func speakers(_ d: Document) -> [String] { d.turns.map { $0.speaker.map { d.speakers[$0].name } ?? "-" } }

    @Test func callSignThenPersonIsThePerson() {
        let d = read("Base 2 (Petrov): I hear you.\n\nCedar (Ivanova): Loud and clear.\n\nBase 2 (Petrov): Good.\n\n"
                     + "Cedar (Ivanova): Copy.\n\nCedar: Out.\n\nCedar: Over.\n")
        #expect(speakers(d) == ["Petrov", "Ivanova", "Petrov", "Ivanova", "Cedar", "Cedar"])
        #expect(d.turns[0].metadata.first { $0.name == "qualifier" }?.value == "Base 2")
        #expect(d.turns[0].label == "Base 2 (Petrov)")
    }

    @Test func personalNameThenQualifiersAndASpaceBeforeTheColon() {
        let d = read("Hon. Jane Roe (Leader of the Opposition) : We object.\n\nMr. John Doe (Northtown) (Lab): We do not.\n")
        #expect(speakers(d) == ["Jane Roe", "John Doe"])
        #expect(d.turns[1].metadata.compactMap(\.value) == ["Northtown", "Lab"])
        #expect(d.utterances.map(\.text) == ["We object.", "We do not."])
    }

    @Test func markdownEmphasisInEveryPlace() {
        let d = read("**Siân Roe:** One.\n\n**Si&ocirc;n Doe**: Two.\n\n__Siân Roe:__ Three.\n\n**Siôn Doe:** Four.\n", format: .markdown)
        #expect(speakers(d) == ["Siân Roe", "Siôn Doe", "Siân Roe", "Siôn Doe"])
        #expect(d.utterances.map(\.text) == ["One.", "Two.", "Three.", "Four."])
        // A character reference outside emphasis is its character too, in a titled label and in speech: the
        // label was no label, and its words the speaker's before.
        let plain = read("**Si&ocirc;n Jones:** First.\n\nMr. Si&ocirc;n Evans: Caf&eacute; &amp; tea.\n\n**Si&ocirc;n Jones:** Third.\n", format: .markdown)
        #expect(speakers(plain) == ["Siôn Jones", "Siôn Evans", "Siôn Jones"])
        #expect(plain.utterances.map(\.text) == ["First.", "Café & tea.", "Third."])
        // A line break written as a reference ends no line: the lines below keep their numbers.
        let broken = read("**Ann:** One&#10;two.\n\n**Bob:** Three.\n\n**Ann:** Four.\n\n**Bob:** Five.\n", format: .markdown)
        #expect(broken.utterances.map(\.text) == ["One two.", "Three.", "Four.", "Five."])
        #expect(broken.utterances.map(\.location.line) == [1, 3, 5, 7])
    }

    @Test func thePeriodFormInsideAMemorandumsProseIsNoLabel() {
        let d = read("Cde. Smith: We met.\n\nMr. Smith. He left early, as agreed.\n\nCde. Jones: Then?\n")
        #expect(speakers(d) == ["Smith", "Jones"])
        #expect(d.utterances[1].text.hasPrefix("Mr. Smith. He left"))
        #expect(d.doubtfulLabels.map(\.line) == [3])
        #expect(d.doubtfulLabels.first?.taken == false)
    }

    @Test func thePeriodFormWhereItIsTheDocumentsShape() {
        let d = read("    Chairman ROE. We begin.\n    Mr. SMITH. Thank you.\nI have a statement.\n    Chairman ROE. Go on.\n")
        #expect(speakers(d) == ["Roe", "Smith", "Roe"])
        #expect(d.utterances.map(\.text) == ["We begin.", "Thank you. I have a statement.", "Go on."])
    }

    @Test func anIndentedLabelInADocumentWithoutIndentedLabelsIsContinuation() {
        let d = read("Smith: One.\n    Jones: is quoted here.\n\nSmith: Two.\n\nJones: Three.\n\nSmith: Four.\n\nJones: Five.\n")
        #expect(speakers(d) == ["Smith", "Smith", "Jones", "Smith", "Jones"])
        #expect(d.utterances[0].text == "One. Jones: is quoted here.")
    }

    @Test func aLabelOnceOnlyInAnEstablishedShapeIsTakenAndDoubtful() {
        let d = read("Alpha: One.\n\nBravo: Two.\n\nAlpha: Three.\n\nBravo: Four.\n\nCharlie: Five.\n")
        #expect(speakers(d) == ["Alpha", "Bravo", "Alpha", "Bravo", "Charlie"])
        #expect(d.doubtfulLabels.map(\.line) == [9])
        #expect(d.doubtfulLabels.first?.taken == true)
    }

    @Test func aNameInTheDocumentsOwnListConfirmsAOnceOnlyLabel() {
        let text = "PARTICIPANTS: Premier Zhou, Wang Li (Vice Minister), Ambassador Roe\n\nPremier Zhou: We begin.\n\n"
            + "Ambassador Roe: Yes.\n\nWang Li: Until the end.\n\nLiu Bo: Not listed.\n\nPremier Zhou: Good.\n"
        let d = read(text)
        #expect(speakers(d) == ["Zhou", "Roe", "Wang Li", "Zhou"])
        #expect(d.utterances.map(\.text).contains("Until the end."))
        // The list's own line is label-like and not taken; `Wang Li` is taken on the list's word only.
        #expect(d.doubtfulLabels.map(\.line) == [1, 7, 9])
        #expect(d.doubtfulLabels.map(\.taken) == [false, true, false])
        // Without the list, the same label is not taken.
        let unlisted = read(text.replacingOccurrences(of: "Wang Li (Vice Minister), ", with: ""))
        #expect(speakers(unlisted) == ["Zhou", "Roe", "Zhou"])
    }

    @Test func aShortNameJoinsTheOneFullerNameOrStaysApart() {
        let one = read("Mr. David Cameron: One.\n\nMr. Cameron: Two.\n")
        #expect(speakers(one) == ["David Cameron", "David Cameron"])
        let two = read("Mr. Jean Chretien: One.\n\nMr. Jean-Guy Chretien: Two.\n\nMr. Chretien: Three.\n")
        #expect(speakers(two) == ["Jean Chretien", "Jean-Guy Chretien", "Chretien"])
        #expect(two.doubtfulLabels.map(\.line) == [5])
    }

    /// A broadcast transcript names a speaker in full once, with a role or a party (`JAKE TAPPER, CNN
    /// ANCHOR:`), then by surname (`TAPPER:`): one speaker, listed as doubtful (taken). An untitled short
    /// name joins no fuller name that was not introduced so, and no office joins a longer one.
    @Test func anUntitledShortNameJoinsTheOneFullerNameIntroducedAsAPerson() {
        let cnn = read("JAKE TAPPER, CNN ANCHOR: Welcome.\n\nSEN. BERNIE SANDERS (I-VT): Thanks.\n\nTAPPER: The economy?\n\n"
            + "SANDERS: Rigged.\n\nTAPPER: Thanks.\n\nSANDERS: Bye.\n")
        #expect(speakers(cnn) == ["Jake Tapper", "Bernie Sanders", "Jake Tapper", "Bernie Sanders", "Jake Tapper", "Bernie Sanders"])
        #expect(cnn.doubtfulLabels.filter { $0.reason.hasPrefix("short name without a title") }.map(\.line) == [5, 7])
        let offices = read("VICE PRESIDENT: Hello.\n\nPRESIDENT: Hi.\n\nVICE PRESIDENT: Again.\n\nPRESIDENT: Bye.\n")
        #expect(speakers(offices) == ["Vice President", "President", "Vice President", "President"])
        // An office after a title is no surname: the Deputy Speaker is not the Speaker.
        let deputy = read("Deputy Speaker: Order.\n\nSpeaker: Order!\n\nMr. Deputy Speaker: Yes.\n\nMr. Speaker: No.\n\nSpeaker: Well.\n")
        #expect(speakers(deputy) == ["Deputy Speaker", "Speaker", "Deputy Speaker", "Speaker", "Speaker"])
        let given = read("GEORGE MARTIN: Hello.\n\nMARTIN: Hi, George.\n\nGEORGE MARTIN: Again.\n\nMARTIN: Bye.\n")
        #expect(speakers(given) == ["George Martin", "Martin", "George Martin", "Martin"])
        // Once, in the other case from the document's labels, a full name is the one speaker of that surname.
        let once = read("TAPPER: Welcome.\n\nSANDERS: Thanks.\n\nTAPPER: The economy?\n\nSANDERS: Rigged.\n\n"
            + "Jake Tapper: Indeed.\n\nTAPPER: We are back.\n")
        #expect(speakers(once) == ["Tapper", "Sanders", "Tapper", "Sanders", "Tapper", "Tapper"])
        #expect(once.doubtfulLabels.map(\.line) == [9] && once.doubtfulLabels.allSatisfy(\.taken))
        // Not where two speakers have that surname.
        let two = read("TAPPER: Welcome.\n\nJOHN SANDERS: Thanks.\n\nTAPPER: The economy?\n\nSANDERS: Rigged.\n\nSANDERS: Yes.\n\n"
            + "JOHN SANDERS: Well.\n\nJane Sanders: Indeed.\n")
        #expect(two.utterances.first { $0.text.hasPrefix("Jane Sanders") }?.kind == .narrative)
    }

    /// A particle may open the name after titles (`Mr. de Gaulle`); in capitals it is no pair of initials.
    @Test func aParticleOpensANameAfterTitles() {
        let d = read("Mr. SMITH: Hello.\n\nMr. de Gaulle: Non.\n\nGeneral de Gaulle: Oui.\n\nMr. van Buren: Yes.\n\n"
            + "Mr. DE LA CRUZ: Sí.\n\nde facto: no label.\n")
        #expect(speakers(d) == ["Smith", "de Gaulle", "de Gaulle", "van Buren", "De La Cruz"])
        #expect(d.turns.last?.utterances.map { d.utterances[$0].text } == ["Sí.", "de facto: no label."])
    }

    @Test func anIndentedQBesideIndentedTitledLabelsIsALabel() {
        let d = read("""
                THE PRESIDENT:  Good morning, everybody.
                Q    Mr. President, what about the budget?
                THE PRESIDENT:  We will see.
                Q    And the talks?
                THE PRESIDENT:  They go on, and on.
            """)
        #expect(speakers(d) == ["The President", "Q", "The President", "Q", "The President"])
        #expect(d.utterances.map(\.text)[1] == "Mr. President, what about the budget?")
    }

    @Test func theDashFormWhereItIsTheDocumentsShape() {
        let d = read("El señor ORTIZ.- Gracias, presidente.\n\nLa señora GIL.- Una pregunta.\n\nEl señor ORTIZ.- Sí.\n")
        #expect(speakers(d) == ["Ortiz", "Gil", "Ortiz"])
        #expect(d.utterances.map(\.text) == ["Gracias, presidente.", "Una pregunta.", "Sí."])
        // In prose a dash after a titled name is no label.
        let prose = read("Cde. Smith: We met.\n\nMr. Jones - as agreed - left early.\n\nCde. Smith: Then.\n")
        #expect(speakers(prose) == ["Smith", "Smith"])
    }

    @Test func initialsOfTheOneListedNameAreThatPerson() {
        let text = "---\nspeakers: ['Andreas Antonopoulos', 'Jane Doe']\n---\n\nSenator Greene: A question.\n\nAA: An answer.\n\n"
            + "Senator: Another.\n\nAA: Yes.\n\nSenator: And?\n\nJD: Me too.\n\nBB: Who?\n\nBB: Me.\n"
        let d = read(text, format: .markdown)
        #expect(speakers(d) == ["Greene", "Andreas Antonopoulos", "Senator", "Andreas Antonopoulos", "Senator", "Jane Doe", "BB", "BB"])
        #expect(d.speakers.first { $0.name == "Andreas Antonopoulos" }?.labels == ["AA"])
        // Both decisions are listed, once each, at their first line.
        let reasons = d.doubtfulLabels.map { "\($0.line) \($0.taken) \($0.reason)" }
        #expect(reasons.contains { $0.hasPrefix("7 true initials of Andreas Antonopoulos") })
        #expect(reasons.contains { $0.hasPrefix("9 true a title without a name, while 1 other label gives it with one: its 2 turns") })
        #expect(d.doubtfulLabels.count == 4, "\(reasons)")
        // Without a list, or with two names of the same initials, initials stay as written.
        let two = read("---\nspeakers: ['Ann Adams', 'Al Ames']\n---\n\nAA: One.\n\nAA: Two.\n", format: .markdown)
        #expect(speakers(two) == ["AA", "AA"])
    }

    @Test func twoCapitalsAreInitials() {
        let d = read("AA: One.\n\nAA: Two.\n")
        #expect(speakers(d) == ["AA", "AA"])
    }

    @Test func aStatementHeadingEndsTheTurn() {
        let d = read("    Chairman ROE. Welcome.\n    Mr. DOE. Thanks.\n\n STATEMENT OF JOHN DOE, PRESIDENT, DOE INC.\n\n    Some unlabelled text.\n    Chairman ROE. Go on.\n")
        #expect(speakers(d) == ["Roe", "Doe", "Roe"])
        let narrative = d.utterances.filter { $0.kind == .narrative }.map(\.text)
        #expect(narrative == ["STATEMENT OF JOHN DOE, PRESIDENT, DOE INC.", "Some unlabelled text."])
    }

    @Test func capitalsHeadingsAndTheChairsCallsAreNoMembersSpeech() {
        let text = """
            Mr. Gary Lunn (Saanich-Gulf Islands, Ref.):
            We will see.
            CANADIAN NATIONAL SOCCER TEAM
            Mr. Ted McWhinney (Vancouver Quadra, Lib.):
            Canadians can expect great-
            The hon. member for Drummond.
            Mrs. Pauline Picard (Drummond, BQ):
            Read PRESS, FUEL CELL 1, MAIN BUS B
            ENVIRONMENTAL CONTROL SYSTEM
            and the rest.
            """
        let d = read(text)
        #expect(speakers(d) == ["Gary Lunn", "Ted McWhinney", "Pauline Picard"])
        #expect(d.utterances.filter { $0.kind == .narrative }.map(\.text) == ["CANADIAN NATIONAL SOCCER TEAM", "The hon. member for Drummond."])
        // Capitals inside a sentence that runs on are speech.
        #expect(d.utterances.last?.text == "Read PRESS, FUEL CELL 1, MAIN BUS B ENVIRONMENTAL CONTROL SYSTEM and the rest.")
        // A transcript in capitals throughout has no headings by case.
        let capitals = read("MR. LUNN (SAANICH, REF.):\nWE WILL SEE.\nTHE HOUSE RISES NOW\nMR. MCWHINNEY (QUADRA, LIB.):\nYES.\n")
        #expect(capitals.utterances.allSatisfy { $0.kind == .speech })
    }

    @Test func anHTMLPageWithPreIsReadAsItsText() throws {
        let page = "<html>\n<title>A &amp; B</title>\n<body><pre>\n    Chairman ROE. We begin &amp; end.\n    Mr. DOE. Yes.\n    Chairman ROE. Done.\n</pre></body></html>\n"
        let d = read(page)
        #expect(d.title == "A & B")
        #expect(speakers(d) == ["Roe", "Doe", "Roe"])
        #expect(d.utterances.first?.text == "We begin & end.")
        #expect(d.utterances.first?.location.line == 4)
        // With the page's title, the header's first short paragraph is text, not a second title lost.
        let headed = read("<html>\n<title>A</title>\n<body><pre>\n[House Hearing]\n\n    Chairman ROE. Yes.\n</pre></body></html>\n")
        #expect(headed.title == "A")
        #expect(headed.utterances.first?.kind == .narrative)
        #expect(headed.utterances.first?.text == "[House Hearing]")
    }
}
