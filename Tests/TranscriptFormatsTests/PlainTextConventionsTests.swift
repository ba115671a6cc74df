import Testing
@testable import TranscriptFormats
import TranscriptModel

/// Conventions of plain-text transcripts that people write (depositions, FAQs, Otter and Word exports,
/// hearings, Hansard), each on a small fixture whose right answer is worked out by hand.
@Suite struct PlainTextConventionsTests {
    func read(_ text: String, id: String = "fixture") -> Document {
        ArchivalTextReader(format: .text).read(DecodedText(bytes: Array(text.utf8), warnings: []), id: id, path: id)
    }

    func speakers(_ d: Document) -> [String] { d.turns.map { d.speakers[$0.speaker ?? -1].name } }

    /// `THE WITNESS:` after the last answer, with no other witness sworn after her, stayed `The Witness`: two
    /// speakers for one woman, and `speaker:Doe` missed what she said last.
    @Test func theWitnessAfterTheLastAnswerIsTheSwornWitness() {
        let d = read("JANE DOE, having been first duly sworn, testified as follows:\n\nEXAMINATION\nBY MR. KANE:\n"
            + "Q.  Where do you live?\nA.  In Dayton.\nQ.  For how long?\nA.  Ten years.\nTHE WITNESS: May I add something?\n"
            + "MR. KANE: Go ahead.\nTHE WITNESS: I moved there in 2014.\n")
        #expect(speakers(d) == ["Kane", "Jane Doe", "Kane", "Jane Doe", "Jane Doe", "Kane", "Jane Doe"])
        // With the next witness's oath after it, `THE WITNESS: I do.` may be that witness's.
        let next = read("JANE DOE, having been first duly sworn, testified as follows:\nBY MR. KANE:\nQ.  Where do you live?\n"
            + "A.  In Dayton.\nTHE CLERK: Raise your right hand.\nTHE WITNESS: I do.\n"
            + "ROBERT HALL, having been first duly sworn, testified as follows:\nBY MR. KANE:\nQ.  Your name?\nA.  Robert Hall.\n")
        #expect(speakers(next) == ["Kane", "Jane Doe", "The Clerk", "The Witness", "Kane", "Robert Hall"])
    }

