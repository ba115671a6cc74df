import Testing
@testable import TranscriptFormats
import TranscriptModel

/// The rules of archival text on small fixtures, one rule each.
@Suite struct ArchivalTextRulesTests {
    func read(_ text: String, format: TranscriptFormat = .text, id: String = "fixture") -> Document {
        ArchivalTextReader(format: format).read(DecodedText(bytes: Array(text.utf8), warnings: []), id: id, path: id)
    }

    func speakers(_ d: Document) -> [String] { d.turns.map { d.speakers[$0.speaker ?? -1].name } }

    @Test func headerFieldLinesAreMetadataNotSpeakers() {
        let d = read("""
            PLACE: Cabinet Room, the White House
            DATE & TIME: May 16, 1960, 11 a.m.

            THE PRESIDENT: Good morning.

            Mr. HERTER: Good morning, sir.
            """)
        #expect(speakers(d) == ["The President", "Herter"])
        #expect(d.place == "Cabinet Room, the White House")
        #expect(d.metadata("date & time") == "May 16, 1960, 11 a.m.")
        #expect(d.date?.description == "1960-05-16")
    }

    /// `Title:` and `Date:` once each above the turns are fields, even where `Name:` is the labels' shape:
    /// taken by shape, they were two speakers with one turn each.
    @Test func titleCaseHeaderFieldsAreNotSpeakersByShape() {
        let d = read("""
            Title: Oral history of the mill
            Date: 1999-03-02

            Interviewer: Tell me about the mill.

            Smith: I started there in 1951.

            Interviewer: What did you do?

            Smith: I swept floors.

            Source: a foreman, who was there.
            """)
        // Past the first turn, the established shape decides as it does for any name.
        #expect(speakers(d) == ["Interviewer", "Smith", "Interviewer", "Smith", "Source"])
        #expect(d.metadata("title") == "Oral history of the mill")
        #expect(d.date?.description == "1999-03-02")
        #expect(d.doubtfulLabels.map(\.line) == [1, 2, 12])
        #expect(d.doubtfulLabels.map(\.taken) == [false, false, true])
    }

    /// An oral history's header block names the interviewee and the interviewer, who then speak under the
    /// same labels: its lines are fields, not two turns and two speakers `Date` and `Place`.
    @Test func aHeaderBlockOfFieldsIsMetadata() {
        let d = read("""
            Veterans Oral History Collection
            Interviewee: Harold Briggs
            Interviewer: Susan Park
            Date: 11 November 2004
            Place: Dayton, Ohio

            Interviewer: Where did you serve?

            Interviewee: Korea, with the 7th Infantry Division.

            Interviewer: What do you remember?
            """)
        // The roles are the people the header names, listed at their first turns.
        #expect(speakers(d) == ["Susan Park", "Harold Briggs", "Susan Park"])
        #expect(d.metadata("interviewee") == "Harold Briggs")
        #expect(d.metadata("interviewer") == "Susan Park")
        #expect(d.date?.description == "2004-11-11")
        #expect(d.place == "Dayton, Ohio")
        #expect(d.title == "Veterans Oral History Collection")
        // `Interviewee:` once below is taken: the header names it.
        #expect(d.doubtfulLabels.map(\.line) == [2, 3, 4, 5, 7, 9, 9])
        #expect(d.doubtfulLabels.map(\.taken) == [false, false, false, false, true, true, true])
        // The turns may follow the fields without a blank line: the fields end at the first line of speech.
        let close = read("Title: Oral history of the mill\nDate: 1999-03-02\nInterviewer: Tell me about the mill.\nSmith: It was loud.\nInterviewer: How long?\nSmith: Ten years.\n")
        #expect(speakers(close) == ["Interviewer", "Smith", "Interviewer", "Smith"])
        #expect(close.title == "Oral history of the mill")
        // Turns one after another with no blank line between them are no header of fields.
        let turns = read("Smith: We met on Monday.\nJones: Date: unknown.\nSmith: Then we left.\n\nJones: Fine.\n")
        #expect(speakers(turns) == ["Smith", "Jones", "Smith", "Jones"])
    }

    /// A label not taken whose words are speech stays text: as a header field it was shown in `.docs` and
    /// found by no query.
    @Test func aHeaderLineOfSpeechIsTextNotAField() {
        let d = read("""
            Interview with the Ambassador

            Interviewer: Welcome to the program. Tell me about your posting in Moscow.

            Mr. Smith: Thank you. It was a difficult year.

            Mr. Jones: Indeed it was.
            """)
        #expect(d.metadata("interviewer") == nil)
        #expect(d.utterances.first?.text == "Interviewer: Welcome to the program. Tell me about your posting in Moscow.")
        #expect(d.utterances.first?.kind == .narrative)
        #expect(speakers(d) == ["Smith", "Jones"])
        #expect(DocumentBuilder.readsAsSpeech("Cabinet Room, the White House") == false)
        #expect(DocumentBuilder.readsAsSpeech("Archive of the U.S. Embassy, Moscow") == false)
    }

    @Test func labelWithAddressee() {
        let d = read("Dr. Kissinger (to General Haig): Bring the map.\n\nGeneral Haig: Yes.\n")
        #expect(speakers(d) == ["Kissinger", "Haig"])
        #expect(d.turns[0].addressee == "General Haig")
        #expect(d.turns[0].label == "Dr. Kissinger (to General Haig)")
        #expect(d.speakers[1].titles == ["General"])
    }

    @Test func untitledLabelsNeedConfirmation() {
        // `Note:` opens one paragraph only: text, not a speaker. `Smith:` opens two: a speaker.
        let d = read("Smith: One.\n\nNote: This was typed later.\n\nSmith: Two.\n")
        #expect(speakers(d) == ["Smith", "Smith"])
        #expect(d.utterances.map(\.text) == ["One.", "Note: This was typed later.", "Two."])
        // Whose words they are the document does not say: narrative, not Smith's.
        #expect(d.utterances.map(\.kind) == [.speech, .narrative, .speech])
        #expect(d.doubtfulLabels.map(\.taken) == [false])
        // A point of the speech, going on in lower case, stays the speaker's.
        let points = read("Ms. Ortiz: I have two points.\n\nSecond: the schedule is too short.\n\nMr. Hale: Go on.\n")
        #expect(points.utterances.map(\.kind) == [.speech, .speech, .speech])
        // A line of a paragraph is that paragraph's, label-like or not.
        let wrapped = read("Smith: One,\nNote: this was typed later.\n\nSmith: Two.\n")
        #expect(wrapped.utterances.map(\.text) == ["One, Note: this was typed later.", "Two."])
    }

    /// The Congressional Record's `Mr. GRAVES of Louisiana.` and `Mr. GRAVES of Missouri.` are two members:
    /// they were no labels, and their words went to the member before.
    @Test func membersOfOneSurnameAreToldApartByState() {
        let d = read("""
            Mr. DeFAZIO. The committee will come to order.

            Mr. GRAVES of Louisiana. Thank you, Mr. Chairman.

            Ms. NORTON. The District has lead pipes.

            Mr. GRAVES of Missouri. Will the gentlelady yield?

            Ms. NORTON. I yield.

            Mr. GRAVES of New Mexico. And of course. So do I.
            """)
        #expect(speakers(d) == ["DeFAZIO", "Graves of Louisiana", "Norton", "Graves of Missouri", "Norton", "Graves of New Mexico"])
        #expect(d.utterances.last?.text == "And of course. So do I.")
        #expect(SpeakerLabel.parsePeriodForm(ArraySlice("Mr. Smith of course. He left.".utf8)) == nil)
    }

    /// The period form's label ends in a word that starts with a capital, in ASCII or not, before a space
    /// or the end of the line; a sentence that opens with a title's first word and ends in a word in lower
    /// case is no label.
    @Test func aPeriodLabelEndsInACapitalisedWord() {
        let cases: [(String, String?)] = [
            ("Mr. ÁDÁM. Köszönöm.", "Mr. ÁDÁM"), ("Chairwoman Velázquez.", "Chairwoman Velázquez"), ("Comrade Érdi.", "Comrade Érdi"),
            ("Mr. GRAVES of Louisiana. Yes.", "Mr. GRAVES of Louisiana"), ("The Chairman said so.", nil),
            ("The party newspaper reported this. It was wrong.", nil), ("Comrade Malenkov is exaggerated; it.", nil),
        ]
        for (line, written) in cases {
            #expect(SpeakerLabel.parsePeriodForm(ArraySlice(line.utf8))?.written == written, "\(line)")
        }
    }

    /// A line that opens as a label does (titles, then a capitalised name) but does not parse as one is
    /// doubtful, whatever spaces come first; one that opens with no title is not.
    @Test func aLineOpeningLikeALabelIsDoubtful() {
        let cut = "a label cut off: its parenthesis is not closed"
        let between = "titles, a name and qualifiers, but words between them and the colon"
        let cases: [(String, String?)] = [
            ("Mr. Rick Limoges (Windsor-St.", cut), ("\t  The Chairman Smith (acting", cut), ("\u{A0}Mr. Smith (Ohio", cut),
            ("Dr. Ángel Díaz (Cádiz", cut), ("Mr. Smith (Ohio) said so: yes", between),
            ("Hello (there", nil), ("Army (units of the", nil), ("Mr. Smith said so.", nil), ("mr. smith (ohio", nil),
        ]
        for (line, reason) in cases {
            #expect(SpeakerLabel.labelLike(ArraySlice(line.utf8)) == reason, "\(line)")
        }
    }

