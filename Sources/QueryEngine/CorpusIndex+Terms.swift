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
        var cursors = ids.map { postings($0).makeCursor() }
        var positions = Array(repeating: [Int](), count: cursors.count)
        while let first = cursors[0].current {
            // The next utterance every list reaches.
            var target = first.utterance
            var aligned = false
            while !aligned {
                aligned = true
                for w in cursors.indices {
                    while let p = cursors[w].current, p.utterance < target { cursors[w].advance() }
                    guard let p = cursors[w].current else { return result }
                    if p.utterance > target { target = p.utterance; aligned = false }
                }
            }
            // Each word's positions in this utterance, in order.
            for w in cursors.indices {
                positions[w].removeAll(keepingCapacity: true)
                while let p = cursors[w].current, p.utterance == target {
                    if editorial || !p.editorial { positions[w].append(Int(p.position)) }
                    cursors[w].advance()
                }
            }
            guard positions.allSatisfy({ !$0.isEmpty }) else { continue }
            let found: Bool
            if let within {
                found = Self.allWithin(positions, window: within + 2)
            } else {
                found = positions[0].contains { start in
                    (1..<positions.count).allSatisfy { k in Self.sortedContains(positions[k], start + k) }
                }
            }
            if found { result.insert(Int(target)) }
        }
        return result
    }

    /// Binary search in an ascending list.
    static func sortedContains(_ list: [Int], _ value: Int) -> Bool {
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < list.count && list[low] == value
    }

    /// Whether one position from each list fits in a window of `window` positions (max − min ≤ window − 1).
    static func allWithin(_ lists: [[Int]], window: Int) -> Bool {
        var events: [(Int, Int)] = []
        for (w, list) in lists.enumerated() { for p in list { events.append((p, w)) } }
        events.sort { $0.0 < $1.0 }
        var counts = Array(repeating: 0, count: lists.count)
        var covered = 0
        var left = 0
        for right in events.indices {
            if counts[events[right].1] == 0 { covered += 1 }
            counts[events[right].1] += 1
            while events[right].0 - events[left].0 > window - 1 {
                counts[events[left].1] -= 1
                if counts[events[left].1] == 0 { covered -= 1 }
                left += 1
            }
            if covered == lists.count { return true }
        }
        return false
    }
}
