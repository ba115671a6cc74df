import Testing
import QueryEngine
import TranscriptFormats
import TranscriptModel

/// A correction's replacement words stand at the positions of the words they replace: what was said and
/// what it was corrected to are both found, and nothing reads across the two.
@Suite struct CorrectionWordTests {
    /// Each form with its position, as `Tokenizer.scan(_:marks:_:)` reads `text` with `marks`.
    static func forms(_ text: String, _ marks: WordMarks) -> [(form: String, position: Int)] {
        var result: [(String, Int)] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            Tokenizer.scan(UnsafeBufferPointer(buffer), marks: marks) { form, word in
                result.append((String(decoding: form, as: UTF8.self), word.position))
            }
        }
        return result
    }

    /// A correction of the words `replaced` (a substring of `text`) whose span runs to the end of `through`.
    static func correction(in text: String, replaced: String, through end: String, content: String) -> EditorialSpan {
        let bytes = Array(text.utf8)
        let start = firstOffset(of: replaced, in: bytes)
        let endOffset = firstOffset(of: end, in: bytes) + end.utf8.count
        return EditorialSpan(kind: .correction, range: start..<endOffset, content: content, replaced: replaced)
    }

    static func firstOffset(of needle: String, in bytes: [UInt8]) -> Int {
        let n = Array(needle.utf8)
        return (0...(bytes.count - n.count)).first { Array(bytes[$0..<($0 + n.count)]) == n } ?? -1
    }

    static func described(_ forms: [(form: String, position: Int)]) -> String {
        forms.map { "\($0.form)@\($0.position)" }.joined(separator: " ")
    }

    @Test func aOneWordCorrectionSharesThePosition() {
        let text = "like a [: to] swing ."
        let marks = WordMarks(codes: [], editorial: [Self.correction(in: text, replaced: "a", through: "]", content: "to")])
        #expect(Self.described(Self.forms(text, marks)) == "like@0 a@1 to@1 swing@2")
    }

    @Test func longerReplacementsAndLongerPassagesCloseUpByWhatTheyShare() {
        let more = "gonna [: going to] swing"
        let moreMarks = WordMarks(codes: [], editorial: [Self.correction(in: more, replaced: "gonna", through: "]", content: "going to")])
        #expect(Self.described(Self.forms(more, moreMarks)) == "gonna@0 going@0 to@1 swing@2")
        let fewer = "Competitive and Reliance and [Resilience] partnership"
        let fewerMarks = WordMarks(codes: [], editorial: [Self.correction(in: fewer, replaced: "Reliance and", through: "]", content: "Resilience")])
        #expect(Self.described(Self.forms(fewer, fewerMarks))
                == "competitive@0 and@1 reliance@2 resilience@2 and@3 partnership@4")
    }

    @Test func aWordCorrectedToItselfIsOneForm() {
        let text = "the [: the] end"
        let marks = WordMarks(codes: [], editorial: [Self.correction(in: text, replaced: "the", through: "]", content: "the")])
        #expect(Self.described(Self.forms(text, marks)) == "the@0 end@1")
    }

    @Test func codesBeforeAndInsideACorrectionAreStillLeftOut() {
        let text = "you [x 2] want [+ bch] [: need] more"
        // `[+ bch]` lies inside the correction's span; `[x 2]` before it.
        let codes = [Self.firstOffset(of: "[x 2]", in: Array(text.utf8)), Self.firstOffset(of: "[+ bch]", in: Array(text.utf8))]
        let marks = WordMarks(codes: [codes[0]..<(codes[0] + 5), codes[1]..<(codes[1] + 7)],
                              editorial: [Self.correction(in: text, replaced: "want", through: "need]", content: "need")])
        #expect(Self.described(Self.forms(text, marks)) == "you@0 want@1 need@1 more@2")
    }

    /// On random texts with a correction of one to three words by one to three words: positions never
    /// go back, and each reading (the words as said, or as corrected) has the positions it has when the
    /// other is not there at all, on the side where the correction is not longer than what it replaces.
    @Test func eachReadingKeepsThePositionsItHasAlone() {
        var generator = SystemRandomNumberGenerator()
        let vocabulary = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        for _ in 0..<200 {
            func words(_ n: Int) -> [String] { (0..<n).map { _ in vocabulary.randomElement(using: &generator) ?? "x" } }
            let before = words(Int.random(in: 0...4, using: &generator))
            let replaced = words(Int.random(in: 1...3, using: &generator))
            let replacement = words(Int.random(in: 1...3, using: &generator))
            let after = words(Int.random(in: 0...4, using: &generator))
            let prefix = (before + replaced).joined(separator: " ")
            let text = prefix + " [" + replacement.joined(separator: " ") + "] " + after.joined(separator: " ")
            let start = before.isEmpty ? 0 : before.joined(separator: " ").utf8.count + 1
            let end = prefix.utf8.count + 2 + replacement.joined(separator: " ").utf8.count + 1
            let span = EditorialSpan(kind: .correction, range: start..<end, content: replacement.joined(separator: " "),
                                     replaced: replaced.joined(separator: " "))
            let read = Self.forms(text, WordMarks(codes: [], editorial: [span]))
            #expect(zip(read, read.dropFirst()).allSatisfy { $0.position <= $1.position }, "\(text)")
            let said = Self.forms((before + replaced + after).joined(separator: " "), .none)
            let corrected = Self.forms((before + replacement + after).joined(separator: " "), .none)
            // As said: the words before and the replaced words keep their positions everywhere; the
            // words after keep theirs when the replacement is not longer.
            let saidPart = replacement.count <= replaced.count ? said : Array(said.prefix(before.count + replaced.count))
            let correctedPart = replacement.count >= replaced.count ? corrected : Array(corrected.prefix(before.count + replacement.count))
            for (form, position) in saidPart + correctedPart {
                #expect(read.contains { $0.form == form && $0.position == position }, "\(text): \(form)@\(position) in \(Self.described(read))")
            }
            // Nothing else: every form read is one of the two readings'.
            for (form, position) in read {
                #expect((said + corrected).contains { $0.form == form && $0.position == position }, "\(text): \(form)@\(position)")
            }
        }
    }
}
