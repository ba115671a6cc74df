import Testing
@testable import TranscriptFormats
import TranscriptModel

/// Readers on inputs a review found mishandled: each fixture is written here, and each figure expected is
/// counted from the fixture by hand.
@Suite struct ImportReviewTests {
    func readSpeechToText(_ json: String) throws -> (document: Document, warnings: [String]) {
        let result = SpeechToTextReader().read(DecodedText(bytes: Array(json.utf8), warnings: []), id: "call", path: "call.json")
        return try result.get()
    }

    /// Amazon writes each word's start equal to the end of the word before, so a word that starts where a
    /// segment ends is the next speaker's; the segments' own `items[]` say so.
    @Test func amazonWordsGoToTheSegmentThatListsThem() throws {
        let (d, warnings) = try readSpeechToText("""
            {"results": {"speaker_labels": {"speakers": 2, "segments": [
              {"start_time": "0.0", "end_time": "1.2", "speaker_label": "spk_0", "items": [
                {"start_time": "0.0", "end_time": "0.6", "speaker_label": "spk_0"},
                {"start_time": "0.6", "end_time": "1.2", "speaker_label": "spk_0"}]},
              {"start_time": "1.2", "end_time": "2.0", "speaker_label": "spk_1", "items": [
                {"start_time": "1.2", "end_time": "1.5", "speaker_label": "spk_1"},
                {"start_time": "1.5", "end_time": "2.0", "speaker_label": "spk_1"}]},
              {"start_time": "2.0", "end_time": "2.5", "speaker_label": "spk_0", "items": [
                {"start_time": "2.0", "end_time": "2.5", "speaker_label": "spk_0"}]}]},
             "items": [
              {"start_time": "0.0", "end_time": "0.6", "alternatives": [{"content": "Hello"}], "type": "pronunciation"},
              {"start_time": "0.6", "end_time": "1.2", "alternatives": [{"content": "there"}], "type": "pronunciation"},
              {"alternatives": [{"content": "."}], "type": "punctuation"},
              {"start_time": "1.2", "end_time": "1.5", "alternatives": [{"content": "Hi"}], "type": "pronunciation"},
              {"alternatives": [{"content": ","}], "type": "punctuation"},
              {"start_time": "1.5", "end_time": "2.0", "alternatives": [{"content": "Bob"}], "type": "pronunciation"},
              {"alternatives": [{"content": "?"}], "type": "punctuation"},
              {"start_time": "2.0", "end_time": "2.5", "alternatives": [{"content": "Fine"}], "type": "pronunciation"},
              {"alternatives": [{"content": "."}], "type": "punctuation"}]}}
            """)
        #expect(d.utterances.map(\.text) == ["Hello there.", "Hi, Bob?", "Fine."])
        #expect(d.speakers.map(\.name) == ["spk_0", "spk_1"])
        #expect(d.turns.map(\.speaker) == [0, 1, 0])
        #expect(d.turns.map(\.start) == [0.0, 1.2, 2.0])
        #expect(warnings.isEmpty)
    }

