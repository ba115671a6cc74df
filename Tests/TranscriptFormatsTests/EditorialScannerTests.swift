import Foundation
import TestSupport
import Testing
import TranscriptModel
import TranscriptFormats

/// Editorial spans and strike-through removal, on small strings and on the reference document.
@Suite struct EditorialScannerTests {
    /// The UTF-8 byte range of the first occurrence of `needle` in `text`.
    private func range(of needle: String, in text: String) -> Range<Int>? {
        guard let found = text.range(of: needle) else { return nil }
        let start = text.utf8.distance(from: text.utf8.startIndex, to: found.lowerBound)
        return start..<(start + needle.utf8.count)
    }

    /// The kinds and contents of the spans `EditorialScanner` finds in `text`.
    private func kinds(_ text: String) -> [String] {
        EditorialScanner.scan(text).spans.map { "\($0.kind.rawValue):\($0.content)" }
    }

    // MARK: Real cases

    @Test func referenceSentenceHasInsertionNoteElisionAndQuestion() throws {
        let text = "The issue [was] a serious mistake [sic] [...] [?]"
        let (out, spans) = EditorialScanner.scan(text)
        #expect(out == text)
        #expect(spans.count == 4)
        #expect(spans.map(\.kind) == [.insertion, .note, .elision, .note])
        #expect(spans.map(\.content) == ["was", "sic", "\u{2026}", "?"])
        #expect(spans.map(\.range) == [
            try #require(range(of: "[was]", in: text)),
            try #require(range(of: "[sic]", in: text)),
            try #require(range(of: "[...]", in: text)),
            try #require(range(of: "[?]", in: text)),
        ])
        #expect(spans.allSatisfy { $0.replaced == nil })
    }

    /// Transcription services' tags and times in brackets are the transcriber's notes, not words the
    /// editor supplied for the speaker: they were insertions, and counted as the speaker's words.
    @Test func transcribersTagsAndTimesAreNotes() {
        let tags = ["no audible response", "long pause", "overlapping", "background noise", "phonetic", "ph", "chuckles",
                    "redacted", "speaking Spanish", "audio cuts out", "end of tape", "technical difficulties", "overlap",
                    "00:00:20", "01:02:03.25", "01:30"]
        for tag in tags { #expect(kinds("one [\(tag)] two") == ["note:\(tag)"], "\(tag)") }
        // Words the editor supplies stay insertions; a time of day in words is no time alone.
        #expect(kinds("the [agricultural] levy [at 10:30]") == ["insertion:agricultural", "insertion:at 10:30"])
        // A ratio or a verse has a part of one digit: no time.
        #expect(kinds("ruled [5:4], Genesis [3:16], a [16:9] screen") == ["insertion:5:4", "insertion:3:16", "insertion:16:9"])
    }

    @Test func formattingTagsGoTheirWordsStay() throws {
        #expect(EditorialScanner.scan("the O<sub>2</sub> tank, H<sub>2</sub>O, T<SUB>ig</SUB>").text == "the O2 tank, H2O, Tig")
        #expect(EditorialScanner.scan("<b><i>Both</i></b> and x<sup>2</sup> [sic]").text == "Both and x2 [sic]")
        #expect(kinds("<b><i>Both</i></b> and x<sup>2</sup> [sic]") == ["note:sic"])
        // A tag that does not close, or has attributes, is text: it may be what someone wrote about HTML.
        for kept in ["type <b> for bold", "a <sub class=\"x\">2</sub>", "</sub> first"] {
            #expect(EditorialScanner.scan(kept).text == kept)
        }
        #expect(EditorialScanner.scan("<i>a <i>b</i>").text == "<i>a b")
        // Inside a struck passage and around a correction.
        let (out, spans) = EditorialScanner.scan("and <s>CO<sub>2</sub> </s>[O<sub>2</sub>] flow")
        #expect(out == "and CO2 [O2] flow")
        #expect(spans.map(\.content) == ["O2"] && spans.first?.replaced == "CO2")
    }

    @Test func bidenResilienceCorrection() throws {
        let text = "and <s>Reliance </s>[Resilience] partnership — CORE — between Japan"
        let (out, spans) = EditorialScanner.scan(text)
        #expect(out == "and Reliance [Resilience] partnership — CORE — between Japan")
        let covered = try #require(range(of: "Reliance [Resilience]", in: out))
        #expect(spans == [EditorialSpan(kind: .correction, range: covered, content: "Resilience",
                                        replaced: "Reliance")])
    }

    @Test func bidenJCPOACorrectionWithSpaceBeforeBracket() throws {
        let text = "allow us to move back into the <s>JOPCA</s> [JCPOA], and so that we"
        let (out, spans) = EditorialScanner.scan(text)
        #expect(out == "allow us to move back into the JOPCA [JCPOA], and so that we")
        #expect(spans == [EditorialSpan(kind: .correction, range: try #require(range(of: "JOPCA [JCPOA]", in: out)),
                                        content: "JCPOA", replaced: "JOPCA")])
    }

    @Test func bidenJCPOACorrectionAsWrittenWithNoBreakSpaces() throws {
        // The press release has U+00A0 on both sides of the struck word.
        let text = "allow us to move back into the\u{A0}<s>JOPCA</s>\u{A0}[JCPOA], and so that we"
        let (out, spans) = EditorialScanner.scan(text)
        #expect(out == "allow us to move back into the\u{A0}JOPCA\u{A0}[JCPOA], and so that we")
        #expect(spans == [EditorialSpan(kind: .correction,
                                        range: try #require(range(of: "JOPCA\u{A0}[JCPOA]", in: out)),
                                        content: "JCPOA", replaced: "JOPCA")])
        let struck = EditorialScanner.scan("<s>Reliance\u{A0}</s>[Resilience]").spans
        #expect(struck.map(\.replaced) == ["Reliance"])
    }

    @Test func apolloSourceMarkupIsNotASpan() {
        for text in ["CMP: Okay. [glossary:P11], Jim.",
                     "Level sense arm time [time:00:00:08:38|8 plus 38] nominal",
                     "Stand by for [glossary:S-IVB] to [glossary:COI]"] {
            let (out, spans) = EditorialScanner.scan(text)
            #expect(out == text)
            #expect(spans.isEmpty, "\(text)")
        }
    }

    @Test func quarterMillionRublesHasOneNote() {
        #expect(kinds("in the value of a quarter million [?] Rub. when Hungary") == ["note:?"])
    }

    @Test func bracketDirectlyAfterWordAndPunctuation() throws {
        let text = "bankrupts the state[?] The leaders are virtually turned into students.[…]"
        let spans = EditorialScanner.scan(text).spans
        #expect(spans.map(\.kind) == [.note, .elision])
        #expect(spans.map(\.range) == [try #require(range(of: "[?]", in: text)),
                                       try #require(range(of: "[…]", in: text))])
    }

    @Test(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
    func referenceDocumentSpansCountedByKind() throws {
        // Counted with `grep -o '\[[^]]*\]'` over the utterances (header and `Document Information` footer left
        // out): 38 bracket pairs, of which `[…]` ×2 are elisions, `[sic]` ×2 and `[?]` ×2 notes.
        let text = try SharedCorpus.text("1953-06-13-kremlin-hungarian-delegation.txt")
        let body = try #require(text.components(separatedBy: "Document Information").first)
        let lines = body.split(separator: "\n").drop { !$0.hasPrefix("Kremlin,") }.dropFirst()
        var counts: [EditorialKind: Int] = [:]
        for line in lines {
            for span in EditorialScanner.scan(String(line)).spans { counts[span.kind, default: 0] += 1 }
        }
        #expect(counts[.elision] == 2)
        #expect(counts[.note] == 4)
        #expect(counts[.insertion] == 32)
        #expect(counts[.correction] == nil)
    }

    // MARK: Kinds

    @Test func elisions() {
        #expect(kinds("a […] b [...] c [. . .] d [ .... ]") == Array(repeating: "elision:…", count: 4))
    }

    @Test func notes() {
        let texts = ["[sic]", "[sic!]", "[SIC]", "[?]", "[!]", "[?!]", "[illegible]", "[Inaudible.]", "[unclear]",
                     "[crosstalk]", "[Laughter]", "[inaudible 00:03:12]", "[Page 3 of the original is missing.]",
                     "[Botha reads it.]", "[forints?]", "[Is this right?]", "[Note: the page is torn]",
                     "[That is wrong!]", "[Interruption.]", "[ Interruption.]", "[Interruptions]", "[Cheers.]", "[whispering]", "[Music]"]
        for text in texts {
            let spans = EditorialScanner.scan("x \(text) y").spans
            #expect(spans.map(\.kind) == [.note], "\(text)")
        }
        #expect(kinds("[ sic! ]") == ["note:sic!"])
    }

    @Test func insertions() {
        let texts = ["agricultural", "only", "question of", "KV", "Molotov", "to his animals", "István",
                     "with the Party", "etc.", "U.S.", "1", "Rákosi's"]
        for word in texts {
            #expect(kinds("x [\(word)] y") == ["insertion:\(word)"], "\(word)")
        }
    }

    @Test func contentIsTrimmedAndRangeCoversBrackets() throws {
        let text = "Comrade [ István ] Hidas"
        let spans = EditorialScanner.scan(text).spans
        #expect(spans == [EditorialSpan(kind: .insertion, range: try #require(range(of: "[ István ]", in: text)),
                                        content: "István")])
    }

    @Test func emptyBracketsAreText() {
        #expect(kinds("a [] b [ ] c").isEmpty)
    }

    // MARK: Corrections and deletions

    @Test func strikeThroughWithoutBracketIsADeletion() throws {
        let (out, spans) = EditorialScanner.scan("we <s>never</s> said it")
        #expect(out == "we never said it")
        #expect(spans == [EditorialSpan(kind: .correction, range: try #require(range(of: "never", in: out)),
                                        content: "", replaced: "never")])
    }

    @Test func otherStrikeThroughMarkup() throws {
        let (del, delSpans) = EditorialScanner.scan("the <DEL>old</DEL> [new] plan")
        #expect(del == "the old [new] plan")
        #expect(delSpans == [EditorialSpan(kind: .correction, range: try #require(range(of: "old [new]", in: del)),
                                           content: "new", replaced: "old")])

        let (tilde, tildeSpans) = EditorialScanner.scan("a ~~wrong word~~ [right word] here")
        #expect(tilde == "a wrong word [right word] here")
        #expect(tildeSpans == [EditorialSpan(kind: .correction,
                                             range: try #require(range(of: "wrong word [right word]", in: tilde)),
                                             content: "right word", replaced: "wrong word")])

        let (strike, strikeSpans) = EditorialScanner.scan("<strike>gone</strike>")
        #expect(strike == "gone")
        #expect(strikeSpans == [EditorialSpan(kind: .correction, range: 0..<4, content: "", replaced: "gone")])
    }

    @Test func noteAfterStruckWordsStaysANote() {
        // Only an insertion can be a replacement; `[sic]` after struck words stays the editor's remark.
        let (out, spans) = EditorialScanner.scan("<s>teh</s> [sic] cat")
        #expect(out == "teh [sic] cat")
        #expect(spans.map(\.kind) == [.correction, .note])
        #expect(spans.first?.content == "")
        #expect(spans.first?.replaced == "teh")
    }

    @Test func unclosedOrMalformedStrikeThroughIsText() {
        for text in ["a <s>b", "a </s> b", "~~ a~~", "~~a ~~", "~~", "~~~~", "<s></s>", "a <s> </s> b", "<s><s>x"] {
            let (out, spans) = EditorialScanner.scan(text)
            if text.contains("</s>") && text.contains("<s>") {
                #expect(!out.contains("<s>"), "\(text)")
            } else {
                #expect(out == text, "\(text)")
            }
            #expect(spans.isEmpty, "\(text)")
        }
    }

    @Test func nestedStrikeTagsKeepTheInnerPair() {
        let (out, spans) = EditorialScanner.scan("<s>a <s>b</s> c")
        #expect(out == "<s>a b c")
        #expect(spans.map(\.replaced) == ["b"])
    }

    // MARK: Unbalanced and nested brackets

    @Test func unbalancedBracketsAreText() throws {
        #expect(kinds("an unclosed [ bracket").isEmpty)
        #expect(kinds("a stray ] bracket").isEmpty)
        #expect(kinds("[[[[").isEmpty)
        #expect(kinds("]]]][").isEmpty)
        let nested = "a [b [c] d] e"
        let spans = EditorialScanner.scan(nested).spans
        let inner = try #require(range(of: "[c]", in: nested))
        #expect(spans == [EditorialSpan(kind: .insertion, range: inner, content: "c")])
    }

    @Test func longBracketPairIsText() {
        let inner199 = String(repeating: "a", count: 198)
        #expect(kinds("[\(inner199)]").count == 1)  // 200 bytes with its brackets
        #expect(kinds("[\(inner199)a]").isEmpty)  // 201 bytes
    }

    @Test func markdownLinksAndFootnoteReferencesAreNotSpans() {
        #expect(kinds("see [the record](https://example.org) and [^1]").isEmpty)
    }

    @Test func textWithoutMarkupComesBackUnchanged() {
        let text = "Comrade Rákosi said that Péter could not be released."
        let (out, spans) = EditorialScanner.scan(text)
        #expect(out == text)
        #expect(spans.isEmpty)
    }

    // MARK: Robustness

    @Test func pathologicalInputsNeverCrashAndRangesAreValid() {
        var inputs = ["", "[", "]", "[[[[", "]]]]", "[]", "<s>", "</s>", "~~", "~~~", "<", "<s", "<s>[", "[<s>]</s>",
                      "<s>a</s>[", "<s>a</s> [b", "<s>é</s>\u{301}[x]", "[x]\u{301}", "\u{600}[x]", "[…",
                      "[…]…]",
                      "1,2,3,,", "--", String(repeating: "[", count: 10_000),
                      String(repeating: "<s>", count: 5_000), String(repeating: "~~a", count: 5_000),
                      String(repeating: "[a", count: 5_000) + "]", String(repeating: "1", count: 100_000)]
        var generator = SplitMix64(seed: 0x5EED)
        let pieces = ["[", "]", "<s>", "</s>", "<del>", "</del>", "~~", " ", "a", "Á", "\u{301}", "…", ".", "?", "!",
                      "sic", "glossary:", "time:", ":", "|", "1", "é", "🇭🇺", "\u{600}", "\r", "\n", "(", "^",
                      "\u{FFFD}", "\u{A0}"]
        for _ in 0..<2_000 {
            let count = Int(generator.next() % 24)
            inputs.append((0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            inputs.append(String(decoding: bytes, as: UTF8.self))
        }
        var total = 0
        for input in inputs {
            let (out, spans) = EditorialScanner.scan(input)
            total += spans.count
            for span in spans {
                #expect(ScannerTestSupport.isValidSlice(span.range, of: out), "\(input.debugDescription) \(span)")
            }
        }
        #expect(total > 1_000)  // the generator does reach the scanner's paths
    }

    @Test func spanThatWouldSplitACharacterIsDropped() {
        // `]` followed by a combining accent: the span's end would fall inside the character `]́`.
        #expect(EditorialScanner.scan("[x]\u{301} and [y]").spans.map(\.content) == ["y"])
        #expect(EditorialScanner.scan("\u{600}[x]").spans.isEmpty)  // a prepended mark joins the bracket
    }
}

/// Helpers shared by the scanner tests, kept in one namespace so they cannot collide with other tests.
enum ScannerTestSupport {
    /// Whether `range` is a non-empty slice of `text`'s UTF-8 on Character boundaries that round-trips.
    static func isValidSlice(_ range: Range<Int>, of text: String) -> Bool {
        let utf8 = text.utf8
        guard range.lowerBound >= 0, range.upperBound <= utf8.count, !range.isEmpty else { return false }
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        guard lower.samePosition(in: text) != nil, upper.samePosition(in: text) != nil,
              let slice = String(utf8[lower..<upper]) else { return false }
        return Array(slice.utf8) == Array(utf8[lower..<upper]) && String(text[lower..<upper]) == slice
    }
}
