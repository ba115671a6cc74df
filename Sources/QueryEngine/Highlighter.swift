import QueryLanguage

/// Finds where a query's search terms stand in an utterance's text, for highlighting and `kwic`.
///
/// It collects the terms the query looks for (not those under NOT): words, phrase words, the words a
/// prefix or fuzzy term stands for, regular expressions, and the terms of the topics and named queries it
/// uses. Neighbouring matched words are one match, so a phrase is one match.
public struct Highlighter: Sendable {
    var terms: Set<Int> = []
    /// Exact phrases as term ids in order; proximity phrases add their words to `terms` instead.
    var phrases: [[Int]] = []
    var patterns: [RegexProgram] = []
    let index: CorpusIndex?

    /// Highlights nothing.
    public init() { index = nil }

    /// Whether it has no terms to find: the query has only fields.
    public var isEmpty: Bool { terms.isEmpty && phrases.isEmpty && patterns.isEmpty }

    /// The terms of `expression` looked up in `index`.
    public init(_ expression: Expression, index: CorpusIndex, named: NamedQueries) {
        self.index = index
        var seen: Set<String> = []
        collect(expression, index: index, named: named, seen: &seen)
    }

    private mutating func collect(_ e: Expression, index: CorpusIndex, named: NamedQueries, seen: inout Set<String>) {
        switch e.kind {
        case .term(let term): add(term, index: index)
        case .field(let field):
            guard case .term(let term) = field.value else { return }
            switch field.name {
            case "text", "mentions": add(term, index: index)
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
        case .and(let operands, _), .or(let operands):
            for operand in operands { collect(operand, index: index, named: named, seen: &seen) }
        // A sequence's query finds other turns than those it matches: its words are not in them.
        case .not, .matchAll, .sequence, .missing, .error: return
        }
    }

    private mutating func add(_ term: Term, index: CorpusIndex) {
        switch term.kind {
        case .word, .phrase(proximity: nil):
            let ids = Tokenizer.words(term.text).compactMap { $0.first.flatMap(index.term) }
            if ids.count == 1 { terms.insert(ids[0]) } else if ids.count > 1 { phrases.append(ids) }
        case .phrase:
            for forms in Tokenizer.words(term.text) { if let id = forms.first.flatMap(index.term) { terms.insert(id) } }
        case .prefix:
            terms.formUnion(index.terms(withPrefix: TextFolding.fold(term.text)).ids)
        case .fuzzy(let distance):
            terms.formUnion(index.terms(near: TextFolding.fold(term.text), distance: distance).ids)
        case .regex:
            if let program = try? RegexProgram(term.text) { patterns.append(program) }
        }
    }

    /// UTF-8 ranges of the matches in `text`, in order, neighbouring words joined; words that start in
    /// `codes` (the utterance's annotation codes) are left out, as the index leaves them out.
    public func matches(in text: String, skipping codes: [Range<Int>] = []) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var text = text
        if !terms.isEmpty || !phrases.isEmpty, let index {
            // Each word's forms as term ids, by position.
            var words: [(ids: [Int], range: Range<Int>)] = []
            text.withUTF8 { bytes in
                Tokenizer.scan(bytes, skipping: codes) { form, word in
                    let id = index.terms.find(form) ?? -1
                    if word.position == words.count { words.append(([id], word.range)) } else { words[word.position].ids.append(id) }
                }
            }
            for (i, word) in words.enumerated() {
                if word.ids.contains(where: terms.contains) { ranges.append(word.range) }
                for phrase in phrases where i + phrase.count <= words.count {
                    if phrase.enumerated().allSatisfy({ words[i + $0].ids.contains($1) }) {
                        ranges.append(word.range.lowerBound..<words[i + phrase.count - 1].range.upperBound)
                    }
                }
            }
        }
        for program in patterns {
            var from = 0
            while from <= text.utf8.count, let range = program.firstMatch(in: text, from: from) {
                if !range.isEmpty { ranges.append(range) }
                from = max(range.upperBound, range.lowerBound + 1)
            }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        // Join matches separated only by spaces or punctuation of a byte or two.
        var joined: [Range<Int>] = []
        let bytes = Array(text.utf8)
        for range in ranges {
            if let last = joined.last, range.lowerBound >= last.upperBound, range.lowerBound - last.upperBound <= 2,
               bytes[last.upperBound..<range.lowerBound].allSatisfy({ $0 == 0x20 }) {
                joined[joined.count - 1] = last.lowerBound..<range.upperBound
            } else if let last = joined.last, range.lowerBound < last.upperBound {
                joined[joined.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                joined.append(range)
            }
        }
        return joined
    }
}