    /// Counsel's one objection, indented between a question and its answer with no examination heading,
    /// was the question's words (`Did you read it first? MR. SMITH: Objection, form.`).
    @Test func anObjectionBetweenAQuestionAndItsAnswerIsCounsels() {
        let d = read("Q.  Did you sign the contract?\nA.  Yes.\nQ.  Did you read it first?\n      MR. SMITH: Objection, form.\n"
            + "A.  I read most of it.\n")
        #expect(speakers(d) == ["Q", "A", "Q", "Smith", "A"])
        #expect(d.utterances.map(\.text) == ["Did you sign the contract?", "Yes.", "Did you read it first?", "Objection, form.",
                                             "I read most of it."])
        // Under an answer, a line an answer quotes stays its words.
        let quoted = read("Q: How do I renew?\nA: Online or by mail.\n   DR. SMITH'S OFFICE: 555-0100\nQ: How long?\nA: Two weeks.\n")
        #expect(speakers(quoted) == ["Q", "A", "Q", "A"])
    }

    /// A list answering a question (`A. Pack.` / `B. Label.`) was read as a quiz's choices: the question's
    /// words. Where the document's other questions have answers, it is the answer, letters kept.
    @Test func aListAnsweringAQuestionIsTheAnswer() {
        let d = read("Moving day checklist\n\nQ: What do I need?\nA. Pack.\nB. Label.\n\nQ: When do I start?\nA: Two weeks before the move.\n")
        #expect(speakers(d) == ["Q", "A", "Q", "A"])
        #expect(d.utterances.map(\.text) == ["What do I need?", "A. Pack. B. Label.", "When do I start?", "Two weeks before the move."])
        #expect(d.doubtfulLabels.map(\.line) == [4] && d.doubtfulLabels.allSatisfy(\.taken))
        // Where no question has an answer, the letters are a quiz's choices, the question's.
        let quiz = read("Q: Which city is the capital of France?\nA. Paris\nB. London\n\nQ: And of Italy?\nA. Rome\nB. Madrid\n")
        #expect(speakers(quiz) == ["Q", "Q"])
        #expect(quiz.utterances.first?.text == "Which city is the capital of France? A. Paris B. London")
    }

    /// Otter's one-line form, copied from its screen (`Tom Reed 0:09 Hi Jane.`), was narrative.
    @Test func otterOnOneLineIsTurnsWithTheirTimes() {
        let d = read("Weekly sync\n\nTom Reed 0:09 Hi Jane, can you hear me?\nJane Smith 0:12 Yes, loud and clear.\n"
            + "Tom Reed 1:05 Good. Let's start.\nJane Smith 1:02:20 The budget is on track.\n")
        #expect(speakers(d) == ["Tom Reed", "Jane Smith", "Tom Reed", "Jane Smith"])
        #expect(d.utterances.map(\.text) == ["Hi Jane, can you hear me?", "Yes, loud and clear.", "Good. Let's start.", "The budget is on track."])
        #expect(d.turns.map(\.start) == [9, 12, 65, 3740])
        // Verses jump about: `John 3:16` after `Romans 8:28` is no turn, and every such line is listed.
        let verses = read("John 3:16 For God so loved the world.\nRomans 8:28 And we know that all things work.\n"
            + "John 3:17 For God sent not his Son.\nRomans 8:31 What shall we then say?\n")
        #expect(verses.turns.isEmpty)
        #expect(verses.doubtfulLabels.count == 4)
        // In prose, once, it stays words.
        let prose = read("Smith: We met at noon.\n\nJones: And then?\n\nSmith: The train to\nParis 10:30 was the plan.\n\nJones: I see.\n")
        #expect(speakers(prose) == ["Smith", "Jones", "Smith", "Jones"])
        #expect(prose.utterances.map(\.text).contains("The train to Paris 10:30 was the plan."))
    }

    /// A Word or pdftotext export: a form feed at each page break and the page's number beside it. The
    /// number was the words of the speaker whose turn ran over the page (`Agreed. 2`).
    @Test func aPageNumberAtAFormFeedIsPageFurniture() {
        let d = read("Meeting minutes\n\nJOHN: We open.\nMARY: Agreed.\n\u{0C}\n2\n\nJOHN: Next item.\nMARY: Done.\n\n- 3 -\n\u{0C}JOHN: And we\n"
            + "close.\n\u{0C}Page 4 of 4\nMARY: Closed.\n")
        #expect(speakers(d) == ["John", "Mary", "John", "Mary", "John", "Mary"])
        #expect(d.utterances.map(\.text) == ["We open.", "Agreed.", "Next item.", "Done.", "And we close.", "Closed."])
        #expect(d.unplacedLines.map(\.line) == [6, 11, 14])
        #expect(d.unplacedLines.map(\.text) == ["2", "- 3 -", "Page 4 of 4"])
        // Without a form feed a number alone is words: `MARY: How many?` / `2`.
        let plain = read("JOHN: How many?\n2\n\nMARY: Two.\n\nJOHN: Good.\n\nMARY: Yes.\n")
        #expect(plain.utterances.first?.text == "How many? 2")
        // A line of a million form feeds is read, its page number beside it.
        let feeds = read("JOHN: Hi.\n" + String(repeating: "\u{0C}", count: 1_000_000) + "7\nMARY: Yes.\n\nJOHN: Ok.\n\nMARY: No.\n")
        #expect(feeds.utterances.map(\.text) == ["Hi.", "Yes.", "Ok.", "No."])
        #expect(feeds.unplacedLines.map(\.text) == ["7"])
        // Hansard's column number on a line of its own is no member's words.
        let column = read("Mr Speaker: Order.\n\nColumn 302\n\nMr Speaker: Order, order.\n")
        #expect(column.utterances.map(\.text) == ["Order.", "Order, order."])
        #expect(column.unplacedLines.map(\.text) == ["Column 302"])
        // A sentence that runs over the page break runs on, one utterance, with or without a page number.
        for pageBreak in ["\u{0C}2", "\u{0C}", "Column 302"] {
            let over = read("MARY: We agreed that the plan\n\(pageBreak)\nwould go ahead.\n\nJOHN: Fine.\n\nMARY: Yes.\n\nJOHN: Good.\n")
            #expect(over.utterances.first?.text == "We agreed that the plan would go ahead.", "\(pageBreak)")
        }
    }

    /// A UK Hansard debate: `Column 301` was the words of the member speaking over it; `The Prime Minister:`
    /// was a speaker apart from `The Prime Minister (Mr David Cameron):`; the weekday on the line under
    /// `House of Commons` was part of the place.
    @Test func aHansardDebate() throws {
        let d = read("""
            House of Commons
            Wednesday 12 March 2014

            Prime Minister

            The Prime Minister (Mr David Cameron): This morning I had meetings with ministerial colleagues.

            Ed Miliband (Doncaster North) (Lab): Will the Prime Minister explain the cost of living?

            The Prime Minister: The right hon. Gentleman is wrong.

            Hon. Members: Hear, hear.

            Mr Speaker: Order. Order.

            Ed Miliband: He does not answer.

            12 Mar 2014 : Column 301

            Mr Speaker: Order.

            Column 302

            The Prime Minister: I have answered.
            """)
        #expect(speakers(d) == ["David Cameron", "Ed Miliband", "David Cameron", "Members", "Speaker", "Ed Miliband", "Speaker", "David Cameron"])
        #expect(!d.utterances.contains { $0.text.contains("Column") })
        #expect(d.unplacedLines.map(\.line) == [18, 22])
        #expect(d.place == "House of Commons")
        #expect(d.date?.description == "2014-03-12")
        let office = try #require(d.doubtfulLabels.first { $0.line == 10 })
        #expect(office.taken && office.reason.contains("David Cameron"))
        // Two people in the chair: the office alone stays the office.
        let chair = read("The Deputy Speaker (Mr Lindsay Hoyle): Order.\n\nMr Jones: I rise.\n\n"
            + "The Deputy Speaker (Dame Eleanor Laing): Order.\n\nThe Deputy Speaker: Order!\n\nMr Jones: I rise again.\n\nThe Deputy Speaker: Order.\n")
        #expect(speakers(chair).filter { $0.hasSuffix("Speaker") }.count == 2)
        #expect(!speakers(chair).dropFirst(3).contains("Eleanor Laing"))
        #expect(chair.doubtfulLabels.contains { $0.line == 7 && $0.reason.contains("2 people") })
    }

    /// An oral history whose header names the interviewer, who speaks under her initials and once under
    /// her role: `SP` and `Interviewer` were two speakers.
    @Test func anOralHistorysInterviewerIsTheOneTheHeaderNames() {
        let d = read("""
            Oral history of Harold Briggs
            Interviewer: Susan Park
            Date: 11 November 2004

            SP: Where were you born?

            HB: In Leeds, in 1921.

            SP: And your father?

            HB: He worked at the mill.
            His brother did too.

            Interviewer: Thank you.
            """)
        #expect(speakers(d) == ["Susan Park", "HB", "Susan Park", "HB", "Susan Park"])
        #expect(d.metadata("interviewer") == "Susan Park")
        #expect(d.doubtfulLabels.filter(\.taken).map(\.line) == [5, 14, 14])
    }

    /// A GPO hearing: what a bracketed note says follows (`[The information referred to follows:]`) was put
    /// in the record later, yet was the witness's speech; a White House briefing's closing `END  1:45 P.M.
    /// EDT` was the press secretary's words.
    @Test func whatWasPutInTheRecordAndABriefingsEndAreNoOnesWords() {
        let hearing = read("""
                Senator JONES. The hearing will come to order.
                Mr. SMITH. Thank you, Senator.
                Senator BROWN. And the cost?
                Mr. SMITH. I will have to get back to you.
                [The information referred to follows:]

                The program cost $4.2 million in fiscal year 2020.

                Senator JONES. Thank you. We are adjourned.
                [Whereupon, at 11:42 a.m., the hearing was adjourned.]
            """)
        #expect(speakers(hearing) == ["Jones", "Smith", "Brown", "Smith", "Jones"])
        #expect(hearing.utterances.map(\.kind) == [.speech, .speech, .speech, .speech, .direction, .narrative, .speech, .direction])
        #expect(hearing.utterances[5].speaker == nil && hearing.utterances[5].text.hasPrefix("The program cost"))
        let briefing = read("MS. PSAKI:  Good afternoon.\n\nQ    Thank you, Jen.\n\nMS. PSAKI:  Sure.\n\nQ    Thank you.\n\n"
            + "MS. PSAKI:  Thanks, everyone.\n\n                         END                1:45 P.M. EDT\n")
        #expect(speakers(briefing) == ["Psaki", "Q", "Psaki", "Q", "Psaki"])
        #expect(briefing.utterances.last?.kind == .narrative)
        #expect(briefing.utterances.last?.text == "END 1:45 P.M. EDT")
    }

    /// A transcription service writes the turn's time after each label (`Jane Smith: [00:00:04] Happy to be
    /// here.`): a guest who spoke once had her words read as the host's, the line listed as doubtful only.
    /// The time confirms the label, as an elapsed-time line above it does.
    @Test func aTimeAfterALabelConfirmsIt() {
        let d = read("Tom Reed: [00:00:01] Thanks for coming in.\n\nJane Smith: [00:00:04] Happy to be here. We met at\n"
            + "10:30 that morning.\n\nTom Reed: [00:00:09] Good.\n")
        #expect(speakers(d) == ["Tom Reed", "Jane Smith", "Tom Reed"])
        #expect(d.utterances.map(\.text) == ["Thanks for coming in.", "Happy to be here. We met at 10:30 that morning.", "Good."])
        #expect(d.turns.map(\.start) == [1, 4, 9])
        // A time of day in prose after a name is no such time: `Kim: 10:30 is when we met.` once stays unconfirmed.
        let prose = read("Tom Reed: Hello.\n\nTom Reed: Again.\n\nKim: 10:30 is when we met.\n")
        #expect(speakers(prose) == ["Tom Reed", "Tom Reed"])
    }

    /// Hansard's `Some hon. Members: Shame!` was no label, so the Prime Minister said "Some hon. Members:
    /// Shame!", and no line of `--check` said so; `Hon. Members:` was a speaker like any member.
    @Test func membersSpeakingTogetherAreAGroupListedAsSuch() {
        let d = read("Mr Speaker: Order.\n\nThe Prime Minister (Mr David Cameron): We cut the deficit.\n\nSome hon. Members: Shame!\n\n"
            + "The Prime Minister: We did.\n\nHon. Members: Hear, hear.\n\nMr Speaker: Order.\n")
        #expect(speakers(d) == ["Speaker", "David Cameron", "Members", "David Cameron", "Members", "Speaker"])
        #expect(d.utterances.map(\.text) == ["Order.", "We cut the deficit.", "Shame!", "We did.", "Hear, hear.", "Order."])
        #expect(d.doubtfulLabels.contains { $0.line == 5 && $0.taken && $0.reason.hasPrefix("a group speaking together") })
    }
}