    /// Without the segments' `items[]`, a word goes to the segment that holds its start, `[start, end)`;
    /// words after the last segment are kept, under no speaker, with a warning.
    @Test func amazonWordsBySegmentTimesAndNoneLost() throws {
        let (d, warnings) = try readSpeechToText("""
            {"results": {"speaker_labels": {"speakers": 2, "segments": [
              {"start_time": "0.0", "end_time": "1.2", "speaker_label": "spk_0", "items": []},
              {"start_time": "1.2", "end_time": "3.0", "speaker_label": "spk_1", "items": []}]},
             "items": [
              {"start_time": "0.0", "end_time": "0.6", "alternatives": [{"content": "Hello"}], "type": "pronunciation"},
              {"start_time": "0.6", "end_time": "1.2", "alternatives": [{"content": "there"}], "type": "pronunciation"},
              {"alternatives": [{"content": "."}], "type": "punctuation"},
              {"start_time": "1.2", "end_time": "1.5", "alternatives": [{"content": "Hi"}], "type": "pronunciation"},
              {"start_time": "1.5", "end_time": "3.0", "alternatives": [{"content": "Bob"}], "type": "pronunciation"},
              {"alternatives": [{"content": "."}], "type": "punctuation"},
              {"start_time": "3.0", "end_time": "3.4", "alternatives": [{"content": "Trailing"}], "type": "pronunciation"},
              {"start_time": "3.5", "end_time": "3.9", "alternatives": [{"content": "words"}], "type": "pronunciation"},
              {"alternatives": [{"content": "."}], "type": "punctuation"}]}}
            """)
        #expect(d.utterances.map(\.text) == ["Hello there.", "Hi Bob.", "Trailing words."])
        #expect(d.speakers.map(\.name) == ["spk_0", "spk_1", "unknown"])
        #expect(d.turns.map(\.start) == [0.0, 1.2, 3.0])
        #expect(d.turns.map(\.end) == [1.2, 3.0, 3.9])
        #expect(warnings == ["utterance 3: words at 3.0 s–3.9 s are in no speaker segment; kept with speaker 'unknown'"])
    }

    /// An AssemblyAI utterance whose speaker is null is no one's: a turn without a speaker, not a speaker
    /// named `unknown`.
    @Test func assemblyAINullSpeakerIsNoOne() throws {
        let (d, warnings) = try readSpeechToText("""
            {"id": "abc", "status": "completed", "utterances": [
             {"speaker": "A", "start": 0, "end": 1200, "text": "Hello there."},
             {"speaker": null, "start": 1300, "end": 1500, "text": "Mystery."},
             {"speaker": null, "start": 1600, "end": 2000, "text": "More of it."},
             {"speaker": "A", "start": 2100, "end": 2500, "text": "Fine."}]}
            """)
        #expect(d.utterances.map(\.text) == ["Hello there.", "Mystery.", "More of it.", "Fine."])
        #expect(d.speakers.map(\.name) == ["A"])
        #expect(d.utterances.map(\.speaker) == [0, nil, nil, 0])
        #expect(d.turns.map(\.speaker) == [0, nil, 0])
        #expect(d.turns.map(\.start) == [0.0, 1.3, 2.1])
        #expect(d.turns.map(\.end) == [1.2, 2.0, 2.5])
        #expect(warnings.isEmpty)
    }

    func readCaptions(_ text: String, format: TranscriptFormat) throws -> Document {
        let decoded = try DecodedText.decode(Array(text.utf8)).get()
        return CaptionReader(format: format).read(decoded, id: "cues", path: format == .srt ? "cues.srt" : "cues.vtt").document
    }

    /// The speakers of a document's utterances, in order; nil for none.
    func speakers(_ d: Document) -> [String?] {
        d.utterances.map { u in u.speaker.map { d.speakers[$0].name } }
    }

    /// A label that formatting tags hold alone at a cue's start names the speaker, as it would bare.
    @Test func captionLabelInsideFormattingTags() throws {
        let srt = try readCaptions("""
            1
            00:00:01,000 --> 00:00:03,000
            ALICE: Did you lock the door?

            2
            00:00:03,000 --> 00:00:05,000
            <i>BOB:</i> I thought you did.

            3
            00:00:05,000 --> 00:00:07,000
            <font color="#00ffff">CAROL:</font> Neither of you did.

            4
            00:00:07,000 --> 00:00:09,000
            <b><i>DAVE:</i></b> Not me.

            5
            00:00:09,000 --> 00:00:11,000
            <i>ALICE: Then who?</i>

            """, format: .srt)
        #expect(srt.utterances.map(\.text) == ["Did you lock the door?", "I thought you did.", "Neither of you did.", "Not me.", "Then who?"])
        #expect(speakers(srt) == ["Alice", "Bob", "Carol", "Dave", "Alice"])

        let vtt = try readCaptions("""
            WEBVTT

            00:01.000 --> 00:03.000
            Bob: Who is there?

            00:03.000 --> 00:05.000
            <c.yellow>Carol:</c> Nobody at all.

            """, format: .webvtt)
        #expect(vtt.utterances.map(\.text) == ["Who is there?", "Nobody at all."])
        #expect(speakers(vtt) == ["Bob", "Carol"])
    }

