import Foundation
import TranscriptFormats
import TestSupport
import Testing

@testable import QueryEngine

// MARK: - Helpers

/// Whether `pattern` compiles and matches `text`.
private func matches(_ pattern: String, _ text: String) throws -> Bool? {
    try RegexProgram(pattern).matches(text)
}

/// The text of the leftmost-longest match, checking that its offsets fall on Character boundaries.
private func matched(_ pattern: String, _ text: String, from: Int = 0) throws -> String? {
    guard let range = try RegexProgram(pattern).firstMatch(in: text, from: from) else { return nil }
    let utf8 = text.utf8
    let low = try #require(utf8.index(utf8.startIndex, offsetBy: range.lowerBound, limitedBy: utf8.endIndex))
    let high = try #require(utf8.index(utf8.startIndex, offsetBy: range.upperBound, limitedBy: utf8.endIndex))
    let lower = try #require(String.Index(low, within: text), "match starts inside a Character")
    let upper = try #require(String.Index(high, within: text), "match ends inside a Character")
    return String(text[lower..<upper])
}

@Suite("Regular expressions")
struct RegexTests {
    // MARK: Constructs

    @Test("matches", arguments: [
        // literals and the query syntax's example
        ("arrest", "were arrested"), ("arrest(ed|s)?", "were arrested"), ("arrest(ed|s)?", "two arrests"),
        ("Rákosi", "Comrade Rákosi"), ("Москва", "МОСКВА"),
        // dot
        ("a.c", "abc"), ("a.c", "aéc"), ("a.c", "a c"),
        // classes
        ("[abc]x", "bx"), ("[^a-z]", "ab1"), ("[a-c]+", "xxbcay"), ("[\\]\\-]", "-"), ("[\\]\\-]", "]"),
        ("[]a]", "]"), ("[^]a]", "b"), ("[a-]", "-"), ("[-a]", "-"), ("[[:digit:]]", "ab1"),
        ("[[:alpha:]]", "1é"), ("[\\d_]", "_"), ("[A-Z]", "é"), ("[\\x41-\\x43]", "b"), ("[.]", "."),
        // shorthands
        ("\\d", "room 101"), ("\\D", "123x"), ("\\w+", "Rákosi"), ("\\W", "a b"), ("\\s", "a\tb"),
        ("\\s", "a\u{00A0}b"), ("\\S", "   x"), ("^\\w+$", "Żukow"),
        // anchors and boundaries
        ("^the", "the end"), ("end$", "the end"), ("\\barm\\b", "the arm."), ("\\Barm", "farm"),
        ("\\Aab\\z", "ab"), ("^$", ""), ("\\bá", "x á"),
        // groups
        ("(ab)+c", "ababc"), ("(?:ab)+c", "abc"), ("(?<name>ab)c", "abc"), ("(?P<name>ab)c", "abc"),
        ("(?i)abc", "ABC"), ("(?i:a)b", "AB"), ("()a", "a"),
        // alternation
        ("cat|dog", "hotdog"), ("(|s)x", "x"), ("a|", "zzz"),
        // quantifiers
        ("ab*c", "ac"), ("ab+c", "abbc"), ("colou?r", "color"), ("colou?r", "colour"), ("a{3}", "baaa"),
        ("a{2,}", "aaaa"), ("a{1,2}b", "ab"), ("a{0}b", "b"), ("a+?", "aaa"), ("a*?b", "aab"), ("a??b", "ab"),
        ("a{2}?", "aa"), ("x{", "x{"), ("x{,2}", "x{,2}"), ("}", "}"),
        // escapes
        ("\\.", "a.b"), ("\\/", "and/or"), ("\\\\", "a\\b"), ("\\(", "f(x)"), ("\\x41", "a"), ("\\x{e1}", "Á"),
        ("\\n", "a\nb"), ("\\t", "a\tb"), ("\\-\\#", "-#"), ("\\é", "e"),
    ])
    func matchesExamples(_ pattern: String, _ text: String) throws {
        #expect(try matches(pattern, text) == true)
    }

