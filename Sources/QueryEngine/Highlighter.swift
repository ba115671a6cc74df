import QueryLanguage
import TranscriptModel

/// Finds where a query's search terms stand in an utterance's text, for highlighting and `kwic`.
///
/// It collects the terms the query looks for (not those under NOT): words, phrase words, the words a
/// prefix or fuzzy term stands for, regular expressions, and the terms of the topics and named queries it
/// uses. Neighbouring matched words are one match, so a phrase is one match.
public struct Highlighter: Sendable {
    var terms: Set<Int> = []
    /// Exact phrases as term ids in order.
    var phrases: [[Int]] = []
    /// Proximity phrases (`"army purge"~5`): their words are matches only where they stand within the
    /// proximity of the others, as matching finds them, not wherever the utterance holds them.
    var proximities: [ProximityGroup] = []
    var patterns: [RegexProgram] = []
    let index: CorpusIndex?
    /// Bit n set when some term (or phrase word) is n bytes long, bit 63 for 63 or more: a form of
    /// another length is no term, and is not looked up.
    private var lengths: UInt64 = 0

    /// Highlights nothing.
    public init() { index = nil }

    /// Whether it has no terms to find: the query has only fields.
    public var isEmpty: Bool { terms.isEmpty && phrases.isEmpty && proximities.isEmpty && patterns.isEmpty }

    /// The terms of `expression` looked up in `index`.
    public init(_ expression: Expression, index: CorpusIndex, named: NamedQueries) {
        self.index = index
        var seen: Set<String> = []
        collect(expression, index: index, named: named, seen: &seen)
        for id in terms.union(phrases.joined()).union(proximities.map(\.ids).joined()) {
            lengths |= Self.lengthBit(index.terms.bytes(id).count)
        }
    }

    private static func lengthBit(_ count: Int) -> UInt64 { 1 << UInt64(min(count, 63)) }

    private mutating func collect(_ e: Expression, index: CorpusIndex, named: NamedQueries, seen: inout Set<String>) {
        switch e.kind {
        case .term(let term): add(term, index: index)
        case .field(let field):
            guard case .term(let term) = field.value else { return }
            switch field.name {
            case "text", "written", "mentions": add(term, index: index)
            case "topic":
                if let entry = named.topic(term.text), seen.insert("topic:" + TextFolding.fold(term.text)).inserted {
                    collect(entry.query.expression, index: index, named: named, seen: &seen)
                } else if named.topic(term.text) == nil {
                    add(term, index: index)
                }
            default: return
            }
        case .namedReference(let name):
            if let entry = named.definition(name), seen.insert("@" + TextFolding.fold(name)).inserted {
                collect(entry.query.expression, index: index, named: named, seen: &seen)
            }
        case .group(let inner): collect(inner, index: index, named: named, seen: &seen)
        // The word found near the matches; the matches are the inner query's, not this one's.
        case .near(let window): add(window.word, index: index)
        case .and(let operands, _), .or(let operands):
            for operand in operands { collect(operand, index: index, named: named, seen: &seen) }
        // A sequence's query finds other turns than those it matches: its words are not in them.
        case .not, .matchAll, .sequence, .missing, .error: return
        }
    }

    private mutating func add(_ term: Term, index: CorpusIndex) {
        switch term.kind {
        case .word, .phrase(proximity: nil):
            // A phrase with a word the corpus lacks matches nothing: its other words are no matches of it
            // (`"army xyzzy" OR purge` highlights no `army`).
            guard let ids = Self.ids(term, index: index) else { return }
            if ids.count == 1 { terms.insert(ids[0]) } else if ids.count > 1 { phrases.append(ids) }
        case .phrase(let proximity?):
            guard let ids = Self.ids(term, index: index) else { return }
            if ids.count == 1 { terms.insert(ids[0]) } else if ids.count > 1 { proximities.append(ProximityGroup(ids: ids, reach: proximity + 1)) }
        case .prefix:
            terms.formUnion(index.terms(withPrefix: TextFolding.fold(term.text)).ids)
        case .fuzzy(let distance):
            terms.formUnion(index.terms(near: TextFolding.fold(term.text), distance: distance).ids)
        case .regex:
            if let program = try? RegexProgram(term.text) { patterns.append(program) }
        }
    }

    /// The term ids of a word's or phrase's words, as matching looks them up; nil when the corpus lacks
    /// one of them, so that the term matches nothing.
    private static func ids(_ term: Term, index: CorpusIndex) -> [Int]? {
        var ids: [Int] = []
        for forms in Tokenizer.words(term.text) {
            guard let id = forms.first.flatMap(index.term) else { return nil }
            ids.append(id)
        }
        return ids
    }