    /// Tags that hold words without a colon name no one: the cue is speech, the speaker's before it.
    @Test func captionTagsWithoutALabelAloneAreSpeech() throws {
        let srt = try readCaptions("""
            1
            00:00:01,000 --> 00:00:03,000
            ALICE: Hello.

            2
            00:00:03,000 --> 00:00:05,000
            <i>Really</i> now.

            """, format: .srt)
        #expect(srt.utterances.map(\.text) == ["Hello. Really now."])
        #expect(speakers(srt) == ["Alice"])
    }

    /// A label at the start of a cue's later line, after a finished sentence, names the next speaker as it
    /// would at the cue's start: `[BOB]` is no stage direction, and Bob's words are not Alice's.
    @Test func captionLabelOnALaterLineOfACue() throws {
        let vtt = try readCaptions("""
            WEBVTT

            00:00:01.000 --> 00:00:04.000
            [ALICE] Hi Bob.
            [BOB] Hi Alice.

            00:00:04.000 --> 00:00:06.000
            <v Alice>Fine.

            """, format: .webvtt)
        #expect(vtt.utterances.map(\.text) == ["Hi Bob.", "Hi Alice.", "Fine."])
        #expect(vtt.utterances.map(\.kind) == [.speech, .speech, .speech])
        #expect(speakers(vtt) == ["Alice", "Bob", "Alice"])
        #expect(vtt.turns.count == 3)

        let srt = try readCaptions("""
            1
            00:00:01,000 --> 00:00:04,000
            ALICE: Hi Bob.
            BOB: Hi Alice, how are you?

            2
            00:00:04,000 --> 00:00:06,000
            ALICE: Fine.

            """, format: .srt)
        #expect(srt.utterances.map(\.text) == ["Hi Bob.", "Hi Alice, how are you?", "Fine."])
        #expect(speakers(srt) == ["Alice", "Bob", "Alice"])
        #expect(srt.doubtfulLabels.isEmpty)
    }