    @Test("does not match", arguments: [
        ("arrest", "a rest"), ("a.c", "a\nc"), ("[abc]x", "dx"), ("[^a-z]", "abc"), ("[^a-z]", "ÁBÇ"),
        ("[^]a]", "]"), ("[^]a]", "a"), ("\\d", "one"), ("\\w", " .,"), ("\\s", "ab"), ("\\S", " \t"),
        ("\\barm\\b", "army"), ("\\barm\\b", "farm"), ("\\Barm", "arm"), ("^the", "in the"), ("end$", "the end."),
        ("end$", "the end\n"), ("ab+c", "ac"), ("a{3}", "aa"), ("a{2,}", "a"), ("cat|dog", "cow"),
        ("(ab)+c", "acb"), ("\\.", "ab"), ("^$", "a"), ("\\Aab\\z", "abc"), ("x{", "x"), ("Rákosi", "Rakos"),
        ("\\bkosi", "Rákosi"),
    ])
    func doesNotMatchExamples(_ pattern: String, _ text: String) throws {
        #expect(try matches(pattern, text) == false)
    }

    @Test("folds case and diacritics", arguments: [
        ("rakosi", "Comrade Rákosi"), ("avh", "the ÁVH"), ("AVH", "ÁVH"), ("RÁKOSI", "rakosi"),
        ("rakosi", "Ra\u{301}kosi"), ("ra\u{301}kosi", "RAKOSI"), ("[á]", "A"), ("lodz", "Łódź"),
        ("Łódź", "LODZ"), ("ő", "Ö"), ("gero", "Gerő"), ("nagy imre", "NAGY IMRE"), ("σ", "ς"), ("έ", "Ε"),
        ("ra\u{301}*k", "raaak"), ("\\w+", "ÁVH"),
    ])
    func folding(_ pattern: String, _ text: String) throws {
        #expect(try matches(pattern, text) == true)
    }

    @Test func foldFunction() {
        #expect(RegexProgram.fold("Comrade RÁKOSI") == Array("comrade rakosi".utf8))
        #expect(RegexProgram.fold("the ÁVH, Łódź, Ra\u{301}kosi") == Array("the avh, lodz, rakosi".utf8))
        #expect(RegexProgram.fold("МОСКВА straße") == Array("москва straße".utf8))
    }

    @Test func foldingIsIdempotent() {
        var unstable: [String] = []
        for value in UInt32(0)..<0x11000 where Unicode.Scalar(value) != nil {
            let once = RegexFolding.fold(value)
            if once != RegexFolding.removed && RegexFolding.fold(once) != once {
                unstable.append("U+" + String(value, radix: 16, uppercase: true))
            }
        }
        #expect(unstable == [])
    }

    // MARK: Spans

    @Test("leftmost-longest spans on Character boundaries", arguments: [
        ("arrest(ed|s)?", "they were arrested", "arrested"), ("kosi", "Comrade Rákosi", "kosi"),
        ("r.k", "Comrade Rákosi", "Rák"), ("a", "ra\u{301}x", "a\u{301}"), ("rakosi", "Ra\u{301}kosi!", "Ra\u{301}kosi"),
        ("[a-c]+", "xxbcay", "bca"), ("a+?", "baaa", "aaa"), ("a|ab|abc", "xabcd", "abc"), ("(a|b)*", "xab", ""),
        ("\\w+", "— Rákosi said", "Rákosi"), (".", "👍🏽!", "👍🏽"), ("x*", "", ""), ("b$", "ab", "b"),
        ("avh", "the ÁVH.", "ÁVH"), ("\\bnagy\\b", "Nagyi, Nagy.", "Nagy"),
    ])
    func spans(_ pattern: String, _ text: String, _ expected: String) throws {
        #expect(try matched(pattern, text) == expected)
    }

