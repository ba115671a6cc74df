import Foundation
import Testing
@testable import TranscriptFormats
import TranscriptModel

/// CHAT codes are annotations, not an editor's voice; `[: word]` is a correction of the word before it.
@Suite struct ChatAnnotationTests {
    func read(_ text: String) throws -> Document {
        let decoded = try DecodedText.decode(Array(text.utf8)).get()
        return try #require(ChatReader().read(decoded, id: "t", path: "t.cha").documents.first)
    }

    @Test func codesAreAnnotationsAndTheReplacementIsACorrection() throws {
        let d = try read("@UTF8\n@Begin\n@Participants:\tCHI Ann Target_Child, MOT Mother\n"
                         + "*CHI:\tmore cookie [: cookies] [*] .\n*MOT:\tyou [x 2] want@o more [+ bch] [* p:w] ?\n@End\n")
        #expect(d.utterances.map(\.text) == ["more cookie [: cookies] [*] .", "you [x 2] want@o more [+ bch] [* p:w] ?"])
        #expect(d.utterances[0].editorial == [EditorialSpan(kind: .correction, range: 5..<23, content: "cookies", replaced: "cookie")])
        #expect(d.utterances[1].editorial.isEmpty)
        #expect(d.annotations.map(\.code) == ["*", "x", "+", "*", "@o"])
        #expect(d.annotations.map(\.utterance) == [0, 1, 1, 1, 1])
        #expect(d.annotations.map(\.text) == ["[*]", "[x 2]", "[+ bch]", "[* p:w]", "@o"])
        // Exported and read back, the annotations stay.
        let back = try JSONLinesReader().read(DecodedText.decode(Array(JSONLinesWriter.write([d]).utf8)).get(), path: "x").get()
        #expect(back.documents == [d])
    }

    @Test(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
    func eveCodesCountedFromTheFile() throws {
        let text = try SharedCorpus.text("1962-10-brown-eve-010600a.cha")
        let tiers = text.components(separatedBy: "\n").filter { $0.hasPrefix("*") }.joined(separator: "\n")
        func count(_ pattern: String) throws -> Int {
            try NSRegularExpression(pattern: pattern).numberOfMatches(in: tiers, range: NSRange(tiers.startIndex..., in: tiers))
        }
        let brackets = try count(#"\[[^\]]*\]"#)
        let corrections = try count(#"\[: [^\]]*\]"#)
        let markers = try count(#"\S@[a-z]+"#)
        // Words that are none (`xxx`, `0`, `&=laughs`) and words partly said (`op(en)`), as tokens between spaces.
        let tokens = tiers.split { $0 == " " || $0 == "\t" || $0 == "\n" }.map { $0.drop { $0 == "<" }.reversed().drop { $0 == ">" || $0 == "," }.reversed() }
            .map { String($0) }
        let notWords = tokens.filter { token in
            ["xxx", "yyy", "www"].contains(token) || token.wholeMatch(of: /0[A-Za-z']*/) != nil || token.hasPrefix("&=")
                || token.wholeMatch(of: /[A-Za-z']*(\([A-Za-z']+\)[A-Za-z']*)+/) != nil && token.contains(/[A-Za-z'](\(|$)|(^|\))[A-Za-z']/)
        }.count
        #expect(notWords > 100)
        let result = Loader().load([SharedCorpus.path("1962-10-brown-eve-010600a.cha")])
        let annotations = result.documents.reduce(0) { $0 + $1.annotations.count }
        let correctionSpans = result.documents.flatMap(\.utterances).flatMap(\.editorial).filter { $0.kind == .correction }.count
        #expect(corrections == 3)
        #expect(correctionSpans == corrections)
        #expect(annotations == brackets - corrections + markers + notWords)
        // No CHAT code is an editorial insertion or note any more.
        #expect(!result.documents.flatMap(\.utterances).flatMap(\.editorial).contains { $0.kind != .correction })
    }
}