    /// UTF-8 ranges of the matches in `text`, in order, overlapping ones joined; `marks` (the
    /// utterance's annotation codes and corrections) are read as the index reads them.
    public func matches(in text: String, marks: WordMarks = .none) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { matches(inUTF8: $0, marks: marks) }
    }

    /// The matches in utterance `u` of the index the terms were looked up in. Under `.editorial off`
    /// (`editorial` false) a match inside a word the editor inserted is none, as in matching (`failed OR
    /// agricultural` matches `The [agricultural] plan failed` by `failed` alone).
    public func matches(inUtterance u: Int, editorial: Bool = true) -> [Range<Int>] {
        guard let index else { return [] }
        let marks = index.marks(ofUtterance: u)
        let utterance = index.utterance(u)
        let found = utterance.withTextUTF8 { matches(inUTF8: $0, marks: marks) }
        return editorial ? found : Self.outsideInsertions(found, of: utterance)
    }

    /// The matches (UTF-8 ranges of `utterance`'s text) that do not lie inside a word the editor inserted.
    static func outsideInsertions(_ matches: [Range<Int>], of utterance: Utterance) -> [Range<Int>] {
        guard !matches.isEmpty else { return matches }
        let inserted = utterance.editorial.filter { $0.kind == .insertion }.map(\.range)
        guard !inserted.isEmpty else { return matches }
        return matches.filter { match in !inserted.contains { $0.lowerBound <= match.lowerBound && match.upperBound <= $0.upperBound } }
    }

    /// The same, on the text's bytes: an utterance's text is read where it is stored, not copied. Each
    /// word's forms are looked up once; a word's forms lie side by side in one array, so reading an
    /// utterance makes no array per word.
    public func matches(inUTF8 bytes: UnsafeBufferPointer<UInt8>, marks: WordMarks = .none) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        if !terms.isEmpty || !phrases.isEmpty || !proximities.isEmpty, let index {
            // Each position's forms as term ids (`forms[starts[p]..<starts[p + 1]]`) and its range.
            var forms: [Int] = []
            var starts: [Int] = []
            var wordRanges: [Range<Int>] = []
            Tokenizer.scan(bytes, marks: marks) { form, word in
                if word.position == wordRanges.count {
                    starts.append(forms.count)
                    wordRanges.append(word.range)
                } else if let last = wordRanges.last {
                    wordRanges[wordRanges.count - 1] = word.widening(last)
                }
                forms.append(lengths & Self.lengthBit(form.count) != 0 ? index.terms.find(form) ?? -1 : -1)
            }
            starts.append(forms.count)
            for i in wordRanges.indices {
                let here = forms[starts[i]..<starts[i + 1]]
                if here.contains(where: terms.contains) { ranges.append(wordRanges[i]) }
                for phrase in phrases where i + phrase.count <= wordRanges.count {
                    if phrase.enumerated().allSatisfy({ k, id in forms[starts[i + k]..<starts[i + k + 1]].contains(id) }) {
                        ranges.append(wordRanges[i].lowerBound..<wordRanges[i + phrase.count - 1].upperBound)
                    }
                }
            }
            for group in proximities {
                let found = group.matchedPositions(count: wordRanges.count) { p, k in forms[starts[p]..<starts[p + 1]].contains(group.ids[k]) }
                for p in found { ranges.append(wordRanges[p]) }
            }
        }
        if !patterns.isEmpty {
            let text = String(decoding: bytes, as: UTF8.self)
            for program in patterns {
                var from = 0
                while from <= bytes.count, let range = program.firstMatch(in: text, from: from) {
                    if !range.isEmpty { ranges.append(range) }
                    from = max(range.upperBound, range.lowerBound + 1)
                }
            }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        // Join overlapping matches; matches side by side stay apart (`word word` is two hits).
        var joined: [Range<Int>] = []
        for range in ranges {
            if let last = joined.last, range.lowerBound < last.upperBound {
                joined[joined.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                joined.append(range)
            }
        }
        return joined
    }
}

/// The words of a proximity phrase (`"a b c"~N`) as term ids, and how many positions apart its first and
/// last word may stand (N + 1: N words between), as `CorpusIndex.utterances(ofPhrase:within:editorial:)`
/// matches it.
struct ProximityGroup: Sendable {
    var ids: [Int]
    var reach: Int

    /// The positions, of `count`, holding a word of the group inside a stretch of positions at most
    /// `reach` apart that holds every word of it (`holds(p, k)`: position p holds word k): the words of
    /// the group's matches, as FTS5's NEAR keeps them. `"army purge"~1` in `The army was purged. The army
    /// purge was wrong.` is the second `army` and `purge`, not the first `army`.
    /// - Complexity: O(count × words of the group).
    func matchedPositions(count: Int, holds: (Int, Int) -> Bool) -> [Int] {
        var events: [(key: UInt64, list: Int)] = []
        for p in 0..<count {
            for k in ids.indices where holds(p, k) { events.append((UInt64(p), k)) }
        }
        guard !events.isEmpty else { return [] }
        // Each window that holds every word adds the stretch from its first occurrence to its last, and
        // the stretches are joined as they come (in order).
        var stretches: [(first: Int, last: Int)] = []
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: ids.count)
        defer { counts.deallocate() }
        events.withUnsafeBufferPointer { events in
            CorpusIndex.forEachWindowHoldingAll(events, lists: ids.count, reach: UInt64(reach), counts: counts) { first, last in
                let stretch = (first: Int(events[first].key), last: Int(events[last].key))
                if let previous = stretches.last, stretch.first <= previous.last {
                    stretches[stretches.count - 1].last = Swift.max(previous.last, stretch.last)
                } else {
                    stretches.append(stretch)
                }
                return true
            }
        }
        var positions: [Int] = []
        var s = 0
        for event in events where positions.last != Int(event.key) {
            let position = Int(event.key)
            while s < stretches.count, stretches[s].last < position { s += 1 }
            if s < stretches.count, stretches[s].first <= position { positions.append(position) }
        }
        return positions
    }
}