    /// Inside an unfinished sentence a later line that looks like a label is speech, and listed as doubtful;
    /// after a speaker cut off (`--`) it is a label.
    @Test func captionLabelShapeInsideASentenceStaysSpeech() throws {
        let srt = try readCaptions("""
            1
            00:00:01,000 --> 00:00:04,000
            ALICE: The reason was
            Money: that's all.

            2
            00:00:04,000 --> 00:00:06,000
            BOB: I think we --
            CAROL: No.

            """, format: .srt)
        #expect(srt.utterances.map(\.text) == ["The reason was Money: that's all.", "I think we --", "No."])
        #expect(speakers(srt) == ["Alice", "Bob", "Carol"])
        #expect(srt.doubtfulLabels == [DoubtfulLabel(line: 4, text: "Money: that's all.",
            reason: "a label's shape at the start of a cue's later line, inside an unfinished sentence: kept as speech", taken: false)])
    }

    func readTEI(_ xml: String) -> Result<(documents: [Document], warnings: [String]), LoaderReadError> {
        TEIReader().read(DecodedText(bytes: Array(xml.utf8), warnings: []), id: "deep", path: "deep.xml")
    }

    /// Elements nested far deeper than any transcript are refused, saying so, rather than read by
    /// recursion that runs out of stack: 50,000 `<div>` (ParlaMint's reading) and 100,000 `<hi>` inside a
    /// FRUS paragraph.
    @Test func teiNestedTooDeepIsRefused() {
        let divs = 50_000
        let parlaMint = readTEI("<TEI><text><body>" + String(repeating: "<div>", count: divs) + "<u who=\"#a\">hi</u>"
                                + String(repeating: "</div>", count: divs) + "</body></text></TEI>")
        let his = 100_000
        let frus = readTEI("<TEI><text><body><div type=\"document\"><p><persName>Kissinger</persName>: "
                           + String(repeating: "<hi>", count: his) + "x" + String(repeating: "</hi>", count: his)
                           + "</p></div></body></text></TEI>")
        for result in [parlaMint, frus] {
            guard case .failure(let error) = result else {
                Issue.record("read a file nested too deep")
                continue
            }
            #expect(error.message == "elements nested more than 1000 deep (line 1), far deeper than any transcript: not read")
        }
    }

    /// Nesting of 1,000 levels is read: `<TEI>`, `<text>`, `<body>`, 995 `<div>`, the `<u>` and its `<seg>`.
    @Test func teiNestedAThousandDeepIsRead() throws {
        let divs = 995
        let read = try readTEI("<TEI><text><body>" + String(repeating: "<div>", count: divs) + "<u who=\"#a\"><seg>hi</seg></u>"
                               + String(repeating: "</div>", count: divs) + "</body></text></TEI>").get()
        #expect(read.documents.first?.utterances.map(\.text) == ["hi"])
    }

    /// A TEI file cut off mid-paragraph keeps the utterances complete before the cut; the lines from the
    /// cut-off element on are kept as unplaced lines, and a warning says so.
    @Test func teiCutOffKeepsItsWellFormedStart() throws {
        let frus = try readTEI("""
            <?xml version="1.0" encoding="UTF-8"?>
            <TEI><text><body>
            <div type="document" xml:id="d1">
            <head>Memorandum of Conversation</head>
            <p><persName>Kissinger</persName>: Good afternoon.</p>
            <p>This continues Kissinger.</p>
            <p><persName>Dobrynin</persName>: I agree.</p>
            <p><persName>Kissinger</persName>: Then we

            """).get()
        let d = try #require(frus.documents.first)
        #expect(frus.documents.count == 1)
        #expect(d.utterances.map(\.text) == ["Good afternoon.", "This continues Kissinger.", "I agree."])
        #expect(speakers(d) == ["Kissinger", "Kissinger", "Dobrynin"])
        #expect(d.unplacedLines.map(\.line) == [8])
        #expect(d.unplacedLines.first?.text == "<p><persName>Kissinger</persName>: Then we")
        #expect(frus.warnings.count == 1)
        #expect(frus.warnings.first?.hasPrefix("line ") == true)
        #expect(frus.warnings.first?.hasSuffix("(the file ends before its elements close); what comes before is read, and the rest, "
                                                + "from line 8, could not be read and is listed as unplaced lines") == true)

        // ParlaMint: the open `<u>` keeps its complete `<seg>`s.
        let parlaMint = try readTEI("<TEI><text><body>\n<u who=\"#a\"><seg>One.</seg>\n<seg>Two.</seg>\n<seg>Thr\n").get()
        let p = try #require(parlaMint.documents.first)
        #expect(p.utterances.map(\.text) == ["One.", "Two."])
        #expect(p.unplacedLines.map(\.line) == [4])
    }

    /// HTML's named entities, declared in a DOCTYPE or not, are read as their characters; an entity neither
    /// XML's nor HTML's is read as a space, with a warning, so the words either side stay two.
    @Test func teiHTMLEntitiesAreReadAndUnknownOnesKeepWordsApart() throws {
        let body = "<TEI><text><body><u who=\"#a\"><seg>Let&nbsp;us begin &mdash; caf&eacute; &ldquo;now&rdquo;&hellip;</seg>\n"
            + "<seg>We met&boss;today &amp; &lt;then&gt;.</seg></u></body></text></TEI>\n"
        for (xml, lines) in [(body, 2), ("<!DOCTYPE TEI [ <!ENTITY nbsp \"&#160;\"> ]>\n" + body, 3)] {
            let read = try readTEI(xml).get()
            let d = try #require(read.documents.first)
            #expect(d.utterances.map(\.text) == ["Let us begin — café “now”…", "We met today & <then>."])
            #expect(d.unplacedLines.isEmpty)
            #expect(read.warnings.filter { $0.contains("entity") } == [
                "line \(lines): the entity &boss; is neither XML's nor HTML's, nor declared in the DOCTYPE: a space stands in its place"])
        }
    }

    /// An entity the DOCTYPE declares with plain text is read as that text, in speech and in attributes,
    /// its character references and XML's and HTML's entities read as they would be in the body, and ahead
    /// of HTML's meaning of the same name. One declared with markup or as an external file, or not
    /// declared, is still a space, with a warning that says which.
    @Test func teiDoctypePlainTextEntitiesAreRead() throws {
        let read = try readTEI("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE TEI [
              <!-- <!ENTITY boss "a comment, not a declaration"> -->
              <!ENTITY boss "The Chairman">
              <!ENTITY boss "a second declaration, which XML ignores">
              <!ENTITY firm 'Smith &amp; Sons &#8212; "caf&eacute;"'>
              <!ENTITY mdash "--">
              <!ENTITY % local "a parameter entity">
              <!ENTITY logo SYSTEM "logo.xml">
              <!ENTITY bold "<hi>bold</hi>">
            ]>
            <TEI><text><body><note type="speaker">&boss;:</note><u who="#a" ana="&firm;">
            <seg>&boss; spoke for &firm; &mdash; twice.</seg>
            <seg>See &logo;and &bold;, &other;here.</seg></u></body></text></TEI>

            """).get()
        let d = try #require(read.documents.first)
        #expect(d.utterances.map(\.text) == ["The Chairman spoke for Smith & Sons — \"café\" -- twice.", "See and , here."])
        #expect(d.turns.map(\.label) == ["The Chairman:"])
        #expect(d.unplacedLines.isEmpty)
        #expect(read.warnings.filter { $0.contains("entity") } == [
            "line 14: the entity &logo; is declared in the DOCTYPE as an external file, which is not read: a space stands in its place",
            "line 14: the entity &bold; is declared in the DOCTYPE with markup, which is not read: a space stands in its place",
            "line 14: the entity &other; is neither XML's nor HTML's, nor declared in the DOCTYPE: a space stands in its place"])
    }

    /// A ParlaMint linguistically annotated session (`.ana.xml`): one token a line, as the corpus is
    /// pretty-printed. A segment's text is built from its `<w>` and `<pc>` tokens, a space between two,
    /// none after `join="right"` nor before `join="left"`, and a space between sentences; the syntax
    /// `<linkGrp>` adds nothing, `<name>` wraps words, a contraction's inner `<w norm>` are not read twice.
    @Test func parlaMintAnnotatedSegmentsReadFromTheirTokens() throws {
        let read = try readTEI("""
            <?xml version="1.0" encoding="UTF-8"?>
            <TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="ParlaMint-GB_2020-01-06.ana" xml:lang="en">
              <teiHeader>
                <fileDesc>
                  <titleStmt>
                    <title type="main" xml:lang="en">Minutes of the House of Commons, 2020-01-06 [ParlaMint.ana]</title>
                  </titleStmt>
                </fileDesc>
                <profileDesc>
                  <particDesc>
                    <listPerson>
                      <person xml:id="SmithJohn">
                        <persName><forename>John</forename><surname>Smith</surname></persName>
                      </person>
                    </listPerson>
                  </particDesc>
                </profileDesc>
              </teiHeader>
              <text ana="#reference">
                <body>
                  <div type="debateSection">
                    <note type="speaker">Mr John Smith:</note>
                    <u xml:id="ParlaMint-GB_2020-01-06.u1" who="#SmithJohn" ana="#regular">
                      <seg xml:id="ParlaMint-GB_2020-01-06.seg1">
                        <s xml:id="ParlaMint-GB_2020-01-06.seg1.1">
                          <w xml:id="ParlaMint-GB_2020-01-06.seg1.1.1" lemma="it" pos="PRON" msd="UPosTag=PRON|Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs" join="right">It</w>
                          <w xml:id="ParlaMint-GB_2020-01-06.seg1.1.2" lemma="be" pos="AUX" msd="UPosTag=AUX|Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin">'s</w>
                          <w xml:id="ParlaMint-GB_2020-01-06.seg1.1.3" lemma="fine" pos="ADJ" msd="UPosTag=ADJ|Degree=Pos" join="right">fine</w>
                          <pc xml:id="ParlaMint-GB_2020-01-06.seg1.1.4" lemma="!" pos="PUNCT" msd="UPosTag=PUNCT">!</pc>
                          <linkGrp targFunc="head argument" type="UD-SYN">
                            <link ana="ud-syn:nsubj" target="#ParlaMint-GB_2020-01-06.seg1.1.3 #ParlaMint-GB_2020-01-06.seg1.1.1"/>
                            <link ana="ud-syn:cop" target="#ParlaMint-GB_2020-01-06.seg1.1.3 #ParlaMint-GB_2020-01-06.seg1.1.2"/>
                            <link ana="ud-syn:root" target="#ParlaMint-GB_2020-01-06.seg1.1 #ParlaMint-GB_2020-01-06.seg1.1.3"/>
                            <link ana="ud-syn:punct" target="#ParlaMint-GB_2020-01-06.seg1.1.3 #ParlaMint-GB_2020-01-06.seg1.1.4"/>
                          </linkGrp>
                        </s>
                        <s xml:id="ParlaMint-GB_2020-01-06.seg1.2">
                          <w xml:id="ParlaMint-GB_2020-01-06.seg1.2.1" lemma="hello" pos="INTJ" msd="UPosTag=INTJ" join="right">Hello</w>
                          <pc xml:id="ParlaMint-GB_2020-01-06.seg1.2.2" lemma="," pos="PUNCT" msd="UPosTag=PUNCT">,</pc>
                          <name type="PER">
                            <w xml:id="ParlaMint-GB_2020-01-06.seg1.2.3" lemma="Mary" pos="PROPN" msd="UPosTag=PROPN|Number=Sing">Mary</w>
                            <w xml:id="ParlaMint-GB_2020-01-06.seg1.2.4" lemma="Jones" pos="PROPN" msd="UPosTag=PROPN|Number=Sing" join="right">Jones</w>
                          </name>
                          <pc xml:id="ParlaMint-GB_2020-01-06.seg1.2.5" lemma="." pos="PUNCT" msd="UPosTag=PUNCT">.</pc>
                          <linkGrp targFunc="head argument" type="UD-SYN">
                            <link ana="ud-syn:root" target="#ParlaMint-GB_2020-01-06.seg1.2 #ParlaMint-GB_2020-01-06.seg1.2.1"/>
                          </linkGrp>
                        </s>
                      </seg>
                      <seg xml:id="ParlaMint-GB_2020-01-06.seg2">
                        <s xml:id="ParlaMint-GB_2020-01-06.seg2.1">
                          <w xml:id="ParlaMint-GB_2020-01-06.seg2.1.1" lemma="we" pos="PRON" msd="UPosTag=PRON|Case=Nom|Number=Plur|Person=1|PronType=Prs">We</w>
                          <w xml:id="ParlaMint-GB_2020-01-06.seg2.1.2" lemma="agree" pos="VERB" msd="UPosTag=VERB|Mood=Ind|Tense=Pres|VerbForm=Fin" join="right">agree</w>
                          <pc xml:id="ParlaMint-GB_2020-01-06.seg2.1.3" lemma="." pos="PUNCT" msd="UPosTag=PUNCT">.</pc>
                        </s>
                        <vocal type="laughter">
                          <desc>Laughter</desc>
                        </vocal>
                        <s xml:id="ParlaMint-GB_2020-01-06.seg2.2">
                          <w xml:id="ParlaMint-GB_2020-01-06.seg2.2.1" lemma="the" pos="DET" msd="UPosTag=DET|Definite=Def|PronType=Art" join="right">The</w>
                          <gap reason="inaudible"/>
                          <w xml:id="ParlaMint-GB_2020-01-06.seg2.2.2" lemma="rise" pos="VERB" msd="UPosTag=VERB|Mood=Ind|Tense=Past|VerbForm=Fin">rose</w>
                          <w xml:id="ParlaMint-GB_2020-01-06.seg2.2.3" lemma="20" pos="NUM" msd="UPosTag=NUM|NumType=Card">20</w>
                          <pc xml:id="ParlaMint-GB_2020-01-06.seg2.2.4" lemma="%" pos="SYM" msd="UPosTag=SYM" join="left">%</pc>
                          <w xml:id="ParlaMint-GB_2020-01-06.seg2.2.5" lemma="del" pos="ADP" msd="UPosTag=ADP">del<w norm="de" lemma="de" pos="ADP" msd="UPosTag=ADP"/><w norm="el" lemma="el" pos="DET" msd="UPosTag=DET|Definite=Def"/></w>
                          <w xml:id="ParlaMint-GB_2020-01-06.seg2.2.6" lemma="total" pos="NOUN" msd="UPosTag=NOUN|Number=Sing" join="right">total</w>
                          <pc xml:id="ParlaMint-GB_2020-01-06.seg2.2.7" lemma="." pos="PUNCT" msd="UPosTag=PUNCT">.</pc>
                        </s>
                      </seg>
                    </u>
                  </div>
                </body>
              </text>
            </TEI>

            """).get()
        let d = try #require(read.documents.first)
        #expect(d.utterances.map(\.text) == ["It's fine! Hello, Mary Jones.", "We agree. (…) The […] rose 20% del total.", "Laughter"])
        #expect(d.utterances.map(\.kind) == [.speech, .speech, .direction])
        #expect(d.utterances.map(\.location.line) == [24, 50, 56])
        #expect(d.speakers.map(\.name) == ["John Smith"])
        #expect(read.warnings.isEmpty)

        // Written without whitespace between elements, the same rules give the same spaces.
        let compact = try readTEI("<TEI><text><body><u who=\"#a\"><seg><s><w join=\"right\">It</w><w>'s</w>"
                                  + "<w join=\"right\">fine</w><pc>!</pc></s><s><w>Yes</w></s></seg></u></body></text></TEI>").get()
        #expect(compact.documents.first?.utterances.map(\.text) == ["It's fine! Yes"])
    }

    /// Bytes as the loader decodes them, then read as TEI.
    func readTEI(bytes: [UInt8]) throws -> (document: Document?, warnings: [String]) {
        let decoded = try DecodedText.decode(bytes).get()
        let read = try TEIReader().read(decoded, id: "session", path: "session.xml").get()
        return (read.documents.first, decoded.warnings + read.warnings)
    }

    /// A ParlaMint session of one turn of two segments, declaring `encoding`.
    func session(_ encoding: String, _ first: String, _ second: String) -> String {
        """
        <?xml version="1.0" encoding="\(encoding)"?>
        <TEI><text><body><u who="#a"><seg>\(first)</seg><seg>\(second)</seg></u></body></text></TEI>

        """
    }

    /// A UTF-16 file that says so in its declaration is read: the parser is given UTF-8 that says UTF-8.
    @Test func teiInUTF16DeclaringUTF16() throws {
        let text = session("UTF-16", "Bon día.", "Gràcies.")
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let (d, warnings) = try readTEI(bytes: bytes)
        #expect(d?.utterances.map(\.text) == ["Bon día.", "Gràcies."])
        #expect(d?.unplacedLines.isEmpty == true)
        #expect(!warnings.contains { $0.contains("not well-formed") })
    }

    /// A file that declares ISO-8859-1 is decoded as Latin-1 once (with Windows-1252's quotes), not turned
    /// into U+FFFD nor decoded a second time by the parser.
    @Test func teiInLatin1DeclaringLatin1() throws {
        // `Bon d\xEDa, caf\xE9.` and `\x93Yes\x94`, in Latin-1 and Windows-1252 bytes.
        var bytes = Array(session("ISO-8859-1", "Bon d_a, caf_.", "_Yes_").utf8)
        let latin1: [UInt8] = [0xED, 0xE9, 0x93, 0x94]
        var next = 0
        for i in bytes.indices where bytes[i] == 0x5F {
            bytes[i] = latin1[next]
            next += 1
        }
        let (d, warnings) = try readTEI(bytes: bytes)
        #expect(d?.utterances.map(\.text) == ["Bon día, café.", "“Yes”"])
        #expect(warnings.first == "read as ISO-8859-1, as its XML declaration says")
    }

    /// A file that declares Latin-1 but is UTF-8 is read as UTF-8, with a warning, and the parser does not
    /// decode it again.
    @Test func teiInUTF8DeclaringLatin1() throws {
        let (d, warnings) = try readTEI(bytes: Array(session("ISO-8859-1", "Bon día, café.", "Adéu.").utf8))
        #expect(d?.utterances.map(\.text) == ["Bon día, café.", "Adéu."])
        #expect(warnings.first == "its XML declaration says ISO-8859-1, but the bytes are UTF-8: read as UTF-8")
    }

    func readChat(_ text: String, path: String = "t.cha") throws -> Document {
        let decoded = try DecodedText.decode(Array(text.utf8)).get()
        return try #require(ChatReader().read(decoded, id: "t", path: path).documents.first)
    }

    /// CHAT's `0` (an action without speech) and the count of `[x 2]` (said twice) are codes, not figures;
    /// a number said beside them still is one.
    @Test func chatCodesHoldNoFigures() throws {
        let d = try readChat("@UTF8\n@Begin\n@Participants:\tCHI Ann Target_Child, MOT Mother\n"
                             + "*CHI:\t0 .\n*MOT:\tno [/] no way [x 2] .\n*MOT:\tyou have 3 cookies [x 2] .\n@End\n")
        #expect(d.utterances.map(\.text) == ["0 .", "no [/] no way [x 2] .", "you have 3 cookies [x 2] ."])
        #expect(d.utterances.map { $0.figures.map(\.value) } == [[], [], [3]])
    }

    /// `@Participants` gives each speaker's role; an `@ID` line's role stands in its place.
    @Test func chatRolesFromParticipantsWithoutAnID() throws {
        let d = try readChat("@UTF8\n@Begin\n@Participants:\tCHI Eve Target_Child, MOT Sue Mother, FAT Brian Father,\n"
                             + "\tINV Ann Investigator\n@ID:\teng|brown|CHI|1;6.|female|||Target_Child|||\n"
                             + "@ID:\teng|brown|MOT|||||Mother|||\n@ID:\teng|brown|INV|||||Teacher|||\n"
                             + "*CHI:\thi .\n*FAT:\thello Eve .\n@End\n")
        #expect(d.speakers.map(\.name) == ["Eve", "Sue", "Brian", "Ann"])
        let roles = d.speakers.map { $0.attributes.filter { $0.name == "role" }.map(\.value) }
        #expect(roles == [["Target_Child"], ["Mother"], ["Father"], ["Teacher"]])
        #expect(d.speakers[2].attributes.map(\.source) == ["t.cha:3 (@Participants)"])
        #expect(d.speakers[0].attributes.map(\.name) == ["age", "sex", "role"])
    }

    /// In Brown's Eve, the two main tiers that are `0 .` alone (lines 2998 and 4313) hold no figure.
    @Test(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
    func eveActionsWithoutSpeechHoldNoFigures() throws {
        let name = "1962-10-brown-eve-010600a.cha"
        let text = try SharedCorpus.text(name)
        let lines = text.components(separatedBy: "\n").enumerated()
            .filter { $0.element.wholeMatch(of: /\*[A-Z]+:\t0 \./) != nil }.map { $0.offset + 1 }
        #expect(lines == [2998, 4313])
        let decoded = try DecodedText.decode(Array(text.utf8)).get()
        let documents = ChatReader().read(decoded, id: "eve", path: SharedCorpus.path(name)).documents
        let actions = documents.flatMap(\.utterances).filter { lines.contains($0.location.line) }
        #expect(actions.count == 2)
        #expect(actions.allSatisfy { $0.figures.isEmpty })
    }
}
