import TranscriptModel

extension CorpusIndex {
    /// The index of `documents` made from an earlier index of most of them: `previous[d]` is the document
    /// of `old` that `documents[d]` is (the same utterances and text; its id may differ), nil for one read
    /// anew. Only the new documents' words are read; the kept documents' postings are taken from `old`'s
    /// lists, renumbered, in one pass over them.
    ///
    /// The result is the index `init(documents)` gives: the same term ids (in the order of each term's
    /// first occurrence, as the build interns them), the same lists and the same arrays. Nil when
    /// `previous` does not fit `old`: a document of another length, one named twice, or kept documents in
    /// another order than before.
    ///
    /// - Complexity: O(postings of `old` + words of the new documents + terms × log terms).
    public static func updating(_ old: CorpusIndex, to documents: [Document], from previous: [Int?],
                         speakers identity: SpeakerIdentity = SpeakerIdentity()) -> CorpusIndex? {
        guard previous.count == documents.count else { return nil }
        let starts = Self.starts(documents)
        var kept = -1
        for (d, p) in previous.enumerated() {
            guard let p else { continue }
            guard p > kept, p < old.documents.count, old.documents[p].utterances.count == documents[d].utterances.count else { return nil }
            kept = p
        }
        let added = documents.indices.filter { previous[$0] == nil }.map { documents[$0] }
        let addedStarts = Self.starts(added)
        let (addedTerms, addedBytes, addedListStarts, addedWords, addedSpoken) = Self.buildPostings(added, starts: addedStarts)

        // Each old and each new utterance's number in the corpus now (`.max`: an old one left out), and
        // the words of each utterance from where they were counted.
        var oldTo = [UInt32](repeating: .max, count: old.utteranceCount)
        var addedTo = [UInt32](repeating: 0, count: addedStarts[addedStarts.count - 1])
        var wordCounts: [Int32] = []
        var spokenWordCounts: [Int32] = []
        wordCounts.reserveCapacity(starts[starts.count - 1])
        spokenWordCounts.reserveCapacity(starts[starts.count - 1])
        var a = 0
        for (d, p) in previous.enumerated() {
            let n = documents[d].utterances.count
            if let p {
                let from = old.documentStarts[p]
                for i in 0..<n { oldTo[from + i] = UInt32(starts[d] + i) }
                wordCounts += old.wordCounts[from..<from + n]
                spokenWordCounts += old.spokenWordCounts[from..<from + n]
            } else {
                for i in 0..<n { addedTo[a + i] = UInt32(starts[d] + i) }
                wordCounts += addedWords[a..<a + n]
                spokenWordCounts += addedSpoken[a..<a + n]
                a += n
            }
        }

        // Every term of either index: the old ones by their old ids, then those only the new documents have.
        var union: [(old: Int32, added: Int32)] = (0..<old.terms.count).map { (Int32($0), -1) }
        for id in 0..<addedTerms.count {
            if let o = addedTerms.bytes(id).withUnsafeBufferPointer({ old.terms.find($0) }) {
                union[o].added = Int32(id)
            } else {
                union.append((-1, Int32(id)))
            }
        }

        // Each term's list, merged from the two and renumbered, on two threads, a half of the terms each.
        let (terms, oldMap, addedMap) = (union, oldTo, addedTo)
        oldTo = []
        addedTo = []
        let halves = [0..<union.count / 2, union.count / 2..<union.count]
        let merged = old.postingBytes.withUnsafeBufferPointer { oldBytes in
            addedBytes.withUnsafeBufferPointer { newBytes in
                nonisolated(unsafe) let (oldBytes, newBytes) = (oldBytes, newBytes)
                return parallelMap(halves.count) { h in
                    var lists = MergedLists()
                    lists.bytes.reserveCapacity(old.postingBytes.count / 2 + addedBytes.count / 2 + 64)
                    for entry in terms[halves[h]] {
                        let from = entry.old < 0 ? UnsafeBufferPointer(start: nil, count: 0)
                            : UnsafeBufferPointer(rebasing: oldBytes[old.postingStarts[Int(entry.old)]..<old.postingStarts[Int(entry.old) + 1]])
                        let with = entry.added < 0 ? UnsafeBufferPointer(start: nil, count: 0)
                            : UnsafeBufferPointer(rebasing: newBytes[addedListStarts[Int(entry.added)]..<addedListStarts[Int(entry.added) + 1]])
                        lists.merge(from, renumbered: oldMap, with, renumbered: addedMap)
                    }
                    return lists
                }
            }
        }
        // A posting of an utterance the old index does not have: its lists do not fit its documents.
        guard !merged.contains(where: \.outOfRange) else { return nil }

        // The terms in the order a build interns them: by first occurrence; those left with no posting go.
        let order = firstOccurrenceOrder(union.indices.compactMap { i -> (term: Int, first: UInt64)? in
            let (h, j) = i < halves[1].lowerBound ? (0, i) : (1, i - halves[1].lowerBound)
            let first = merged[h].first[j]
            return first == .max ? nil : (i, first)
        }, documents: documents, starts: starts) { i in
            union[i].old >= 0 ? Array(old.terms.bytes(Int(union[i].old))) : Array(addedTerms.bytes(Int(union[i].added)))
        }
        var table = TermTable()
        var listStarts = [0]
        listStarts.reserveCapacity(order.count + 1)
        for i in order {
            let (h, j) = i < halves[1].lowerBound ? (0, i) : (1, i - halves[1].lowerBound)
            listStarts.append(listStarts[listStarts.count - 1] + merged[h].starts[j + 1] - merged[h].starts[j])
            let key = union[i].old >= 0 ? old.terms.bytes(Int(union[i].old)) : addedTerms.bytes(Int(union[i].added))
            _ = key.withUnsafeBufferPointer { table.intern($0) }
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: listStarts[listStarts.count - 1]) { buffer, initialized in
            for (id, i) in order.enumerated() {
                let (h, j) = i < halves[1].lowerBound ? (0, i) : (1, i - halves[1].lowerBound)
                merged[h].bytes.withUnsafeBufferPointer { source in
                    let range = merged[h].starts[j]..<merged[h].starts[j + 1]
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[listStarts[id]..<listStarts[id + 1]]).initialize(from: source[range])
                }
            }
            initialized = listStarts[listStarts.count - 1]
        }
        let (turnUnit, turnUnitCount, unitIsTurn) = Self.turnUnits(documents)
        let storage = Storage(turnUnit: turnUnit, turnUnitCount: turnUnitCount, unitIsTurn: unitIsTurn, terms: table,
                              wordCounts: wordCounts, spokenWordCounts: spokenWordCounts, postingBytes: SharedBytes(bytes),
                              postingStarts: listStarts, sortedTerms: Self.sorted(table))
        return CorpusIndex(documents: documents, storage: storage, speakers: identity)
    }

    /// The terms (`term`, with its first posting as utterance × 2³² + position) in the order the build
    /// meets them; terms first met at the same word (a hyphenated word's joined form and its parts) in the
    /// order the tokenizer gives them there, read again from their documents, each once.
    private static func firstOccurrenceOrder(_ terms: [(term: Int, first: UInt64)], documents: [Document], starts: [Int],
                                             bytes: (Int) -> [UInt8]) -> [Int] {
        let sorted = terms.sorted { $0.first < $1.first }
        // The words where several terms were first met, by document, and the forms met there in order.
        var tied: [Int: Set<UInt64>] = [:]
        for i in sorted.indices.dropFirst() where sorted[i].first == sorted[i - 1].first {
            let u = Int(sorted[i].first >> 32)
            var d = 0
            var high = documents.count
            while high - d > 1 {
                let mid = (d + high) / 2
                if starts[mid] <= u { d = mid } else { high = mid }
            }
            tied[d, default: []].insert(sorted[i].first)
        }
        var met: [UInt64: [[UInt8]]] = [:]
        for (d, keys) in tied {
            forEachForm(in: documents[d]) { u, form, position, _, _ in
                let key = UInt64(starts[d] + u) << 32 | UInt64(position)
                if keys.contains(key) { met[key, default: []].append(Array(form)) }
            }
        }
        var order: [Int] = []
        order.reserveCapacity(sorted.count)
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count, sorted[j].first == sorted[i].first { j += 1 }
            if j - i == 1 {
                order.append(sorted[i].term)
            } else {
                let forms = met[sorted[i].first] ?? []
                let ranked = sorted[i..<j].map { (term: $0.term, rank: forms.firstIndex(of: bytes($0.term)) ?? forms.count) }
                order += ranked.sorted { $0.rank < $1.rank }.map(\.term)
            }
            i = j
        }
        return order
    }
}

