import TranscriptModel

/// Looking words, phrases, prefixes and fuzzy words up in the index.
extension CorpusIndex {
    /// Most terms a prefix or fuzzy word may stand for; past it the query says it was cut.
    public static let expansionLimit = 5_000

    /// Utterances containing term `id`; with `editorial` false, words the editor inserted do not count.
    /// - Complexity: O(postings of the term).
    func utterances(ofTerm id: Int, editorial: Bool, capitalisedOnly: Bool = false) -> Bitset {
        var set = Bitset(capacity: utteranceCount)
        postings(id).forEach { utterance, inserted, capitalised in
            if (editorial || !inserted), (!capitalisedOnly || capitalised) { set.insert(Int(utterance)) }
        }
        return set
    }

    /// The term id of a folded word, if the corpus has it.
    func term(_ folded: String) -> Int? { terms.find(folded) }

    /// Term ids starting with `prefix` (folded), in byte order, at most `limit`; `cut` says whether more were left.
    /// - Complexity: O(log terms + matches), by binary search in the sorted term list.
    func terms(withPrefix prefix: String, limit: Int = expansionLimit) -> (ids: [Int], cut: Bool) {
        let key = Array(prefix.utf8)
        let sorted = sortedTerms
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if terms.bytes(Int(sorted[mid])).lexicographicallyPrecedes(key) { low = mid + 1 } else { high = mid }
        }
        var ids: [Int] = []
        var i = low
        while i < sorted.count, terms.bytes(Int(sorted[i])).starts(with: key) {
            if ids.count == limit { return (ids, true) }
            ids.append(Int(sorted[i]))
            i += 1
        }
        return (ids, false)
    }

    /// Term ids within `distance` edits of `word` (folded), at most `limit`.
    /// - Complexity: O(terms × word length × distance) at worst; terms whose length differs by more than
    ///   `distance` are passed over without work.
    func terms(near word: String, distance: Int, limit: Int = expansionLimit) -> (ids: [Int], cut: Bool) {
        let target = Array(word.unicodeScalars)
        var ids: [Int] = []
        for id in 0..<terms.count {
            let bytes = terms.bytes(id)
            // A scalar is 1 to 4 bytes: a cheap bound before decoding.
            guard bytes.count + 4 * distance >= target.count, bytes.count <= 4 * (target.count + distance) else { continue }
            let candidate = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            guard abs(candidate.count - target.count) <= distance else { continue }
            if Self.withinDistance(target, candidate, distance) {
                if ids.count == limit { return (ids, true) }
                ids.append(id)
            }
        }
        return (ids, false)
    }

    /// Whether two words are at most `limit` edits apart, by Parley's one edit distance (`EditDistance`:
    /// a transposition of neighbours is one edit).
    static func withinDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], _ limit: Int) -> Bool {
        EditDistance.within(a, b, limit)
    }

    /// Utterances where the words (term ids) occur in order, next to each other; or, with `within`, all
    /// in any order with at most that many words between the first and the last of them, the words between
    /// counted whatever they are: FTS5's `NEAR(a b c, N)`. `"a b c"~2` matches `a x b c` (two words, `x`
    /// and `b`, between `a` and `c`) but not `a x b x c`.
    /// - Complexity: O(postings of the words): the sorted posting lists are walked together.
    func utterances(ofPhrase words: [Int?], within: Int?, editorial: Bool) -> Bitset {
        var result = Bitset(capacity: utteranceCount)
        let ids = words.compactMap { $0 }
        guard !ids.isEmpty, ids.count == words.count else { return result }
        // Each word's occurrences, the rarest word's first, the others' only in utterances that all before
        // them have: a common word's positions elsewhere are passed over.
        var lists = Array(repeating: [UInt64](), count: ids.count)
        var previous: [UInt64]?
        for w in ids.indices.sorted(by: { postings(ids[$0]).bytes.count < postings(ids[$1]).bytes.count }) {
            // Passing over costs a test a posting: worth it when the utterances are a few of the postings'.
            let list = postings(ids[w])
            let wanted = previous.flatMap { previous -> Bitset? in
                guard previous.count * 8 < list.bytes.count else { return nil }
                var set = Bitset(capacity: utteranceCount)
                for occurrence in previous { set.insert(Int(occurrence >> 32)) }
                return set
            }
            lists[w] = list.occurrences(editorial: editorial, in: wanted)
            guard !lists[w].isEmpty else { return result }
            previous = lists[w]
        }
        if let within {
            var events: [(position: UInt64, list: Int)] = []
            var counts: [Int] = []
            Self.forEachUtteranceOfAll(lists) { utterance, ranges in
                if Self.allWithin(lists, ranges, window: within + 2, events: &events, counts: &counts) { result.insert(utterance) }
            }
        } else {
            // The first word's occurrences that the second follows, then the third two on, and so on.
            var starts = lists[0]
            for k in lists.indices.dropFirst() { starts = Self.keep(starts, followedAt: UInt64(k), by: lists[k]) }
            for start in starts { result.insert(Int(start >> 32)) }
        }
        return result
    }

    /// The members of `starts` that `list` holds `offset` further on, by one merge of the two (lists as
    /// `PostingList.occurrences` gives them; a position plus a few stays below 2³², `positionLimit`).
    static func keep(_ starts: [UInt64], followedAt offset: UInt64, by list: [UInt64]) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: starts.count) { kept, count in
            starts.withUnsafeBufferPointer { starts in
                list.withUnsafeBufferPointer { list in
                    var j = 0
                    var n = 0
                    for start in starts {
                        let wanted = start + offset
                        while j < list.count, list[j] < wanted { j += 1 }
                        if j == list.count { break }
                        if list[j] == wanted {
                            kept.initializeElement(at: n, to: start)
                            n += 1
                        }
                    }
                    count = n
                }
            }
        }
    }

    /// Calls `body` with each utterance where every list (as `occurrences` gives them) has an occurrence,
    /// and where each list's occurrences there are (`ranges`, reused from one call to the next).
    static func forEachUtteranceOfAll(_ lists: [[UInt64]], _ body: (Int, [Range<Int>]) -> Void) {
        var next = Array(repeating: 0, count: lists.count)
        var ranges = Array(repeating: 0..<0, count: lists.count)
        var target: UInt64 = 0
        while true {
            // Every list brought to the first utterance at or past `target` that all reach.
            var aligned = false
            while !aligned {
                aligned = true
                for w in lists.indices {
                    while next[w] < lists[w].count, lists[w][next[w]] >> 32 < target { next[w] += 1 }
                    guard next[w] < lists[w].count else { return }
                    let utterance = lists[w][next[w]] >> 32
                    if utterance > target { target = utterance; aligned = false }
                }
            }
            for w in lists.indices {
                var end = next[w]
                while end < lists[w].count, lists[w][end] >> 32 == target { end += 1 }
                ranges[w] = next[w]..<end
                next[w] = end
            }
            body(Int(target), ranges)
            target += 1
        }
    }

    /// Whether one occurrence from each list's range (occurrences in one utterance) fits in a window of
    /// `window` positions (max − min ≤ window − 1). `events` and `counts` are room reused from one call to
    /// the next.
    static func allWithin(_ lists: [[UInt64]], _ ranges: [Range<Int>], window: Int,
                          events: inout [(position: UInt64, list: Int)], counts: inout [Int]) -> Bool {
        // The occurrences of all the lists in order, by merging them.
        events.removeAll(keepingCapacity: true)
        var heads = ranges.map(\.lowerBound)
        while true {
            var least = -1
            for w in lists.indices where heads[w] < ranges[w].upperBound {
                if least < 0 || lists[w][heads[w]] < lists[least][heads[least]] { least = w }
            }
            guard least >= 0 else { break }
            events.append((lists[least][heads[least]], least))
            heads[least] += 1
        }
        counts.removeAll(keepingCapacity: true)
        counts.append(contentsOf: repeatElement(0, count: lists.count))
        var covered = 0
        var left = 0
        for right in events.indices {
            if counts[events[right].list] == 0 { covered += 1 }
            counts[events[right].list] += 1
            while events[right].position - events[left].position > UInt64(window - 1) {
                counts[events[left].list] -= 1
                if counts[events[left].list] == 0 { covered -= 1 }
                left += 1
            }
            if covered == lists.count { return true }
        }
        return false
    }
}