    @Test func spanOffsets() throws {
        let program = try RegexProgram("kosi")
        #expect(program.firstMatch(in: "Comrade Rákosi") == 11..<15)  // "á" is two bytes
        #expect(program.firstMatch(in: "Comrade Rakosi") == 10..<14)
        #expect(program.firstMatch(in: "nothing here") == nil)
    }

    @Test func searchFromAnOffset() throws {
        let program = try RegexProgram("an")
        #expect(program.firstMatch(in: "banana", from: 0) == 1..<3)
        #expect(program.firstMatch(in: "banana", from: 2) == 3..<5)
        #expect(program.firstMatch(in: "banana", from: 5) == nil)
        #expect(program.firstMatch(in: "banana", from: 99) == nil)
        #expect(try RegexProgram("^b").firstMatch(in: "bb", from: 1) == nil)
        #expect(try RegexProgram("\\bb").firstMatch(in: "ab b", from: 1) == 3..<4)
        // an offset inside a scalar is moved to the next scalar
        #expect(try RegexProgram("k").firstMatch(in: "ák", from: 1) == 2..<3)
        // a match inside a Character grows to the whole Character; an empty one moves to the next boundary
        #expect(try RegexProgram("\u{1F3FD}").firstMatch(in: "a👍🏽b") == 1..<9)
        #expect(try RegexProgram("x*").firstMatch(in: "👍🏽b", from: 1) == 8..<8)
    }

    // MARK: Errors

    @Test("errors", arguments: [
        ("(ab", "unclosed group: missing ')'", 0),
        ("a(b(c)", "unclosed group: missing ')'", 1),
        ("ab)", "unmatched ')': there is no '(' before it to close", 2),
        ("*a", "nothing to repeat before '*'", 0),
        ("a|+b", "nothing to repeat before '+'", 2),
        ("(?b)", "unsupported group '(?b': use '(' or '(?:' for a group; only the flag '(?i)' is accepted", 0),
        ("({2})", "nothing to repeat before '{2}'", 1),
        ("[abc", "unclosed character class: missing ']'", 0),
        ("x[^", "unclosed character class: missing ']'", 1),
        ("[]", "unclosed character class: missing ']'", 0),
        ("a{5000}", "repetition count 5000 is more than 1000", 2),
        ("a{2,99999999999999999999}", "repetition count 99999999999999999999 is more than 1000", 4),
        ("a{2,1}", "invalid repetition '{2,1}': the minimum 2 is more than the maximum 1", 1),
        ("(a)\\1", "backreferences are not supported", 3),
        ("\\k<n>", "backreferences are not supported", 0),
        ("(?P=n)", "backreferences are not supported", 0),
        ("(?=a)", "lookahead '(?=' is not supported", 0),
        ("x(?!a)", "lookahead '(?!' is not supported", 1),
        ("(?<=a)", "lookbehind '(?<=' is not supported", 0),
        ("(?<!a)", "lookbehind '(?<!' is not supported", 0),
        ("(?<>a)", "bad group name in '(?<': write '(?<name>' with letters, digits or '_'", 0),
        ("a**", "'*' cannot repeat the repetition '*': use a group, as in '(?:x*)*'", 2),
        ("a{2}+", "'+' cannot repeat the repetition '{2}': use a group, as in '(?:x{2})+'", 4),
        ("\\q", "unknown escape '\\q': write 'q' without the backslash, or '\\\\' for a backslash", 0),
        ("ab\\", "the pattern ends with a lone '\\': write '\\\\' for a backslash", 2),
        ("\\p{L}", "Unicode property classes such as '\\p{L}' are not supported: '\\w' matches letters in any script", 0),
        ("[z-a]", "invalid range 'z-a' in character class: 'z' comes after 'a'", 1),
        ("[a-\\d]", "a range cannot end with '\\d': it is not a single character", 3),
        ("[\\b]", "'\\b' is an anchor and cannot be used inside '[...]'", 1),
        ("[[:foo:]]", "unknown class '[:foo:]': use one of alnum, alpha, digit, lower, punct, space, upper, word, xdigit", 1),
        ("\\xZ", "bad hexadecimal escape '\\x': write two digits as in '\\x41' or braces as in '\\x{263A}'", 0),
        ("\\x{110000}", "'\\x{110000}' is not a Unicode scalar value", 0),
        ("Rá(", "unclosed group: missing ')'", 3),  // offsets count UTF-8 bytes
        ("(a{1000}){1000}", "the pattern is too large: it needs more than 10000 instructions once repetitions are expanded; use smaller counts", 9),
        ("[a-z]{1000}[a-z]{1000}(b{1000}){9}", "the pattern is too large: it needs more than 10000 instructions once repetitions are expanded; use smaller counts", 31),
    ])
    func errors(_ pattern: String, _ message: String, _ offset: Int) {
        #expect(throws: RegexError(message: message, offset: offset)) { try RegexProgram(pattern) }
    }