/// Lists of postings merged one after another into one array: where each starts, and its first posting.
private struct MergedLists {
    var bytes: [UInt8] = []
    var starts = [0]
    /// Utterance × 2³² + position of each list's first posting; `.max` for an empty list.
    var first: [UInt64] = []
    /// Whether a posting named an utterance past its table's end.
    var outOfRange = false

    /// Appends the list of `a`'s postings and `b`'s, each renumbered by its table (`.max`: left out), in
    /// utterance order. The two never share an utterance, and each stays in order once renumbered.
    mutating func merge(_ a: UnsafeBufferPointer<UInt8>, renumbered aTo: [UInt32], _ b: UnsafeBufferPointer<UInt8>, renumbered bTo: [UInt32]) {
        var x = PostingDecoder(a)
        var y = PostingDecoder(b)
        @inline(__always) func next(_ decoder: inout PostingDecoder, _ to: [UInt32]) -> Posting? {
            while var posting = decoder.next() {
                guard Int(posting.utterance) < to.count else {
                    outOfRange = true
                    return nil
                }
                let u = to[Int(posting.utterance)]
                guard u != .max else { continue }
                posting.utterance = u
                return posting
            }
            return nil
        }
        var p = next(&x, aTo)
        var q = next(&y, bTo)
        var encoder = PostingEncoder()
        var firstKey = UInt64.max
        while true {
            let posting: Posting
            if let one = p, q.map({ one.utterance < $0.utterance }) ?? true {
                posting = one
                p = next(&x, aTo)
            } else if let other = q {
                posting = other
                q = next(&y, bTo)
            } else {
                break
            }
            if firstKey == .max { firstKey = UInt64(posting.utterance) << 32 | UInt64(posting.position) }
            let (packed, position) = encoder.encode(posting)
            Self.append(packed, to: &bytes)
            Self.append(position, to: &bytes)
        }
        first.append(firstKey)
        starts.append(bytes.count)
    }

    @inline(__always)
    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}
