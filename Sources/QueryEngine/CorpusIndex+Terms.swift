import TranscriptModel

/// Looking words, phrases, prefixes and fuzzy words up in the index.
extension CorpusIndex {
    /// Most terms a prefix or fuzzy word may stand for; past it the query says it was cut.
    public static let expansionLimit = 5_000

    /// Utterances containing term `id`; with `editorial` false, words the editor inserted do not count.
    /// - Complexity: O(postings of the term).
    func utterances(ofTerm id: Int, editorial: Bool, capitalisedOnly: Bool = false) -> Bitset {
        postings(id).utterances(capacity: utteranceCount, editorial: editorial, capitalisedOnly: capitalisedOnly)
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
            defer { i += 1 }
            guard !isGone(Int(sorted[i])) else { continue }
            if ids.count == limit { return (ids, true) }
            ids.append(Int(sorted[i]))
        }
        return (ids, false)
    }

    /// The terms longer than `inner` that hold it: `สวัสดี` inside `สวัสดีครับ`, a run of a script written
    /// without spaces whose letters are no words alone, which the tokenizer keeps as one word.
    ///
    /// - Complexity: O(the bytes of every term).
    func terms(holdingInside inner: [UInt8]) -> [Int] {
        (0..<terms.count).filter { id in
            let bytes = terms.bytes(id)
            return bytes.count > inner.count && bytes.firstRange(of: inner) != nil && !isGone(id)
        }
    }

    /// Whether term `id` is in no utterance now: in an index made of two, a term of the base whose
    /// documents have all changed or gone. A build has no such term, nor does an expansion.
    private func isGone(_ id: Int) -> Bool {
        segmented != nil && postings(id).bytes.count == 0
    }

    /// Term ids within `distance` edits of `word` (folded), at most `limit`, in the order of their bytes
    /// (so that which are kept past the limit does not hang on the order terms were met in).
    /// - Complexity: O(terms × word length × distance) at worst; terms whose length differs by more than
    ///   `distance` are passed over without work.
    func terms(near word: String, distance: Int, limit: Int = expansionLimit) -> (ids: [Int], cut: Bool) {
        let target = Array(word.unicodeScalars)
        var ids: [Int] = []
        for id in sortedTerms.lazy.map(Int.init) {
            let bytes = terms.bytes(id)
            // A scalar is 1 to 4 bytes: a cheap bound before decoding.
            guard bytes.count + 4 * distance >= target.count, bytes.count <= 4 * (target.count + distance) else { continue }
            let candidate = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            guard abs(candidate.count - target.count) <= distance else { continue }
            if Self.withinDistance(target, candidate, distance), !isGone(id) {
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
    /// - Complexity: O(postings of the words): each list is decoded once, and the decoded lists merged.
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
            Self.insertUtterancesWithAll(lists, within: within + 2, into: &result)
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

    /// Inserts each utterance where one occurrence from each list (as `PostingList.occurrences` gives
    /// them) fits in a window of `window` positions (max − min ≤ window − 1). The lists are walked side by
    /// side to the utterances they all have, each list passing over the others' utterances without looking
    /// at its positions; in each such utterance, its occurrences are merged in order and a window slides
    /// along them.
    static func insertUtterancesWithAll(_ lists: [[UInt64]], within window: Int, into result: inout Bitset) {
        let k = lists.count
        let total = lists.reduce(0) { $0 + $1.count }
        guard k > 0, total > 0 else { return }
        let reach = UInt64(Swift.min(Swift.max(window - 1, 0), Int(positionLimit)))
        // The lists one after another; list w's next occurrence at `heads[w]`, its end at `ends[w]`, the
        // end of its occurrences in the utterance at hand at `runs[w]`.
        let flat = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: total)
        let heads = UnsafeMutablePointer<Int>.allocate(capacity: 4 * k)
        // One utterance's occurrences, each with its list (room for all, of which few pages are touched).
        let events = UnsafeMutableBufferPointer<(key: UInt64, list: Int)>.allocate(capacity: total)
        defer { flat.deallocate(); heads.deallocate(); events.deallocate() }
        let ends = heads + k, runs = heads + 2 * k, counts = heads + 3 * k
        var start = 0
        for (w, list) in lists.enumerated() {
            _ = UnsafeMutableBufferPointer(rebasing: flat[start...]).initialize(from: list)
            heads[w] = start
            start += list.count
            ends[w] = start
        }
        walk: while true {
            // The next utterance all lists have: each list in turn brought up to the furthest so far.
            var utterance: UInt64 = 0
            var agreeing = 0
            var w = 0
            while agreeing < k {
                var h = heads[w]
                while h < ends[w], flat[h] >> 32 < utterance { h += 1 }
                heads[w] = h
                guard h < ends[w] else { break walk }
                if flat[h] >> 32 == utterance {
                    agreeing += 1
                } else {
                    utterance = flat[h] >> 32
                    agreeing = 1
                }
                w = w + 1 == k ? 0 : w + 1
            }
            // Its occurrences in order: the lists' runs in it merged.
            for w in 0..<k {
                var h = heads[w]
                while h < ends[w], flat[h] >> 32 == utterance { h += 1 }
                runs[w] = h
            }
            var n = 0
            while true {
                var least = -1
                for w in 0..<k where heads[w] < runs[w] && (least < 0 || flat[heads[w]] < flat[heads[least]]) {
                    least = w
                }
                guard least >= 0 else { break }
                events[n] = (flat[heads[least]], least)
                heads[least] += 1
                n += 1
            }
            // The window sliding along them, to the first that holds every list.
            forEachWindowHoldingAll(UnsafeBufferPointer(rebasing: events[0..<n]), lists: k, reach: reach, counts: counts) { _, _ in
                result.insert(Int(utterance))
                return false
            }
        }
    }

    /// Slides a window along `events` (in order of key, each with the list it comes from) and calls `body`
    /// with the first and last event of each window at most `reach` wide that holds an event of each of the
    /// `lists` lists, the window's right end moving one event at a time, until `body` says to stop.
    /// `counts` has room for `lists` numbers, which it sets to 0 first.
    @inline(__always)
    static func forEachWindowHoldingAll(_ events: UnsafeBufferPointer<(key: UInt64, list: Int)>, lists: Int, reach: UInt64,
                                        counts: UnsafeMutablePointer<Int>, _ body: (_ first: Int, _ last: Int) -> Bool) {
        counts.update(repeating: 0, count: lists)
        var covered = 0
        var left = 0
        for right in events.indices {
            if counts[events[right].list] == 0 { covered += 1 }
            counts[events[right].list] += 1
            while events[right].key - events[left].key > reach {
                counts[events[left].list] -= 1
                if counts[events[left].list] == 0 { covered -= 1 }
                left += 1
            }
            if covered == lists, !body(left, right) { return }
        }
    }
}