    @Test func deepNestingIsAnError() {
        let pattern = String(repeating: "(", count: 300) + "a" + String(repeating: ")", count: 300)
        #expect(throws: RegexError(message: "groups are nested too deeply: more than 200 levels", offset: 200)) {
            try RegexProgram(pattern)
        }
        let fine = String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150)
        #expect((try? RegexProgram(fine))?.matches("a") == true)
    }

    @Test func largestAllowedProgramsCompile() throws {
        #expect(try RegexProgram("a{1000}").matches(String(repeating: "a", count: 1000)) == true)
        #expect(try RegexProgram("a{1000}").matches(String(repeating: "a", count: 999)) == false)
        #expect(try RegexProgram("(?:ab|c){2,1000}").matches("abcab") == true)
        #expect(try RegexProgram("").matches("anything") == true)
    }

    // MARK: Linear time

    /// The steps taken on `n` and `4n` characters grow at most about fourfold, and neither text matches.
    /// Steps are counted rather than time measured, since timings are unsteady on a shared machine.
    @Test("pathological patterns run in linear time", arguments: [
        ("(a+)+$", "a", "b"), ("(a|a)*b", "a", ""), ("(a*)*b", "a", ""), ("(x+x+)+y", "x", ""),
        ("(a|aa)*c", "a", ""), ("^(\\w+\\s?)*$", "a", "!"), ("(.*a){5}b", "a", ""),
    ])
    func linear(_ pattern: String, _ filler: String, _ suffix: String) throws {
        let program = try RegexProgram(pattern)
        let n = 100_000
        let short = String(repeating: filler, count: n) + suffix
        let long = String(repeating: filler, count: 4 * n) + suffix
        for firstOnly in [true, false] {
            let first = program.run(short, from: 0, firstOnly: firstOnly, shouldStop: { false })
            let second = program.run(long, from: 0, firstOnly: firstOnly, shouldStop: { false })
            #expect(first.outcome == .noMatch)
            #expect(second.outcome == .noMatch)
            #expect(first.steps >= n)
            #expect(Double(second.steps) <= 4.5 * Double(first.steps), "steps \(first.steps) then \(second.steps)")
        }
    }

    // MARK: Cancellation

    @Test func cancellationStopsAMatch() throws {
        let program = try RegexProgram("(a|a)*b")
        let text = String(repeating: "a", count: 1_000_000)
        var polls = 0
        let result = program.matches(text) {
            polls += 1
            return polls >= 3
        }
        #expect(result == nil)
        #expect(polls == 3)
        var pollsWithoutStop = 0
        #expect(program.matches(text) { pollsWithoutStop += 1; return false } == false)
        #expect(pollsWithoutStop >= 200)  // about every 4096 bytes
    }

    @Test func cancellationWhileSkipping() throws {
        // a pattern whose first scalar never occurs: the matcher skips, and still polls
        let program = try RegexProgram("zzz")
        let text = String(repeating: "a", count: 100_000)
        #expect(program.matches(text) { true } == nil)
    }

    // MARK: Robustness

    /// Random patterns from metacharacters either compile or throw; those that compile run on random texts.
    @Test func randomPatternsNeverCrash() {
        var random = SplitMix64(seed: 20_240_601)
        let alphabet: [String] = ["(", ")", "|", "*", "+", "?", "[", "]", "{", "}", "\\", "^", "$", ".", "a", "b",
                                  "1", ",", "-", ":", "á", "\\b", "\\w", "{2}", "{1,3}", "(?:", "[^"]
        let textAlphabet: [String] = ["a", "b", "A", "á", " ", "\n", "{", "-", "1", "a\u{301}"]
        var compiled = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...14, using: &random)
            let pattern = (0..<length).map { _ in alphabet.randomElement(using: &random) ?? "a" }.joined()
            let program: RegexProgram
            do {
                program = try RegexProgram(pattern)
            } catch {
                #expect(error.offset >= 0 && error.offset <= pattern.utf8.count, "\(pattern): \(error)")
                #expect(!error.message.isEmpty)
                continue
            }
            compiled += 1
            for _ in 0..<3 {
                let textLength = Int.random(in: 0...12, using: &random)
                let text = (0..<textLength).map { _ in textAlphabet.randomElement(using: &random) ?? "a" }.joined()
                let found = program.matches(text)
                let span = program.firstMatch(in: text)
                #expect(found == (span != nil), "/\(pattern)/ on \(text.debugDescription)")
                if let span {
                    #expect(span.lowerBound >= 0 && span.upperBound <= text.utf8.count)
                }
            }
        }
        #expect(compiled > 2_000)
    }

    /// Random patterns agree with an independent matcher over the syntax tree (sets of end positions, no automaton)
    /// on match and leftmost-longest span.
    @Test func agreesWithReferenceMatcher() throws {
        var random = SplitMix64(seed: 7)
        let tokens: [String] = ["a", "b", "a", "b", ".", "(", ")", "|", "*", "+", "?", "^", "$", "[ab]", "[^a]",
                                "\\b", "\\B", "{2}", "{0,2}", "{1,}", "(?:", "\\w", "\\s"]
        let letters: [Character] = ["a", "b", "A", "B", " "]
        var compared = 0
        for _ in 0..<6_000 {
            let pattern = (0..<Int.random(in: 1...9, using: &random))
                .map { _ in tokens.randomElement(using: &random) ?? "a" }.joined()
            guard let program = try? RegexProgram(pattern) else { continue }
            var parser = RegexParser(pattern)
            let tree = try parser.parse()
            for _ in 0..<4 {
                let text = String((0..<Int.random(in: 0...8, using: &random)).map { _ in
                    letters.randomElement(using: &random) ?? "a"
                })
                let expected = ReferenceMatcher(text: text).firstMatch(tree)
                #expect(program.firstMatch(in: text) == expected, "/\(pattern)/ on \(text.debugDescription)")
                #expect(program.matches(text) == (expected != nil), "/\(pattern)/ on \(text.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > 5_000)
    }

    /// Random patterns agree with Foundation's backtracking NSRegularExpression on whether and where a match starts
    /// (the span's end may differ: it is leftmost-first there and leftmost-longest here).
    @Test func agreesWithNSRegularExpression() throws {
        var random = SplitMix64(seed: 11)
        let tokens: [String] = ["a", "b", "a", "b", ".", "(", ")", "|", "*", "+", "?", "^", "$", "[ab]", "[^a]",
                                "\\b", "{2}", "{1,2}", "(?:", "\\d", "\\w"]
        let letters: [Character] = ["a", "b", "A", "B", " ", "1"]
        var compared = 0
        for _ in 0..<3_000 {
            let pattern = (0..<Int.random(in: 1...8, using: &random))
                .map { _ in tokens.randomElement(using: &random) ?? "a" }.joined()
            guard let program = try? RegexProgram(pattern),
                  let foundation = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            else { continue }
            for _ in 0..<4 {
                let text = String((0..<Int.random(in: 0...8, using: &random)).map { _ in
                    letters.randomElement(using: &random) ?? "a"
                })
                let theirs = foundation.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count))
                let ours = program.firstMatch(in: text)
                #expect(ours?.lowerBound == theirs.map { $0.range.location }, "/\(pattern)/ on \(text.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > 1_000)
    }
}

// MARK: - Reference matcher

/// A slow, obviously-correct matcher over the syntax tree for ASCII texts: the set of positions where each node
/// can end, given where it starts.
private struct ReferenceMatcher {
    let scalars: [UInt32]

    init(text: String) {
        scalars = text.unicodeScalars.map { RegexFolding.fold($0.value) }
    }

    func firstMatch(_ node: RegexNode) -> Range<Int>? {
        for start in 0...scalars.count {
            if let end = ends(node, from: start).max() { return start..<end }
        }
        return nil
    }

    private func at(_ position: Int) -> UInt32 {
        position >= 0 && position < scalars.count ? scalars[position] : RegexMatcher.endOfText
    }

    private func ends(_ node: RegexNode, from start: Int) -> Set<Int> {
        switch node.kind {
        case .empty:
            return [start]
        case .literal(let value):
            return at(start) == value ? [start + 1] : []
        case .anyButNewline:
            return start < scalars.count && at(start) != 0x0A ? [start + 1] : []
        case .characterClass(let characterClass):
            return start < scalars.count && characterClass.contains(at(start)) ? [start + 1] : []
        case .assertion(let assertion):
            let holds = RegexMatcher.holds(assertion.rawValue, previous: at(start - 1), current: at(start))
            return holds ? [start] : []
        case .concatenation(let items):
            var positions: Set<Int> = [start]
            for item in items {
                positions = Set(positions.flatMap { ends(item, from: $0) })
            }
            return positions
        case .alternation(let alternatives):
            return Set(alternatives.flatMap { ends($0, from: start) })
        case .repetition(let body, let min, let max):
            func step(_ positions: Set<Int>) -> Set<Int> { Set(positions.flatMap { ends(body, from: $0) }) }
            var positions: Set<Int> = [start]
            for _ in 0..<min { positions = step(positions) }
            if let max {
                var result = positions
                for _ in 0..<(max - min) {
                    positions = step(positions)
                    result.formUnion(positions)
                }
                return result
            }
            // no maximum: everything reachable from there by further repetitions (step distributes over union)
            var reached = positions
            var frontier = positions
            while !frontier.isEmpty {
                frontier = step(frontier).subtracting(reached)
                reached.formUnion(frontier)
            }
            return reached
        }
    }
}

/// The run of letters every match holds, which a ClickHouse cluster looks for before the pattern runs.
@Test func requiredTextIsWhatEveryMatchHolds() throws {
    let expected: [(String, String)] = [
        ("arrest(ed)?", "arrest"), ("\\bpurg", "purg"), ("a|b", ""), ("RÁKOSI", "rakosi"), ("(ab){2}c+d", "abab"),
        ("\\d+", ""), ("x{0}", ""), ("colle[ck]tive\\s+leader", "leader"), ("a\\bb", "ab"), ("(?:army )+purge", "army "),
    ]
    for (pattern, required) in expected {
        #expect(try RegexProgram(pattern).requiredText == Array(required.utf8), "/\(pattern)/")
    }
    // On every utterance of the reference document: a text the pattern matches holds the run in its folding.
    let texts = Loader.embeddedReference().utterances.map(\.text)
    for pattern in ["army", "r[aá]kosi", "leader(ship)?", "comrade [A-Z]\\w+", "the\\s+army", "[0-9]+,000", "(?i)ÁVH", "we\\b", "ing\\b.{0,3}the"] {
        let program = try RegexProgram(pattern)
        #expect(!program.requiredText.isEmpty, "/\(pattern)/")
        for text in texts where program.matches(text) == true {
            let folded = RegexProgram.fold(text)
            #expect(folded.indices.contains { folded[$0...].starts(with: program.requiredText) }, "/\(pattern)/ in \(text.prefix(60))")
        }
    }
}
