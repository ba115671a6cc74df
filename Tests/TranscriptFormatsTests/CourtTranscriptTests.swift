import Testing
@testable import TranscriptFormats
import TranscriptModel

/// Line-numbered court transcripts, on a fixture written in the layout of the Supreme Court's transcripts:
/// page numbers at the right, line numbers in the margin, labels in capitals indented deeper than wrapped
/// lines, a reporting company's footer on every page, and a word index after the argument.
@Suite struct CourtTranscriptTests {
    static let footer = "                    Heritage Reporting Corporation\n                              (202) 628-4888\n"

    static let transcript = """
                                                                  1
         1    IN THE SUPREME COURT OF THE UNITED STATES
         2    ------------------------------x
         3    JANE ROE,                         :
         4              Petitioner,             :
         5         v.                           : No. 99-123
         6    JOHN DOE,                         :
         7              Respondent.             :
         8    ------------------------------x
         9                      Washington, D.C.
        10                      Monday, March 1, 2021
        11
        12              The above-entitled matter came on for oral
        13    argument before the Supreme Court of the United States
        14    at 10:00 a.m.
        15    APPEARANCES:
        16    MARY SMITH, ESQ., Boston, Massachusetts; on behalf
        17      of the Petitioner.
        18    PAUL JONES, ESQ., Denver, Colorado; on behalf of
        19      the Respondent.
        20
        21
        22
        23
        24
        25

        """ + footer + """
                                                                  2
         1                    P R O C E E D I N G S
         2                                            (10:00 a.m.)
         3              CHIEF JUSTICE ROBERTS:  We'll hear
         4    argument first this morning in Case 99-123, Roe
         5    versus Doe.
         6              Ms. Smith.
         7              ORAL ARGUMENT OF MARY SMITH
         8                 ON BEHALF OF THE PETITIONER
         9              MS. SMITH:  Mr. Chief Justice, and may it
        10    please the Court:
        11              The statute says what it says.
        12              JUSTICE THOMAS:  Counsel, may I ask
        13    about the second clause?
        14              MS. SMITH:  Of course.
        15              JUSTICE THOMAS:  Does it apply here?
        16              MS. SMITH:  It does, Your Honor.
        17              CHIEF JUSTICE ROBERTS:  Thank you,
        18    counsel. Mr. Jones.
        19              ORAL ARGUMENT OF PAUL JONES
        20                 ON BEHALF OF THE RESPONDENT
        21              MR. JONES:  Mr. Chief Justice, the
        22    statute is silent.
        23              JUSTICE KAGAN:  Silent on what?
        24              MR. JONES:  On this case.
        25              CHIEF JUSTICE ROBERTS:  Thank you.

        """ + footer + """
                                                                  3
         1              The case is submitted.
         2              (Whereupon, at 10:30 a.m., the case in the
         3    above-entitled matter was submitted.)

        """ + footer + """
                                                                  4
                  A            argument 2:4,7        case 2:4 3:1
         ability 2:11          C                     Court 2:10
         apply 2:15            CHIEF 2:3,17,25       D

        """

    func read(_ text: String) -> Document {
        ArchivalTextReader(format: .text).read(DecodedText(bytes: Array(text.utf8), warnings: []), id: "roe-v-doe", path: "roe-v-doe.txt")
    }

    func turnsPerSpeaker(_ d: Document) -> [String: Int] {
        d.turns.reduce(into: [:]) { $0[$1.speaker.map { d.speakers[$0].name } ?? "-", default: 0] += 1 }
    }

