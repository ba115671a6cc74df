import Foundation
import Testing
import QueryEngine
import ShellCore
import TestSupport

/// Prefixes and fuzzy words stand for at most `CorpusIndex.expansionLimit` words, and say when they were cut.
@Suite struct ExpansionLimitTests {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// `preaaaa`, `preaaab` ...: six thousand words of letters sharing the prefix `pre` (letters only:
    /// `pre0001` would also be the word `pre`, as `Senate22` is `senate`).
    static let prefixed: [String] = (0..<6_000).map { n in
        var letters: [Character] = []
        var rest = n
        for _ in 0..<4 {
            letters.insert(Character(UnicodeScalar(UInt8(97 + rest % 26))), at: 0)
            rest /= 26
        }
        return "pre" + String(letters)
    }

    /// Five-letter words at most two changes from `qqqqq`: 6,376 of them.
    static let nearQQQQ = wordsWithinTwoChanges(of: "qqqqq", alphabet: Array("abcdefghijklmnopqrstuvwxyz"))

    func run(_ query: String, words: [String]) throws -> (output: String, errors: String) {
        // One turn a word, so the count says how many words were searched.
        let text = words.map { "Mr. SMITH: \($0)." }.joined(separator: "\n\n") + "\n"
        let document = try TimeFieldTests.load(text, name: "words.txt")
        let output = BufferOutput()
        #expect(Session(documents: [document], output: output).run(query) == .success)
        return (output.output, output.errors)
    }

    @Test func aPrefixThatStandsForTooManyWordsSaysItWasCut() throws {
        #expect(Self.prefixed.count > CorpusIndex.expansionLimit)
        let (output, errors) = try run("pre* | count", words: Self.prefixed)
        #expect(output == "\(CorpusIndex.expansionLimit) utterances, \(CorpusIndex.expansionLimit) turns with a hit, 1 document\n")
        #expect(errors.hasPrefix("note: 'pre*' stands for more than 5000 words; only the first 5000 are searched\n"))
        let (all, quiet) = try run("preab* | count", words: Self.prefixed)
        #expect(all == "676 utterances, 676 turns with a hit, 1 document\n" && quiet.isEmpty)
    }

    @Test func aFuzzyWordCloseToTooManyWordsSaysItWasCut() throws {
        #expect(Self.nearQQQQ.count == 10 * 25 * 25 + 5 * 25 + 1)
        let (output, errors) = try run("qqqqq~ | count", words: Self.nearQQQQ)
        #expect(output == "\(CorpusIndex.expansionLimit) utterances, \(CorpusIndex.expansionLimit) turns with a hit, 1 document\n")
        #expect(errors.hasPrefix("note: 'qqqqq~' is close to more than 5000 words; only the first 5000 are searched\n"))
        // The words kept are the first 5,000 in the order of their bytes, whatever the order the corpus has
        // them in: here, the last first.
        let first = Self.nearQQQQ.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (word, kept) in [(first[0], true), (first[CorpusIndex.expansionLimit - 1], true), (first[CorpusIndex.expansionLimit], false),
                             (first[first.count - 1], false)] {
            let (hits, _) = try run("qqqqq~ \(word) | count", words: Self.nearQQQQ.reversed())
            #expect(hits.hasPrefix(kept ? "1 utterance" : "0 utterances"), "\(word): \(hits)")
        }
        let nearOne = Self.nearQQQQ.filter { zip($0, "qqqqq").filter { $0 != $1 }.count <= 1 }
        let (one, quiet) = try run("qqqqq~1 | count", words: Self.nearQQQQ)
        #expect(one == "\(nearOne.count) utterances, \(nearOne.count) turns with a hit, 1 document\n" && quiet.isEmpty)
    }
}