    /// A Markdown heading above the turns is the title without its `#`: `cite` gave `"# Interview ...,"`.
    @Test func aMarkdownHeadingIsATitleWithoutItsMarks() {
        let d = read("# Interview with Dr. Ada Park\n\nInterviewer: Why astronomy?\n\nAda Park: A telescope.\n\nInterviewer: Yes?\n\nAda Park: Yes.\n",
                     format: .markdown)
        #expect(d.title == "Interview with Dr. Ada Park")
    }

    /// A deposition's `BY MR. SMITH:` was a speaker, `BY MR. Smith`, and `EXAMINATION` the witness's words;
    /// the questions it heads were no one's but `Q`'s.
    @Test func aDepositionsExaminationHeadingsAreNoSpeech() {
        let d = read("""
            Q. Please state your name.
            A. Robert Hall.
            MS. JONES: Objection.
            MR. SMITH: I'll rephrase.
            BY MR. SMITH:
            Q. Did you see the truck?
            A. Yes, I did.

            CROSS-EXAMINATION
            BY MS. JONES:
            Q. Were you wearing your glasses?
            A. No.
            """)
        // The questions after `BY MR. SMITH:` are Smith's, after `BY MS. JONES:` Jones's; the first, before
        // any, stays `Q`.
        #expect(speakers(d) == ["Q", "A", "Jones", "Smith", "Smith", "A", "Jones", "A"])
        #expect(d.utterances.filter { $0.kind == .narrative }.map(\.text) == ["BY MR. SMITH:", "CROSS-EXAMINATION", "BY MS. JONES:"])
        #expect(d.speakers.first { $0.name == "Smith" }?.labels == ["MR. SMITH", "Q"])
        // The examiner's questions join his own label's name as any label does: `BY MR. JOHN SMITH:` and
        // `MR. SMITH:` are one man; Mr. and Ms. Smith, two.
        let joined = read("MR. SMITH: On the record.\n\nBY MR. JOHN SMITH:\n\nQ  Please state your name.\n\nA  Jane Roe.\n\nQ  Where?\n\nA  Leeds.\n")
        #expect(speakers(joined) == ["John Smith", "John Smith", "A", "John Smith", "A"])
        let two = read("MR. SMITH: On the record.\n\nMS. SMITH: Ready.\n\nBY MR. SMITH:\n\nQ. Your name?\n\nA. Jane Roe.\n\n"
            + "BY MS. SMITH:\n\nQ. Anything to add?\n\nA. No.\n\nMS. SMITH: Nothing further.\n")
        #expect(speakers(two) == ["MR. Smith", "MS. Smith", "MR. Smith", "A", "MS. Smith", "A", "MS. Smith"])
        // The examiner named on the examination's own line.
        let oneLine = read("MR. SMITH: On the record.\n\nEXAMINATION BY MR. SMITH:\n\nQ. Your name?\n\nA. Jane Roe.\n\n"
            + "CROSS-EXAMINATION BY MS. BROWN:\n\nQ. Where?\n\nA. Leeds.\n\nMS. BROWN: Nothing further.\n")
        #expect(speakers(oneLine) == ["Smith", "Smith", "A", "Brown", "A", "Brown"])
    }