    @Test func labelsAfterLineNumbersAreRecognised() {
        let d = read(Self.transcript)
        // Counted by hand from the fixture: page 2, lines 3, 9, 12, 14, 15, 16, 17, 21, 23, 24, 25.
        #expect(turnsPerSpeaker(d) == ["Roberts": 3, "Smith": 3, "Thomas": 2, "Jones": 2, "Kagan": 1])
        #expect(d.turns.first?.label == "CHIEF JUSTICE ROBERTS")
        // The chief justice's `Ms. Smith.` is his speech, wrapped lines are joined, and nothing of the margin stays.
        #expect(d.utterances.first { $0.speaker == d.turns.first?.speaker }?.text
                == "We'll hear argument first this morning in Case 99-123, Roe versus Doe.")
        #expect(d.utterances.contains { $0.text == "Ms. Smith." && $0.speaker == d.turns.first?.speaker })
        #expect(d.utterances.contains { $0.text == "Mr. Chief Justice, and may it please the Court:" })
    }

    @Test func pageFurnitureAndTheWordIndexAreNotSpeech() {
        let d = read(Self.transcript)
        let furniture = d.unplacedLines.filter { $0.reason == "page furniture" }.map(\.text)
        #expect(furniture.filter { $0 == "Heritage Reporting Corporation" }.count == 3)
        #expect(furniture.contains("4"))
        #expect(furniture.contains { $0.hasPrefix("ability 2:11") })
        #expect(!d.utterances.contains { $0.text.contains("Heritage") || $0.text.contains("ability") })
        // The headings before each argument end the turn before them: narrative, nobody's speech.
        #expect(d.utterances.filter { $0.kind == .narrative && $0.text.hasPrefix("ORAL ARGUMENT OF") }.count == 2)
    }

    @Test func eachUtteranceKeepsItsPrintedPageAndLine() throws {
        let d = read(Self.transcript)
        let kagan = try #require(d.utterances.first { $0.text == "Silent on what?" })
        let printed = try #require(d.printedLocation(ofLine: kagan.location.line))
        #expect(printed.page == 2 && printed.printedLine == 23)
        // Exported and read back, the model is equal.
        let text = JSONLinesWriter.write([d])
        let back = try JSONLinesReader().read(DecodedText(bytes: Array(text.utf8), warnings: []), path: "x.jsonl").get()
        #expect(back.documents == [d])
    }

    /// pdftotext sets the numbers flush left (`9 Q When?`, `10 A Monday.`): from line 10 on the text stood a
    /// column deeper, indented, and the answers of lines 1 to 9 became one paragraph of narrative.
    @Test func numbersSetFlushLeftLeaveTheTextInOneColumn() throws {
        // Questions and answers by turns, an objection between a question (line 4) and its answer (line 6).
        var text = "7\n1 BY MR. KANE:\n"
        var expected: [String] = []
        for n in 2...25 {
            let asks = n < 5 ? n % 2 == 0 : n % 2 == 1
            text += n == 5 ? "5 MR. ROSS: Objection.\n" : "\(n) \(asks ? "Q Question \(n)?" : "A Answer \(n).")\n"
            expected.append(n == 5 ? "Ross" : asks ? "Kane" : "A")
        }
        let d = read(text)
        #expect(d.turns.map { d.speakers[$0.speaker ?? -1].name } == expected)
        #expect(d.utterances.filter { $0.kind == .speech }.map(\.text).last == "Question 25?")
        let last = try #require(d.utterances.last)
        #expect(d.printedLocation(ofLine: last.location.line)?.printedLine == 25)
    }

    /// An answer that runs from the foot of one page onto the next, over the page number and the blank lines
    /// around it (as pdftotext writes a page break), was two utterances: the page's end was a paragraph's.
    @Test func anAnswerRunsOnOverAPageBreak() throws {
        var text = "                                                   12\n"
        for n in 1...24 { text += String(repeating: " ", count: n < 10 ? 1 : 0) + "\(n)   \(n % 2 == 1 ? "Q.   Question \(n)?" : "A.   Answer \(n).")\n" }
        text += "25   A.   It was late, and the road\n\n                  Heritage Reporting Corporation\n\n"
        text += "                                                   13\n\n 1   was closed by the river.\n 2   Q.   Thank you.\n"
        for n in 3...20 { text += String(repeating: " ", count: n < 10 ? 1 : 0) + "\(n)\n" }
        let d = read(text)
        let answer = try #require(d.utterances.first { $0.text.hasPrefix("It was late") })
        #expect(answer.text == "It was late, and the road was closed by the river.")
        // One utterance a label: 24 on page 12, the answer over the break, and the last question.
        #expect(d.utterances.count == 26)
        #expect(d.printedLocation(ofLine: answer.location.line).map { [$0.page, $0.printedLine] } == [12, 25])
        #expect(d.unplacedLines.map(\.text) == ["12", "Heritage Reporting Corporation", "13"])
    }

    /// A blank line with its number still ends a paragraph.
    @Test func aNumberedBlankLineEndsAParagraph() {
        var text = ""
        for n in 1...20 { text += String(repeating: " ", count: n < 10 ? 1 : 0) + "\(n)   \(n % 2 == 1 ? "Q.   Question \(n)?" : "A.   Answer \(n).")\n" }
        text += "21   A.   First part.\n22\n23   Second part.\n"
        let d = read(text)
        #expect(d.utterances.suffix(2).map(\.text) == ["First part.", "Second part."])
    }

    @Test func aTextWithFewNumberedLinesIsNotLineNumbered() {
        let d = read("1 Cde. Beria: One.\n\nCde. Malenkov: 2 things.\n")
        #expect(d.printedLines.isEmpty)
        #expect(d.unplacedLines.isEmpty)
    }
}