    /// The line that swears a witness in was the words of the speaker above it, and her answers `A`'s (and
    /// `THE WITNESS`'s); a
    /// heading in mixed case (`By Mr. Smith:`), the court's (`BY THE COURT:`) and a further examination's
    /// were the words of the answer above them, and the questions after them `Q`'s.
    @Test func aSwornWitnessAnswersAndEveryExaminerAsks() throws {
        let d = read("""
            MR. SMITH: We are on the record.

            MS. BROWN: Ready.

            JANE DOE, having been first duly sworn, was examined and testified as follows:

            DIRECT EXAMINATION
            By Mr. Smith:
            Q. Please state your name for the record.
            A. Jane Doe.
            Q. Where were you?
            MS. BROWN: Objection.
            THE WITNESS: At home.

            CROSS-EXAMINATION
            By Ms. Brown:
            Q. How long have you lived there?
            A. Ten years.

            BY THE COURT:
            Q. Were you at home that night?
            A. Yes.

            FURTHER EXAMINATION BY MR. SMITH:
            Q. Anything else?
            A. No.

            WHEREUPON,
            ROBERT HALL,
            called as a witness, having been duly sworn, testified as follows:
            BY MR. SMITH:
            Q. Your name?
            A. Robert Hall.
            """)
        #expect(speakers(d) == ["Smith", "Brown", "Smith", "Jane Doe", "Smith", "Brown", "Jane Doe", "Brown", "Jane Doe",
                                "The Court", "Jane Doe", "Smith", "Jane Doe", "Smith", "Robert Hall"])
        // Each heading is narrative: no one's words, none lost; an oath's lines are one.
        let narrative = d.utterances.filter { $0.kind == .narrative }.map(\.text)
        #expect(narrative == ["JANE DOE, having been first duly sworn, was examined and testified as follows:", "DIRECT EXAMINATION",
                              "By Mr. Smith:", "CROSS-EXAMINATION", "By Ms. Brown:", "BY THE COURT:", "FURTHER EXAMINATION BY MR. SMITH:",
                              "WHEREUPON, ROBERT HALL, called as a witness, having been duly sworn, testified as follows:", "BY MR. SMITH:"])
        // The answers are written `A`, so `label:A` still finds them; the swearing-in is listed.
        let jane = try #require(d.speakers.first { $0.name == "Jane Doe" })
        #expect(jane.labels == ["A", "THE WITNESS"])
        #expect(d.doubtfulLabels.map(\.line) == [5, 29])
        #expect(d.doubtfulLabels.allSatisfy { !$0.taken && $0.reason.hasPrefix("a witness sworn") })
        // A heading in capitals that ends in the oath swears the witness in too.
        let heading = read("THE COURT: Call your witness.\n\nJAMES REED, PEOPLE'S WITNESS, SWORN\n\nBY MS. BROWN:\n\nQ. Your job?\n\nA. Detective.\n")
        #expect(speakers(heading) == ["The Court", "Brown", "James Reed"])
        // A sentence about an oath in an answer swears no one in.
        let prose = read("Q. Were you sworn?\n\nA. Yes, I was sworn, and I testified.\n\nQ. When?\n\nA. In May.\n")
        #expect(speakers(prose) == ["Q", "A", "Q", "A"])
    }

    /// A court reporter wraps the oath and writes no blank lines: the oath was the examiner's words and the
    /// answers `A`'s. Resumed examinations kept the examiner before; headings before the first turn became
    /// a title and an empty field; an oath told of in an answer swore a new witness in.
    @Test func depositionsAsReportersWriteThem() throws {
        let d = read("""
            DEPOSITION OF THOMAS KELLY
            MR. SMITH: We are on the record.
            THOMAS KELLY, having been first duly sworn, was
            examined and testified as follows:
            EXAMINATION
            BY MR. SMITH:
            Q. Did anyone else testify?
            A. Yes. Mr. Jones, having been duly sworn, testified that he saw me.
            Q. And then?
            A. Nothing.
            EXAMINATION (Resumed)
            BY MS. BROWN, resuming:
            Q. Where were you?
            A. Home.
            Examination by Mr. Smith:
            Q. Sure?
            A. Yes.
            EXAMINATION BY MR. ALVAREZ
            Q. Hello.
            A. Hi.
            """)
        #expect(speakers(d) == ["Smith", "Smith", "Thomas Kelly", "Smith", "Thomas Kelly", "Brown", "Thomas Kelly", "Smith", "Thomas Kelly",
                                "Alvarez", "Thomas Kelly"])
        let narrative = d.utterances.filter { $0.kind == .narrative }.map(\.text)
        #expect(narrative == ["THOMAS KELLY, having been first duly sworn, was examined and testified as follows:", "EXAMINATION",
                              "BY MR. SMITH:", "EXAMINATION (Resumed)", "BY MS. BROWN, resuming:", "Examination by Mr. Smith:",
                              "EXAMINATION BY MR. ALVAREZ"])
        #expect(d.title == "DEPOSITION OF THOMAS KELLY" && d.metadata.isEmpty)
        #expect(d.utterances.contains { $0.text == "Yes. Mr. Jones, having been duly sworn, testified that he saw me." })
        // The examiners' headings as the first lines: no title, no field.
        let first = read("EXAMINATION\nBY MR. SMITH:\nQ. Your name?\nA. Jane Roe.\nQ. Where?\nA. Leeds.\n")
        #expect(first.title == nil && first.metadata.isEmpty)
        #expect(speakers(first) == ["Smith", "A", "Smith", "A"])
    }

    /// What only looks like a question and its answer: an advice column's byline was the examiner of its
    /// readers' questions, a quiz's choices and a memo's options were answers, an initial was an answer and
    /// lost its letter, and a script an answer quotes, indented, was its characters' turns.
    @Test func whatOnlyLooksLikeQuestionsAndAnswers() {
        let column = read("ASK THE DOCTOR\nBY DR. KEITH ROACH\n\nQ: I am 67. Is a statin necessary?\nA: It depends.\n\n"
            + "Q: My husband snores.\nA: He should see someone.\n")
        #expect(speakers(column) == ["Q", "A", "Q", "A"])
        let quiz = read("Geography Quiz\n\nQ. Which city is the capital of France?\nA. Paris\nB. London\nC. Rome\n")
        #expect(quiz.turns.isEmpty)
        let memo = read("MEMORANDUM\n\nA. Keep the current permits.\n\nB. Move to daily passes.\n\nQ. Will visitors still park free?\n\nYes.\n")
        #expect(memo.turns.isEmpty)
        let faq = read("Q: Who signed the act?\nA: It was signed in 1862.\nA. Lincoln signed it.\n\nQ: What do I need?\nA: You will need:\n"
            + "A. Proof of address\nB. A photo ID\n")
        #expect(speakers(faq) == ["Q", "A", "Q", "A"])
        #expect(faq.utterances.map(\.text).contains("It was signed in 1862. A. Lincoln signed it."))
        let script = read("Q: Which scene was hardest?\nA: The proposal. In the script it reads:\n    Mr. Darcy: In vain I have struggled.\n"
            + "    Elizabeth: I might as well inquire why.\n    Mr. Darcy: I have fought against judgment.\nWe shot it in the rain.\n\nQ: Thanks.\n")
        #expect(speakers(script) == ["Q", "A", "Q"])
        // Indented in capitals under an answer, once: the answer's words, not a deposition's colloquy.
        let office = read("Q: How do I renew?\nA: Online or by mail.\n   DR. SMITH'S OFFICE: 555-0100\n   LADY BRACKNELL: A handbag?\nQ: How long?\nA: Two weeks.\n")
        #expect(speakers(office) == ["Q", "A", "Q", "A"])
        // `Q:` questions with `A.` answers throughout are an interview.
        let mixed = read("Q: Where were you born?\nA. In Leeds.\n\nQ: When did you move?\nA. In 1960.\n")
        #expect(speakers(mixed) == ["Q", "A", "Q", "A"])
        // A walking tour: `Q Street` twice, and `A New England church` right after one of them.
        let tour = read("Walking Tour\n\nQ Street runs east to west.\n\nQ Street Bridge is guarded by bison.\nA New England church stands there.\n\n"
            + "A Brief History\n\nThe circle was laid out in 1871.\n")
        #expect(tour.turns.isEmpty)
        // An advice column's byline, with its colon, before any label.
        let byline = read("ASK THE VET\nBy Dr. Jane Roe:\n\nQ: My cat sneezes.\nA: Not unless it lasts.\n\nQ: Grapes?\nA: No.\n")
        #expect(speakers(byline) == ["Q", "A", "Q", "A"])
    }

    /// Depositions as pdftotext gives them and as courts in other states write them: `Q` with one space was
    /// no label, so every question went to whoever spoke before; an oath whose name line goes on before
    /// `sworn`, or that runs five lines, swore no one in; Texas's `Q. (BY MS. BROWN)` kept the examiner before;
    /// `ATTORNEY SMITH:` was no label; `THE WITNESS: I do.` as the next witness is sworn was the last one's.
    @Test func depositionsAsPdftotextAndOtherCourtsWriteThem() {
        let d = read("""
            ROBERT HALL, the witness herein, having been first
            duly sworn, was examined and testified as follows:
            BY ATTORNEY SMITH:
            Q Where do you work?
            A At the bank.
            Q Since when?
            ATTORNEY JONES: Objection.
            A Since 2001.
            Q. (BY ATTORNEY JONES) One question, sir.
            A Yes.
            THE WITNESS: May I go?
            THE COURT: You may. Call your next witness.
            THE CLERK: Do you swear to tell the truth?
            THE WITNESS: I do.
            WHEREUPON,
            MARIA LOPEZ,
            a witness herein, called by the Plaintiff, having
            been first duly sworn by the Certified Shorthand
            Reporter to tell the truth, the whole truth and
            nothing but the truth, was examined and testified
            as follows:
            BY ATTORNEY SMITH:
            Q Your name?
            A Maria Lopez.
            """)
        // `THE WITNESS: May I go?` before the court calls the next witness is Hall's; `I do.` after the call is not.
        #expect(speakers(d) == ["Smith", "Robert Hall", "Smith", "Jones", "Robert Hall", "Jones", "Robert Hall", "Robert Hall",
                                "The Court", "The Clerk", "The Witness", "Smith", "Maria Lopez"])
        // Each oath is one narrative utterance, its wrapped lines joined (so `"duly sworn"` finds Hall's), and
        // each `BY` heading another.
        #expect(d.utterances.filter { $0.kind == .narrative }.map(\.text) == [
            "ROBERT HALL, the witness herein, having been first duly sworn, was examined and testified as follows:",
            "BY ATTORNEY SMITH:",
            "WHEREUPON, MARIA LOPEZ, a witness herein, called by the Plaintiff, having been first duly sworn by the Certified "
                + "Shorthand Reporter to tell the truth, the whole truth and nothing but the truth, was examined and testified as follows:",
            "BY ATTORNEY SMITH:",
        ])
        // Wrapped at a hyphen, the oath's word is one again, as in a paragraph.
        let hyphen = read("JANE DOE, having been first duly sworn, testi-\nfied as follows:\n\nEXAMINATION\n\nBY MR. SMITH:\n\n"
                          + "Q. Where do you work?\n\nA. At the mill.\n")
        #expect(hyphen.utterances.first?.text == "JANE DOE, having been first duly sworn, testi-fied as follows:")
        #expect(speakers(hyphen) == ["Smith", "Jane Doe"])
        // A press briefing copied from a web page: `Q Thanks, Jen.` with one space; `A couple of things`
        // after the press secretary's label is her speech.
        let briefing = read("MS. PSAKI: Good afternoon. A couple of things.\nA second thing: the bill.\n\nQ Thanks, Jen. On Ukraine?\n\n"
            + "MS. PSAKI: We've been clear.\n\nQ And inflation?\n\nMS. PSAKI: Sure.\n")
        #expect(speakers(briefing) == ["Psaki", "Q", "Psaki", "Q", "Psaki"])
        #expect(briefing.utterances.first?.text == "Good afternoon. A couple of things. A second thing: the bill.")
        // A question that breaks in on a line broken off is the reporter's.
        let broken = read("MS. PSAKI: We have a lot to cover today, and\nI think --\nQ But is he --\nMS. PSAKI: Let me finish.\n"
            + "Q Sure.\nMS. PSAKI: Thank you.\n")
        #expect(speakers(broken) == ["Psaki", "Q", "Psaki", "Q", "Psaki"])
        #expect(broken.utterances.first?.text == "We have a lot to cover today, and I think --")
        // Once, `Q Street` is no question.
        let once = read("MS. PSAKI: The motorcade.\n\nQ Street is closed today.\n\nMS. PSAKI: Yes.\n")
        #expect(speakers(once) == ["Psaki", "Psaki"])
    }

    /// What a fifth review found: a counsel's one objection in a deposition was the question's words; a
    /// question wrapped over two lines hid every answer; `Q Street` at a line's start in a member's speech
    /// was a question; `SMITH (D)` was a speaker named `D`; `Direct Examination` in title case was no heading;
    /// an FAQ that quotes an oath credited its later answers to the witness it names.
    @Test func whatAFifthReviewFound() {
        let objection = read("BY MS. BROWN:\nQ. Did you sign the contract?\nA. Yes.\nQ. Did you read it first?\n"
            + "     MR. KANE:  Objection. Form.\nA. I read most of it.\n")
        #expect(speakers(objection) == ["Brown", "A", "Brown", "Kane", "A"])
        let wrapped = read("Q Mr. Smith, directing your attention to June 4, 2019,\nwhere were you employed?\nA I was at the Acme plant in\n"
            + "Springfield.\nQ And who was your supervisor during that\nperiod of time?\nA Robert Hall.\nQ Until when?\nA August.\n")
        #expect(speakers(wrapped) == ["Q", "A", "Q", "A", "Q", "A"])
        // A meeting's notes: `Q Street residents ...` / `A Parking study ...` twice is no one's question.
        let notes = read("Notes\n\nQ Street residents asked about parking.\nA Parking study will begin in March.\n\n"
            + "Q Street merchants asked about the sidewalk.\nA Contractor has been hired.\n\nThe meeting ended at nine.\n")
        #expect(notes.turns.isEmpty)
        let council = read("COUNCILMEMBER ALLEN: The residents near 14th and\nQ Street have complained. The crossing at 16th and\n"
            + "Q Street is worse.\n\nCHAIRMAN MENDELSON: Thank you.\n")
        #expect(speakers(council) == ["Allen", "Mendelson"])
        let parties = read("SMITH (D): I yield.\n\nJONES (R): I object.\n\nSMITH (D): Again.\n\nJONES (R): No.\n\nBROWN (V.O.): Later.\n")
        #expect(speakers(parties) == ["Smith", "Jones", "Smith", "Jones", "Brown"])
        let titleCase = read("Direct Examination\n\nBy Ms. Brown:\nQ. Did you sign it?\nA. Yes.\n")
        #expect(speakers(titleCase) == ["Brown", "A"])
        let faq = read("Q: What does a transcript look like?\nA: It opens with a line like this one:\n\n"
            + "JANE DOE, having been first duly sworn, was examined and testified as follows:\n\nAfter that come the questions.\n\n"
            + "Q: Can I bring notes?\nA: Ask your attorney.\n")
        #expect(speakers(faq) == ["Q", "A", "Q", "A"])
    }

    /// What a sixth review found: after a witness was excused and the next called and sworn unnamed, the
    /// answers were the first witness's; `CANDIDATE (Lee)` and `CANDIDATE (Kim)` were one `Candidate`; a cue
    /// after a label taken on its shape was that speaker's words; the first question under a heading
    /// without a full stop was narrative; `THE WITNESS, having been duly sworn, ...` was a label with no words.
    @Test func whatASixthReviewFound() {
        let next = read("JOHN SMITH, having been duly sworn, testified as follows:\nBY MR. KANE:\nQ. Where do you work?\nA. Acme.\n"
            + "THE COURT: The witness is excused.\nMR. KANE: The People call Mary Roe.\n(Witness sworn.)\nBY MR. KANE:\n"
            + "Q. Where do you work?\nA. Beta Corp.\nQ. Since when?\nMR. KANE: I call your attention to Exhibit 5.\nA. Since May.\n")
        #expect(speakers(next) == ["Kane", "John Smith", "The Court", "Kane", "Kane", "A", "Kane", "Kane", "A"])
        let short = read("MODERATOR (Kim): Welcome.\n\nCANDIDATE (Lee): Thank you.\n\nCANDIDATE (Ortiz): Glad to be here.\n\n"
            + "MODERATOR (Kim): First question.\n\nCANDIDATE (Lee): Build more.\n\nEVANS (Lib Dem): Give way?\n\nEVANS (Lib Dem): Please.\n")
        #expect(speakers(short) == ["Kim", "Lee", "Ortiz", "Kim", "Lee", "Evans", "Evans"])
        let radio = read("ANNOUNCER: From Studio B, it's The Night Desk.\n\nMUSIC: Theme up, then under.\n\nJOHN: Where were you?\n\n"
            + "SOUND: A door closes.\n\nMARY: Out.\n\nSOUND: Rain.\n\nJOHN: Out where?\n\nMUSIC: Sting.\n")
        #expect(radio.utterances.filter { $0.kind == .narrative }.map(\.text)
                == ["MUSIC: Theme up, then under.", "SOUND: A door closes.", "SOUND: Rain.", "MUSIC: Sting."])
        #expect(speakers(radio) == ["Announcer", "John", "Mary", "John"])
        let heading = read("EXAMINATION\nQ Please state your name.\nA John Smith.\nQ Where do you live?\nA Denver.\nQ Since?\nA 2010.\n")
        #expect(speakers(heading) == ["Q", "A", "Q", "A", "Q", "A"])
        let unnamed = read("THE WITNESS, having been duly sworn, testified as follows:\nBY MR. KANE:\nQ. Where do you work?\nA. Acme.\n")
        #expect(unnamed.utterances.first?.text == "THE WITNESS, having been duly sworn, testified as follows:")
        #expect(speakers(unnamed) == ["Kane", "The Witness"])
    }

    /// Indented `Q` and `A` lines, their line numbers gone, were one narrative paragraph; a direction wrapped
    /// onto an indented line was two paragraphs of speech.
    @Test func indentedQuestionsAndAnswersAreLabels() {
        let d = read("""
            BY MR. KANE:
                 Q.   Where do you live?
                 A.   In Fresno.
                 THE WITNESS:  On Elm Street.
                 (Plaintiff's Exhibit 12 marked for
                 identification.)
                 Q.   Showing you Exhibit 12.
                 A.   Yes.
            """)
        #expect(speakers(d) == ["Kane", "A", "The Witness", "Kane", "A"])
        #expect(d.utterances.contains { $0.kind == .direction && $0.text == "Plaintiff's Exhibit 12 marked for identification." })
    }

    /// A line-numbered deposition indents its colloquy deeper than its `Q` and `A`, with no blank line:
    /// `MS. BROWN: Objection to form.` was the words of the question above it, and a lone `A.` too.
    @Test func aDepositionsIndentedColloquyIsTurns() {
        let d = read("""
            JANE DOE, having been first duly sworn, testified as follows:
            BY MR. SMITH:
                 Q.   Where do you live?
                      MS. BROWN:  Objection to form.
                 Q.   You may answer.
                 A.   In Lowell, since 2010, with my wife and my
            two children.
                      THE WITNESS:  Can I see the exhibit?
                      MR. SMITH:  Sure.
            """)
        // `THE WITNESS:` after her last answer is still hers: no other witness is sworn after her.
        #expect(speakers(d) == ["Smith", "Brown", "Smith", "Jane Doe", "Jane Doe", "Smith"])
        #expect(d.utterances.contains { $0.text == "In Lowell, since 2010, with my wife and my two children." })
        // An indented `Q` is taken off its text as an unindented one is: it was kept, `Q. Where do you live?`.
        #expect(d.utterances.contains { $0.text == "Where do you live?" })
        // A question and its answer confirm each other, once each.
        let once = read("Q.   Did you see him?\n\n     MS. BROWN:  Objection.\n\nA.   No.\n")
        #expect(speakers(once) == ["Q", "Brown", "A"])
        #expect(once.utterances.map(\.text) == ["Did you see him?", "Objection.", "No."])
    }

    /// Names in scripts without capitals, and names with particles past four words, were no labels: their
    /// turns went to the speaker before, and the first line, in the header, became a field no query found.
    @Test func namesWithoutCapitalsAndWithParticlesAreLabels() {
        let d = read("""
            Roundtable on trade, Geneva, 5 June 2018

            王丽: 我们需要更多的合作。

            Łukasz Nowak: I agree with Madam Wang.

            王丽: 谢谢。

            محمد علي: We need more time.

            José María de la Cruz: I abstain.

            محمد علي: Then let us vote.

            José María de la Cruz: Again, I abstain.
            """)
        #expect(speakers(d) == ["王丽", "Łukasz Nowak", "王丽", "محمد علي", "José María de la Cruz", "محمد علي", "José María de la Cruz"])
        #expect(d.utterances.first?.text == "我们需要更多的合作。")
        // Before the first turn, a sentence under a name is text, a field's value is not.
        let header = read("Geneva\n\n王丽: 我们需要更多的合作。\n\nDATE: 5 June 2018.\n\nŁukasz Nowak: Yes.\n\nŁukasz Nowak: Indeed.\n")
        #expect(header.utterances.first?.text == "王丽: 我们需要更多的合作。")
        #expect(header.metadata("date") == "5 June 2018.")
    }

    /// Chinese and Japanese transcripts write the full-width colon, with no space after it (`王丽：`): such
    /// lines were narrative, and no turn had a speaker.
    /// `主持人（王丽）：` was no label, its parentheses full-width: the whole interview was narrative. The name
    /// before them speaks, whichever of the two is the role.
    @Test func fullWidthParenthesesAreParentheses() throws {
        let d = read("访谈记录\n\n主持人（王丽）：欢迎大家。\n\n张伟（清华大学教授）：谢谢。\n\n主持人（王丽）：请谈谈。\n\n张伟（清华大学教授）：好的。\n")
        #expect(speakers(d) == ["主持人", "张伟", "主持人", "张伟"])
        #expect(d.turns[0].label == "主持人（王丽）")
        #expect(d.turns[1].metadata.filter { $0.name == "qualifier" }.map(\.value) == ["清华大学教授"])
    }

    @Test func theFullWidthColonEndsALabel() {
        let d = read("""
            王丽：我们在工厂工作了十年。

            张伟：那时候工厂有多少工人？

            王丽：大约五百人。他说：我们走吧。

            张伟：后来呢？

            王丽：工厂关了。
            """)
        #expect(speakers(d) == ["王丽", "张伟", "王丽", "张伟", "王丽"])
        #expect(d.utterances.map(\.text) == ["我们在工厂工作了十年。", "那时候工厂有多少工人？", "大约五百人。他说：我们走吧。", "后来呢？", "工厂关了。"])
        // A full-width colon in the middle of speech is no label, nor is one used once at a paragraph's start.
        let once = read("王丽：我们在工厂工作了十年。\n\n张伟：多少工人？\n\n王丽：五百人。\n\n张伟：后来呢？\n\n他说：我们走吧。\n")
        #expect(speakers(once) == ["王丽", "张伟", "王丽", "张伟"])
        #expect(once.utterances.last?.text == "他说：我们走吧。")
        // Nor the points of a speech (`第一：`, `首先：`), nor a verb of saying (`他说：`) however often.
        let points = read("王丽：我有两点意见。\n第一：多建房子。\n第二：控制房租。\n\n李明：我也有两点。\n第一：修路。\n第二：加公交。\n\n王丽：好。\n\n李明：好。\n")
        #expect(speakers(points) == ["王丽", "李明", "王丽", "李明"])
        let said = read("问：后来呢？\n\n答：他说：我们明天再谈。\n他说：我们明天再谈。\n\n问：然后？\n\n答：没有了。\n")
        #expect(speakers(said) == ["问", "答", "问", "答"])
        // Nor one that opens a quotation, however often: Chinese prose quotes so.
        let story = read("他说：“我们走吧。”\n\n她说：「好。」\n\n他说：“走。”\n\n她说：「好的。」\n")
        #expect(story.turns.isEmpty)
        #expect(story.utterances.count == 4)
    }

    /// `Mr. Smith` and `Mrs. Smith` were one speaker `Smith`, and `transitions` showed Smith after Smith.
    /// A short name joined to a fuller one under other titles is listed; one of the other sex is not joined.
    @Test func titlesOfAManAndOfAWomanAreTwoPeople() {
        let couple = read("""
            Dr. Klein: Who would like to start?

            Mr. Smith: I will. She never listens.

            Mrs. Smith: That is not true.

            Mr. Smith: You didn't listen yesterday.
            """)
        #expect(speakers(couple) == ["Klein", "Mr. Smith", "Mrs. Smith", "Mr. Smith"])
        #expect(couple.doubtfulLabels.map(\.line) == [3])
        let hearing = read("""
            Senator Smith: Mr. Smith, welcome.

            Mr. John Smith: Thank you, Senator.

            Senator Smith: What do tariffs mean for your farm?

            Ms. Jones: May I add something?

            Ms. Ann Jones: I farm too.

            Mr. Jones: And I.
            """)
        #expect(speakers(hearing) == ["John Smith", "John Smith", "John Smith", "Ann Jones", "Ann Jones", "Jones"])
        #expect(hearing.doubtfulLabels.map(\.line) == [1, 11])
        #expect(hearing.doubtfulLabels.map(\.taken) == [true, true])
    }

    /// Times as transcription services write them are when the turn starts: in parentheses after the name
    /// (Rev), or opening the speech, in brackets or with seconds. They were a qualifier or words.
    @Test func aTimeBesideTheLabelIsWhenTheTurnStarts() {
        let d = read("""
            Maria Lopez (00:00:02):
            Thanks everyone for joining.

            David Chen (00:01:07, remote):
            Happy to be here.

            Maria Lopez: 00:01:15 Let's start.

            David Chen: [1:40] Marketing is over.

            Maria Lopez: 10:30 is when the board meets.
            """)
        #expect(d.turns.map(\.start) == [2, 67, 75, 100, nil])
        #expect(d.utterances.map(\.text) == ["Thanks everyone for joining.", "Happy to be here.", "Let's start.", "Marketing is over.",
                                             "10:30 is when the board meets."])
        #expect(d.turns[1].metadata.map(\.value) == ["remote"])
    }

    /// Descript and Trint write the time before the label: every line was narrative, the turns no one's.
    @Test func aTimeBeforeTheLabelIsWhenTheTurnStarts() {
        let d = read("""
            The mill podcast, episode 12

            00:00:00 Intro: who we are
            00:03:15 Skip Basics: the mill

            [00:00:05] Tom Reed: Go ahead.

            [00:00:09] Ann Lee: Thank you.
            The mill closed in 1958.

            00:01:02 Tom Reed: Why then?

            [00:01:30] Ann Lee: I was not there.

            [00:01:41] We were in Leeds.

            10:30 Ann Lee: is when the board met.
            """)
        // A chapter list's titles, side by side and each once, are no turns, and listed.
        #expect(speakers(d) == ["Tom Reed", "Ann Lee", "Tom Reed", "Ann Lee"])
        #expect(d.turns.map(\.start) == [5, 9, 62, 90])
        #expect(d.doubtfulLabels.map(\.line) == [3, 4])
        // Nor a tape log's topics, most of which come once.
        let log = read("[00:00:00] Introduction: Interviewer states the date.\n[00:02:30] Childhood: Born in Cardiff.\n"
            + "[00:07:10] School: Splott primary.\n[00:11:45] War: Evacuated.\n[00:18:20] Childhood: The docks.\n"
            + "[00:24:10] War: Brother killed.\n[00:30:00] Work: The tobacco factory.\n")
        #expect(log.turns.isEmpty && log.utterances.count == 7)
        // Speech that opens in lower case or with a number is a turn all the same; a label once is a turn of
        // its own, never the words of the turn above, and a Markdown heading after a turn is no one's.
        let lines = read("[00:00:01] Tom Reed: iPhone sales fell.\n[00:00:02] Ann Lee: 3 things to say.\n[00:00:05] Tom Reed: Go on.\n"
            + "[00:00:09] Ann Lee: First, prices rose.\n[00:00:15] Raj Patel: eBay saw the same.\n[00:00:20] Tom Reed: Thanks, Raj.\n\n## Chapters\n")
        #expect(speakers(lines) == ["Tom Reed", "Ann Lee", "Tom Reed", "Ann Lee", "Raj Patel", "Tom Reed"])
        #expect(lines.utterances.last?.text == "## Chapters" && lines.utterances.last?.kind == .narrative)
        // A time of day without seconds or brackets is no turn's start: that line goes on Ann Lee's turn.
        // A time alone in brackets opening a paragraph is a note, no words.
        #expect(d.utterances.map(\.text) == ["00:00:00 Intro: who we are", "00:03:15 Skip Basics: the mill", "Go ahead.",
                                             "Thank you. The mill closed in 1958.", "Why then?", "I was not there.",
                                             "[00:01:41] We were in Leeds.", "10:30 Ann Lee: is when the board met."])
        #expect(d.utterances[6].editorial.map(\.kind) == [.note])
    }

    /// Court reporters set `Q` and `A` apart from the testimony with a tab: the whole record was narrative.
    /// One space after them is a sentence (`A man came in.`).
    @Test func aTabAfterQOrAMakesALabel() {
        let d = read("Q\tDid you see him?\nA\tYes, I did.\nQ \tWhere?\nA\tAt the mill.\n\nA man came in.\n")
        #expect(speakers(d) == ["Q", "A", "Q", "A"])
        #expect(d.utterances.map(\.text) == ["Did you see him?", "Yes, I did.", "Where?", "At the mill.", "A man came in."])
        // An A with no Q is a list's or a table's letter.
        let quiz = read("1. What is the capital of France?\nA\tParis\nB\tLondon\n\n2. And of Italy?\nA\tMadrid\nB\tRome\n")
        #expect(quiz.turns.isEmpty)
    }

    /// An office before the person who holds it (`The Prime Minister (Boris Johnson):`) is as sure as a
    /// title: used once, it was not taken, and the Prime Minister's answer was narrative, no one's.
    @Test func anOfficeBeforeThePersonIsSure() {
        let d = read("""
            Mr. Speaker: Order. Questions to the Prime Minister.

            Mr. Keir Starmer (Holborn and St Pancras) (Lab): Will he apologise?

            The Prime Minister (Boris Johnson): I will not.

            Mr. Keir Starmer (Holborn and St Pancras) (Lab): Then he should resign.
            """)
        #expect(speakers(d) == ["Speaker", "Keir Starmer", "Boris Johnson", "Keir Starmer"])
        #expect(d.turns[2].metadata.map(\.value) == ["The Prime Minister"])
        #expect(d.doubtfulLabels.isEmpty)
        // An office is written in capitals: `The producer (Jane Miller):` is a credit, not a turn.
        let credits = read("The producer (Jane Miller): recorded at Studio Nine.\nThe photographer (Ann Lee): Getty Images.\n\nThanks for listening.\n")
        #expect(credits.turns.isEmpty)
    }

    /// Otter writes the name and the time on one line, the speech below: all of it was narrative.
    @Test func otterNamesWithTheirTimesAreLabels() {
        let d = read("""
            Jane Smith  0:05
            So let's begin with the quarterly numbers.

            Bob Jones  0:12
            Revenue went up in March.

            Jane Smith  1:03
            What drove the costs?

            Bob Jones  1:10
            Shipping.

            The meeting ended at  4:30
            """)
        #expect(speakers(d) == ["Jane Smith", "Bob Jones", "Jane Smith", "Bob Jones"])
        #expect(d.turns.map(\.start) == [5, 12, 63, 70])
        #expect(d.utterances.map(\.text).prefix(2) == ["So let's begin with the quarterly numbers.", "Revenue went up in March."])
        #expect(d.utterances.last?.text == "The meeting ended at 4:30")
    }

    /// In a two-person interview whose guest speaks once, the guest's timed label was not taken (a shape
    /// needed two other speakers to be established) and the guest's words were the host's: a label that
    /// carries its turn's time is established by one other speaker who uses that shape.
    @Test func aTimedLabelUsedOnceBesideOneOtherSpeakerIsTaken() {
        let teams = read("""
            Tom Reed   0:03
            Hello everyone, thanks for coming.

            Jane Smith   0:05
            Thanks for having me.

            Tom Reed   1:09
            Let us start.
            """)
        #expect(speakers(teams) == ["Tom Reed", "Jane Smith", "Tom Reed"])
        #expect(teams.utterances.map(\.text) == ["Hello everyone, thanks for coming.", "Thanks for having me.", "Let us start."])
        #expect(teams.turns.map(\.start) == [3, 5, 69])
        #expect(teams.doubtfulLabels.map(\.taken) == [true])
        let descript = read("""
            [00:00:01] Tom Reed: Hello everyone, thanks for coming.
            [00:00:05] Jane Smith: Thanks for having me.
            [00:01:09] Tom Reed: Let us start.
            """)
        #expect(speakers(descript) == ["Tom Reed", "Jane Smith", "Tom Reed"])
        #expect(descript.utterances.map(\.kind) == [.speech, .speech, .speech])
        // Untimed, one other speaker does not establish a shape: `Note:` once beside `Smith:` is no one.
        let untimed = read("Smith: One.\n\nSmith: Two.\n\nNote: this was cut.\n")
        #expect(speakers(untimed) == ["Smith", "Smith"])
        // Two once-only timed labels do not establish each other: a list of chapters is no one's.
        let chapters = read("Introduction   0:00\nThe Interview   5:30\n\nWe talk about mills.\n")
        #expect(chapters.turns.isEmpty)
    }

    /// A log in times of day that runs past midnight: the times after it were read as that morning's, so a
    /// timeline ran backwards and `count by time` put them first.
    @Test func aLogPastMidnightGoesOnIntoTheNextDay() {
        let d = read("""
            [23:59:40] CAPCOM: Radio check.
            [23:59:55] PILOT: Loud and clear.
            [00:00:10] CAPCOM: Good.
            [00:00:05] PILOT: Correction, my clock.
            [00:01:00] PILOT: Roger.
            """)
        let day = 86_400.0
        // 23:59:40 is 86,380 seconds; 00:00:10 the next day 86,410. A time a few seconds back stays that day.
        #expect(d.turns.map(\.start) == [86_380, 86_395, day + 10, day + 5, day + 60])
        #expect(d.timesRunForDays)
        // A day-counted log is as it was.
        let apollo = read("[00:23:59:55] CAPCOM: One.\n[01:00:00:10] CAPCOM: Two.\n")
        #expect(apollo.turns.map(\.start) == [86_395, day + 10])
    }

    /// Voices the transcriber numbers (`Speaker 1`, `Caller 2`) are labels, and one number used twice
    /// confirms the others used once: all were narrative, with no doubtful line.
    @Test func numberedVoicesAreSpeakers() {
        let d = read("""
            Speaker 1:
            Hello there.

            Speaker 2:
            Hi, how are you.

            Speaker 1:
            Fine thanks.

            Caller 3: Is this the show?
            """)
        #expect(speakers(d) == ["Speaker 1", "Speaker 2", "Speaker 1"])
        #expect(d.utterances.map(\.text) == ["Hello there.", "Hi, how are you.", "Fine thanks.", "Caller 3: Is this the show?"])
        #expect(d.utterances.last?.kind == .narrative)
        #expect(d.doubtfulLabels.map(\.line) == [10])
        // Numbered steps and chapters are no one, however often they come.
        let steps = read("How to brew\n\nStep 1: Boil water.\n\nStep 2: Grind.\n\nStep 1: Again, boil.\n\nChapter 3: The end.\n")
        #expect(steps.turns.isEmpty)
    }

    @Test func everyLabelStartsATurnEvenForTheSameSpeaker() {
        let d = read("Cde. Beria: One.\n\nCde. Beria: Two.\nCde. Malenkov: Three,\nstill three.\n")
        #expect(d.turns.map(\.number) == [1, 2, 3])
        #expect(d.utterances.map(\.text) == ["One.", "Two.", "Three, still three."])
        #expect(d.utterances.map(\.location.line) == [1, 3, 4])
    }

    @Test func questionLabelNeedsTwoSpacesAndRepetition() {
        let d = read("Q\u{A0}\u{A0} First question?\n\nMR. SMITH: Answer.\n\nQ  Second question?\n\nQuite so, he said.\n")
        #expect(speakers(d) == ["Q", "Smith", "Q"])
        #expect(d.utterances.map(\.text) == ["First question?", "Answer.", "Second question?", "Quite so, he said."])
    }

    @Test func upperCaseNamesInTitleCaseAndRoleCodesAsWritten() {
        let d = read("[00:00:01:00]\nCDR: Go.\nCC:  Roger.\n\n[00:00:02:00]\nMs. O'BRIEN-SMITH: Hello.\n")
        #expect(speakers(d) == ["CDR", "CC", "O'Brien-Smith"])
        #expect(d.turns.map(\.start) == [60, 60, 120])
    }

    /// Hansard's bracketed interjection (`[Hon. Members: "Why not?"]`) is the members', in its place, as a
    /// parenthesised one is; other bracketed text stays the editor's, and a bracket inside a parenthetical
    /// goes with it.
    @Test func bracketedInterjectionsAreTheirSpeakers() {
        let d = read("Mr. A: I shall debate it—[Hon. Members: \"Why not?\"] Frankly, [sic] the [agricultural] plan (Mr. B: [no]) works.\n\n"
                     + "Mr. B: Fine.\n")
        #expect(d.utterances.map(\.kind) == [.speech, .interjection, .interjection, .speech])
        #expect(d.utterances[0].text == "I shall debate it—(…) Frankly, [sic] the [agricultural] plan (…) works.")
        #expect(d.utterances[1].text == "\"Why not?\"" && d.speakers[d.utterances[1].speaker ?? -1].name == "Members")
        #expect(d.utterances[2].text == "[no]")
        #expect(d.utterances[0].editorial.count == 2)
        // A group's name needs no label of its own in the document: `Hear, hear` was the speaker's words.
        let voices = read("Mr. SMITH: The bill is good (Voices: Hear, hear) and we pass it.\n\nMr. JONES: No.\n")
        #expect(voices.utterances.map(\.text) == ["The bill is good (…) and we pass it.", "Hear, hear", "No."])
        #expect(voices.utterances[1].kind == .interjection && voices.speakers[voices.utterances[1].speaker ?? -1].name == "Voices")
    }

    /// A turn that is a sound and nothing else (`CMP: (Laughter)`, `LMP: (Laughter).`) is the speaker's
    /// laugh; a sound among words, or a turn's later paragraph, stays no one's (it may be the room's).
    @Test func aTurnThatIsOnlyASoundIsTheSpeakers() {
        let d = read("CMP: (Laughter)\n\nLMP: (Laughter).\n\nCC: (Laughter) How do you like it?\n\nCC: Fine.\n\n(Applause)\n\n"
                     + "CMP: (As interpreted.)\n\nCC: Done.\n")
        let directions = d.utterances.filter { $0.kind == .direction }
        #expect(directions.map(\.text) == ["Laughter", "Laughter", "Laughter", "Applause", "As interpreted."])
        #expect(directions.map { $0.speaker.map { d.speakers[$0].name } } == ["CMP", "LMP", nil, nil, nil])
    }

    @Test func indentedContinuationWithAColonIsNoLabel() {
        let d = read("[00:01:00:00]\nCC:  Set these:\n     LIGHTING: on\n     panel 5: off\n\n[00:01:00:05]\nCDR: Done.\n")
        #expect(speakers(d) == ["CC", "CDR"])
        #expect(d.utterances[0].text == "Set these: LIGHTING: on panel 5: off")
    }

    @Test func directionsAndParentheticals() {
        let d = read("Cde. A: Well. (Laughter) Then (in a way) we agree. (Cde. B: Do we?) Yes (laughs) indeed.\n\nCde. B: Fine.\n")
        #expect(d.utterances.map(\.kind) == [.speech, .direction, .interjection, .direction, .speech])
        #expect(d.utterances[0].text == "Well. (…) Then (in a way) we agree. (…) Yes (…) indeed.")
        #expect(d.utterances.map(\.text)[1...3] == ["Laughter", "Do we?", "laughs"])
        #expect(d.utterances[2].speaker == 1)
        #expect(d.utterances[1].speaker == nil && d.utterances[1].turn == 1)
    }

    @Test func anAsideInTheFirstOrSecondPersonStaysInTheSpeech() {
        let d = read("Dr. Kissinger: They agree. (We're not talking about the Front.) (Laughter) Good.\n")
        #expect(d.utterances.map(\.kind) == [.speech, .direction])
        #expect(d.utterances[0].text == "They agree. (We're not talking about the Front.) (…) Good.")
        // `US` in capitals is the country, not `us`; `I` in capitals is still the speaker.
        let us = read("THE PRESIDENT: Thank you. (Applause from the US delegation.) (I think so.) Good.\n")
        #expect(us.utterances.map(\.kind) == [.speech, .direction])
        #expect(us.utterances[1].text == "Applause from the US delegation.")
        #expect(us.utterances[0].text.contains("(I think so.)"))
    }

    @Test func paragraphMadeOnlyOfADirection() {
        let d = read("SC: (Music - Aquarius)\n\nSC: More music.\n")
        #expect(d.utterances.map(\.kind) == [.direction, .speech])
        #expect(d.turns[0].utterances == 0..<1)
        // A title's words are no pronouns; a paragraph that is all one parenthetical may be long, with a colon.
        let song = read("SC: (Music - Willow Weep For Me)\n\nSC: More music.\n")
        #expect(song.utterances.map(\.kind) == [.direction, .speech])
        let long = read("Mr. A (Here, Lib.):\nWe vote.\n\n(The House divided on the motion, which was negatived on the following division:)\n\nMr. B (There, Ref.):\nNo.\n")
        #expect(long.utterances.map(\.kind) == [.speech, .direction, .speech])
        // Within a paragraph, a long or colon-bearing parenthetical stays the speaker's.
        let inside = read("Mr. A (Here, Lib.):\nWe vote. (The House divided on the motion, which was negatived:) Then we go.\n")
        #expect(inside.utterances.map(\.kind) == [.speech])
    }

    /// A short paragraph before the first label is the title; one that ends a sentence is narrative, found
    /// by a search, however short.
    @Test func aSentenceBeforeTheFirstLabelIsNoTitle() {
        let titled = read("Record of the Meeting in Moscow\n\nCde. Beria: We begin.\n\nCde. Malenkov: Yes.\n")
        #expect(titled.title == "Record of the Meeting in Moscow")
        let narrative = read("The delegation arrived in Pécs on Monday.\n\nCde. Beria: We begin.\n\nCde. Malenkov: Yes.\n")
        #expect(narrative.title == nil)
        #expect(narrative.utterances.first?.kind == .narrative && narrative.utterances.first?.text == "The delegation arrived in Pécs on Monday.")
        let rule = read("---\n\nCde. Beria: We begin.\n\nCde. Malenkov: Yes.\n")
        #expect(rule.title == nil)
    }

    /// The aligned Hansard writes a sentence a line: each line is an utterance of its own, at its line.
    /// Prose wrapped so that a line here and there ends a sentence stays one paragraph.
    @Test func aSentenceALineIsAnUtteranceALine() {
        let d = read("Mr. A (Here, Lib.):\nFar be it from me.\nThat the debate be now adjourned.\n(The House divided on the amendment:)\nI declare it lost.\nMr. B (There, Ref.):\nNo.\n")
        #expect(d.utterances.map(\.text) == ["Far be it from me.", "That the debate be now adjourned.", "The House divided on the amendment:", "I declare it lost.", "No."])
        #expect(d.utterances.map(\.location.line) == [2, 3, 4, 5, 6])
        #expect(d.utterances.map(\.kind) == [.speech, .speech, .direction, .speech, .speech])
        // Fewer than three lines, or a line that runs on (the label's own text too), and it is wrapped prose.
        let wrapped = read("CC: Good readback. Turning over to page 14, step 2,\nwe want you to change the DAP.\nThen insert VERB 34.\nOver.\n\nCC: One.\nTwo.\n")
        #expect(wrapped.utterances.map(\.location.line) == [1, 6])
        // A closing quotation mark is read whole; a letter that ends in the same byte (`ř`, C5 99) is none.
        #expect(LineScan.endsSentence(ArraySlice("He said “no.”".utf8)))
        #expect(!LineScan.endsSentence(ArraySlice("Konec.př".utf8)))
        #expect(!LineScan.endsSentence(ArraySlice("pan Dvoř".utf8)))
    }

    @Test func listItemsStartParagraphs() {
        let d = read("Cde. A: We discuss:\n1. prices;\n2) wages;\n- land\n• army\n")
        #expect(d.utterances.map(\.text) == ["We discuss:", "1. prices;", "2) wages;", "- land", "• army"])
    }

    @Test func textWithoutLabelsIsNarrative() {
        let d = read("# Minutes\n\nRusk says that he agrees. Khrushchev notes: fine.\n", format: .markdown, id: "1963-08-09-minutes")
        #expect(d.turns.isEmpty)
        #expect(d.utterances.map(\.kind) == [.narrative, .narrative])
        #expect(d.title == "Minutes")
        #expect(d.date?.description == "1963-08-09")
    }

    @Test func markdownEscapesAndFrontMatter() {
        let d = read("---\ntitle: \"Press\\_Conference\"\ndate: '2021-04-16'\n---\nMR. A:  A \\[word\\] here.\n\nMR. A: Again.\n", format: .markdown)
        #expect(d.title == "Press Conference")
        #expect(d.date?.description == "2021-04-16")
        #expect(d.utterances[0].text == "A [word] here.")
        #expect(d.utterances[0].editorial.map(\.kind) == [.insertion])
    }

    /// A blog post's front matter names its title; the short paragraph before the first turn (a remark
    /// about the source) is then text like any other, not the title.
    @Test func aWordBrokenAfterAHyphenAtALinesEndIsOneWordAgain() {
        let d = read("MR. A: Do you support pre-\napprenticeship programs, the short- \n   term ones?\n\nMR. B: Now-\n\n"
                     + "MR. A: We want to-\nThe Chair. And x-\n2 or Al-\nQaeda, the anti-\nAmerican, Sino-\nSoviet ones.\n")
        // A capital goes on a word after a prefix that stands before names, not after a broken-off `to-`.
        #expect(d.utterances.map(\.text) == ["Do you support pre-apprenticeship programs, the short-term ones?", "Now-",
                                            "We want to- The Chair. And x- 2 or Al-Qaeda, the anti-American, Sino-Soviet ones."])
    }

    /// A text with no labels: its first line is its title when it stands alone or above a date line,
    /// and stays narrative text too; wrapped prose and page chrome are no title.
    @Test func theFirstLineOfATextWithoutLabelsMayBeItsTitle() {
        let dated = read("№4 Record of Conversation between N.S. Khrushchev and D. Rusk\nGagra August 9, 1963\n\n## Record Of Conversation\n\nRusk says hello.\n", format: .markdown)
        #expect(dated.title == "№4 Record of Conversation between N.S. Khrushchev and D. Rusk")
        #expect(dated.place == "Gagra" && dated.date == PartialDate(year: 1963, month: 8, day: 9))
        #expect(dated.utterances.first?.text.hasPrefix("№4 Record of Conversation") == true)
        let alone = read("Memorandum of Conversation\n\nThe parties met.\n")
        #expect(alone.title == "Memorandum of Conversation")
        let prose = read("It was raining when the delegation\narrived at the station.\n\n## Arrival\n\nMore.\n", format: .markdown)
        #expect(prose.title == "Arrival")
        let chrome = read("Skip to content\n\n# The Meeting\n\nText.\n", format: .markdown)
        #expect(chrome.title == "The Meeting")
        // With labels, the header decides as before.
        let labelled = read("Memorandum of Conversation\n\nMR. A: Words.\n\nMR. B: More.\n")
        #expect(labelled.title == "Memorandum of Conversation" && labelled.utterances.count == 2)
    }

    @Test func aWeekdayBeforeTheDateIsNoPlace() {
        let day = read("Wednesday, January 14, 2009\n\nMR. A: Words.\n\nMR. B: More.\n")
        #expect(day.place == nil && day.date == PartialDate(year: 2009, month: 1, day: 14))
        let place = read("Kremlin, 13 June 1953.\n\nMR. A: Words.\n\nMR. B: More.\n")
        #expect(place.place == "Kremlin" && place.date == PartialDate(year: 1953, month: 6, day: 13))
        #expect(DateText.isWeekday("Wed.") && DateText.isWeekday("miércoles") && !DateText.isWeekday("Wedding"))
    }

    @Test func frontMatterTitleIsTheTitle() {
        let d = read("---\ntitle: Canada Senate Bitcoin\n---\n\nAnother transcript may appear.\n\nMR. A: Words.\n", format: .markdown)
        #expect(d.title == "Canada Senate Bitcoin")
        #expect(d.utterances.map(\.text) == ["Another transcript may appear.", "Words."])
        let untitled = read("---\ndate: 2014-10-08\n---\n\nHearing on Bitcoin\n\nMR. A: Words.\n", format: .markdown)
        #expect(untitled.title == "Hearing on Bitcoin")
        #expect(untitled.utterances.map(\.text) == ["Words."])
    }

    /// Page layout in a Markdown post (an image centred, a `more` marker, a template include) is no
    /// utterance: it is listed as skipped, with its line. Tags around words keep the words.
    @Test func markdownLayoutWithoutTextIsSkippedAndListed() {
        let source = "{% include setup %}\n\n**MR. A:** Words here.\n\n<center><img src=\"/a.jpg\"></center>\n\n<!--more-->\n\n"
            + "<b>Bold words</b> too.\n\n**MR. B:** Reply.\n"
        let d = read(source, format: .markdown)
        // A formatting tag pair around words goes, its words stay (`EditorialScanner`).
        #expect(d.utterances.map(\.text) == ["Words here.", "Bold words too.", "Reply."])
        #expect(d.unplacedLines.filter { $0.reason == "HTML tags without text, skipped" }.map(\.line) == [1, 5, 7])
        // Plain text keeps such lines as text: there, markup is not the format's own.
        let plain = read(source.replacingOccurrences(of: "**", with: ""), format: .text)
        #expect(plain.utterances.map(\.text).contains("<center><img src=\"/a.jpg\"></center>"))
        #expect(!plain.unplacedLines.contains { $0.reason == "HTML tags without text, skipped" })
        for markup in ["<br>", "</center> <hr/>", "<!-- a -- b -->", "{% raw %}"] { #expect(DocumentBuilder.isMarkupOnly(markup), "\(markup)") }
        for text in ["<3 you", "a <b>", "<center>x</center>", "< b>", "<!-- open", "{% open", "{{ page.title }}"] {
            #expect(!DocumentBuilder.isMarkupOnly(text), "\(text)")
        }
    }

    /// A timed block that opens with the log's call sign but lost its colon (Liberty Bell 7's line 409,
    /// `ATS Roger, Bell 7, ...`) is that station's turn at its own time, and listed as doubtful; the same
    /// line with no time above it is only listed, and a word that is no call sign of the log is text.
    @Test func aCallSignWithoutItsColonUnderATimeIsTaken() throws {
        let log = "[00:00:10:52]\nP: Cap Com, how do you read me? Over.\n\n[00:00:11:07]\nATS: Loud and clear. Over.\n\n"
            + "[00:00:11:12]\nP: I read you loud and clear. Over.\n\n[00:00:11:18]\nATS Roger, Bell 7, your systems look good. Over.\n\n"
            + "[00:00:11:28]\nP: Ah, roger. Over.\n\n[00:00:11:35]\nATS: Roger. Over.\n\nATS Roger, once more.\n\n[00:00:11:40]\nCAPCOM roger.\n"
        let d = read(log)
        let turn = try #require(d.turns.first { d.utterances[$0.utterances.lowerBound].text.hasPrefix("Roger, Bell 7") })
        #expect(turn.speaker.map { d.speakers[$0].name } == "Ats" && turn.start == 11 * 60 + 18)
        #expect(d.doubtfulLabels.map(\.line) == [11, 19])
        #expect(d.doubtfulLabels.map(\.taken) == [true, false])
        // The untimed one stays in the turn before it; `CAPCOM` opens no line with a colon: text.
        #expect(d.utterances.contains { $0.text == "ATS Roger, once more." })
        #expect(d.utterances.contains { $0.text == "CAPCOM roger." })
    }

    /// `THE CLERK (reading):` was no label (an office before no person), so the resolution he reads was the
    /// Chairman's words, and the witness's went to the member before him, with nothing listed as doubtful.
    @Test func anOfficeDoingSomethingIsTheSpeaker() throws {
        let d = read("""
            THE CHAIRMAN: The clerk will read the resolution.

            THE CLERK (reading): Resolved, that the committee shall examine the accounts.

            THE CHAIRMAN: Thank you. Mr. Jones.

            MR. JONES: I have a short statement.

            THE WITNESS (continuing): And so the accounts were closed.
            """)
        #expect(speakers(d) == ["The Chairman", "The Clerk", "The Chairman", "Jones", "The Witness"])
        let clerk = try #require(d.turns.dropFirst().first)
        #expect(d.utterances[clerk.utterances.lowerBound].text == "Resolved, that the committee shall examine the accounts.")
        #expect(clerk.metadata.filter { $0.name == "qualifier" }.map(\.value) == ["reading"])
        // What it does, in capitals: `THE CLERK (READING)` was a speaker `Reading`.
        let capitals = read("THE COURT: Be seated.\n\nTHE CLERK (READING): Count one.\n\nTHE COURT (TO THE JURY): Disregard that.\n\n"
            + "THE WITNESS (Through the Interpreter): Yes.\n\nTHE COURT: Next.\n\nMR. LEE (In Spanish): Sí.\n")
        #expect(speakers(capitals) == ["The Court", "The Clerk", "The Court", "The Witness", "The Court", "Lee"])
        #expect(capitals.turns[2].addressee == "THE JURY")
        // A word alone in parentheses that says what the speaker does, or where from, names no one; a call
        // sign with its number, or in mixed case, before a name still names the person.
        let alone = read("THE WITNESS (Crying): I can't.\n\nTHE COURT (Addressing the jury): Disregard that.\n\n"
            + "ACOSTA (VOICE-OVER): Aboard Air Force One.\n\nCANDIDATE (Brown): I support it.\n\nCANDIDATE (Green): I oppose it.\n\n"
            + "PORTMAN (R-OH): Agreed.\n\nTHE WITNESS: Yes.\n\nTHE COURT: Go on.\n\n"
            + "ACOSTA: Back.\n\nPORTMAN: Thanks.\n\nBase 2 (Petrov): Radio check.\n\nCedar (Ivanova): Loud and clear.\n\nBase 2 (Petrov): Out.\n\n"
            + "Cedar (Ivanova): Out.\n")
        // Two candidates are two people, not one `Candidate`.
        #expect(speakers(alone) == ["The Witness", "The Court", "Acosta", "Brown", "Green", "Portman", "The Witness", "The Court", "Acosta",
                                    "Portman", "Petrov", "Ivanova", "Petrov", "Ivanova"])
        // An office before a person in parentheses still names the person.
        let acting = read("The Acting Speaker (Ms. Thibeault): Order.\n\nMr. Lunn: Thank you.\n\nThe Acting Speaker (Ms. Thibeault): Debate.\n")
        #expect(speakers(acting) == ["Thibeault", "Lunn", "Thibeault"])
    }

    /// The case a name is written in is part of its shape: `First:` and `Music:` once each were taken,
    /// as established by `ADAM:` and `JERROD:`, whose canonical names (`Adam`) are in title case.
    @Test func aShapeIsTheCaseTheNameIsWrittenIn() {
        let d = read("""
            ADAM: Welcome back to the show.

            JERROD: Glad to be here.

            ADAM: Right.

            JERROD: Sure.

            Reed: A listener writes in.
            """)
        #expect(speakers(d) == ["Adam", "Jerrod", "Adam", "Jerrod"])
        #expect(d.doubtfulLabels.map(\.taken) == [false])
        // In capitals it is the document's shape, and taken.
        let capitals = read("ADAM: Welcome.\n\nJERROD: Thanks.\n\nADAM: Right.\n\nJERROD: Sure.\n\nREED: A listener writes in.\n")
        #expect(speakers(capitals) == ["Adam", "Jerrod", "Adam", "Jerrod", "Reed"])
        #expect(capitals.doubtfulLabels.map(\.taken) == [true])
        // A title does not change the case of the name after it: `Mr. SMITH` is in capitals.
        #expect(SpeakerLabel.parse(ArraySlice("Mr. SMITH: Welcome.".utf8))?.writtenInCapitals == true)
        #expect(SpeakerLabel.parse(ArraySlice("THE CHAIRMAN (reading): Resolved.".utf8))?.writtenInCapitals == true)
        #expect(SpeakerLabel.parse(ArraySlice("Mr. Smith (CON): Yes.".utf8))?.writtenInCapitals == false)
        #expect(SpeakerLabel.parse(ArraySlice("McDONALD: Yes.".utf8))?.writtenInCapitals == true)
        #expect(SpeakerLabel.parse(ArraySlice("DeShawn: Yes.".utf8))?.writtenInCapitals == false)
    }

    /// `First:`, `Second:` under a speaker were speakers of one turn each wherever names in title case were
    /// the document's shape, and confirmed where they came twice; a podcast's `Music:` credit atop it was a
    /// speaker too.
    @Test func pointsAndNotesAreNoSpeakers() {
        let d = read("""
            Music: Kevin MacLeod

            Adam: Welcome back to the show.

            Jerrod: There are three things.
            First: build more tests.
            Second: read more code.
            Finally: ship often.

            Adam: Great advice. Note: we recorded this in May.

            Jerrod: Thanks. Two more.
            First: listen.
            Second: write it down.

            Note: the tape ends here.

            Adam: Bye.
            """)
        // Twice each, `First:` and `Second:` are still no one; so is `Summary:`, a header's field too.
        let twice = read("Adam: Hi.\n\nSummary: We talked.\n\nBeth: Yes.\n\nSummary: We agreed.\n\nAdam: Bye.\n\nBeth: Bye.\n")
        #expect(speakers(twice) == ["Adam", "Beth", "Adam", "Beth"])
        let cues = read("ANNOUNCER: The Mystery Hour.\n\nSOUND: Door slams.\n\nDETECTIVE: Who's there?\n\nSFX: Thunder.\n\n"
            + "SOUND: Footsteps.\n\nANNOUNCER: Back soon.\n\nDETECTIVE: Sit.\n\nSFX: Rain.\n")
        #expect(speakers(cues) == ["Announcer", "Detective", "Announcer", "Detective"])
        // A cue in lower case is no one's words either.
        let sting = read("HOST: Welcome.\n\nGUEST: Thanks.\n\nHOST: Let us begin.\n\nGUEST: Who is there?\n\nMusic: sting\n\nHOST: Back soon.\n")
        #expect(sting.utterances.first { $0.text == "Music: sting" }?.kind == .narrative)
        #expect(speakers(d) == ["Adam", "Jerrod", "Adam", "Jerrod", "Adam"])
        let jerrod = d.turns[1].utterances.map { d.utterances[$0].text }.joined(separator: " ")
        #expect(jerrod.contains("First: build more tests.") && jerrod.contains("Finally: ship often."))
        #expect(d.metadata("music") == "Kevin MacLeod")
        #expect(d.utterances.contains { $0.text.contains("Note: the tape ends here.") })
        #expect(d.doubtfulLabels.filter { $0.reason.hasPrefix("a word that opens a point") }.count == 6)
    }

    @Test func nothingIsLostFromOddInput() {
        let d = read("((((\n\n)))) [[[ ]]] :::\n\nCde. A: (unclosed [bracket\n")
        let words = ["((((", "))))", "[[[", "]]]", ":::", "(unclosed", "[bracket"]
        // Before the first turn, a paragraph with no letter is no title: all of it is narrative.
        #expect(d.title == nil)
        let text = ([d.title ?? ""] + d.utterances.map(\.text)).joined(separator: " ")
        for word in words { #expect(text.contains(word)) }
    }
}
