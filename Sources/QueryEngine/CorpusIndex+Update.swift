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
        let added = CorpusIndex(documents.indices.filter { previous[$0] == nil }.map { documents[$0] })
        return merging(old, added, to: documents, from: previous, speakers: identity)
    }

    /// The index of `documents` from the index of some of them (`previous[d]`, as `updating` takes it) and
    /// `added`, the index of the others (those `previous` gives nil, in their order): the lists of both,
    /// renumbered and merged. The result is the index a build gives, term ids included. Nil when `previous`
    /// or `added` does not fit.
    ///
    /// - Complexity: O(postings of both + terms × log terms).
    public static func merging(_ old: CorpusIndex, _ added: CorpusIndex, to documents: [Document], from previous: [Int?],
                               speakers identity: SpeakerIdentity) -> CorpusIndex? {
        guard let join = IndexJoin(old, added, to: documents, from: previous) else { return nil }
        let (starts, wordCounts, spokenWordCounts) = (join.starts, join.wordCounts, join.spokenWordCounts)
        let (addedTerms, addedBytes, addedListStarts) = (added.terms, added.postingBytes, added.postingStarts)

        // Each term's list, merged from the two and renumbered, in two passes on two threads, a half of
        // the terms each: the first counts each list's bytes and finds its first posting, the second
        // writes the lists straight into one array, in the order of the terms' ids. `lists` merges the
        // lists of terms `ids` into the sink each gets, and says what each gave, until told to stop.
        let (terms, oldMap, addedMap) = (join.terms, join.oldTo, join.addedTo)
        @Sendable func lists<Sink: PostingSink>(_ ids: some Sequence<Int>, _ sink: (Int) -> Sink, _ done: (Int, Sink, UInt64?) -> Bool) {
            old.postingBytes.withUnsafeBufferPointer { oldBytes in
                addedBytes.withUnsafeBufferPointer { newBytes in
                    for i in ids {
                        let (o, a) = (Int(terms[i].old), Int(terms[i].added))
                        let from = o < 0 ? UnsafeBufferPointer(start: nil, count: 0)
                            : UnsafeBufferPointer(rebasing: oldBytes[old.postingStarts[o]..<old.postingStarts[o + 1]])
                        let with = a < 0 ? UnsafeBufferPointer(start: nil, count: 0)
                            : UnsafeBufferPointer(rebasing: newBytes[addedListStarts[a]..<addedListStarts[a + 1]])
                        var into = sink(i)
                        let first = PostingSplice.merge(from, renumbered: oldMap, with, renumbered: addedMap, into: &into)
                        guard done(i, into, first) else { return }
                    }
                }
            }
        }
        let halves = [0..<terms.count / 2, terms.count / 2..<terms.count]
        let counted = parallelMap(halves.count) { h in
            var sizes: [Int] = []
            var first: [UInt64] = []
            lists(halves[h], { _ in CountingSink() }) { _, sink, key in
                guard let key else { return false }
                sizes.append(sink.count)
                first.append(key)
                return true
            }
            return (sizes: sizes, first: first)
        }
        // A posting of an utterance the old index does not have: its lists do not fit its documents.
        let sizes = counted.flatMap(\.sizes)
        let firsts = counted.flatMap(\.first)
        guard sizes.count == terms.count else { return nil }

        // The terms in the order a build interns them: by first occurrence; those left with no posting go.
        let order = firstOccurrenceOrder(terms.indices.compactMap { i in firsts[i] == .max ? nil : (i, firsts[i]) },
                                         documents: documents, starts: starts) { i in
            terms[i].old >= 0 ? Array(old.terms.bytes(Int(terms[i].old))) : Array(addedTerms.bytes(Int(terms[i].added)))
        }
        var table = TermTable()
        var listStarts = [0]
        listStarts.reserveCapacity(order.count + 1)
        for i in order {
            listStarts.append(listStarts[listStarts.count - 1] + sizes[i])
            let key = terms[i].old >= 0 ? old.terms.bytes(Int(terms[i].old)) : addedTerms.bytes(Int(terms[i].added))
            _ = key.withUnsafeBufferPointer { table.intern($0) }
        }
        let starting = listStarts
        let total = listStarts[listStarts.count - 1]
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            nonisolated(unsafe) let base = buffer.baseAddress
            let parts = [0..<order.count / 2, order.count / 2..<order.count]
            _ = parallelMap(parts.count) { part in
                guard let base else { return 0 }
                var id = parts[part].lowerBound
                lists(parts[part].lazy.map { order[$0] }, { _ in WritingSink(base: base, offset: starting[id]) }) { _, sink, _ in
                    // Each list filled exactly the room counted for it.
                    assert(sink.offset == starting[id + 1])
                    id += 1
                    return true
                }
                return 0
            }
            initialized = total
        }
        let storage = Storage(turnUnit: join.turnUnit, turnUnitCount: join.turnUnitCount, unitIsTurn: join.unitIsTurn, terms: table,
                              wordCounts: wordCounts, spokenWordCounts: spokenWordCounts,
                              postingBytes: SharedBytes(bytes),
                              postingStarts: SharedNumbers(listStarts), sortedTerms: SharedNumbers(Self.sorted(table)))
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

/// Where merged postings go: counted, or written.
protocol PostingSink {
    mutating func varint(_ value: UInt64)
    mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
}

struct CountingSink: PostingSink {
    var count = 0
    @inline(__always) mutating func varint(_ value: UInt64) { count += PostingEncoder.size(value) }
    @inline(__always) mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) { count += range.count }
}

struct WritingSink: PostingSink {
    let base: UnsafeMutablePointer<UInt8>
    var offset: Int
    @inline(__always) mutating func varint(_ value: UInt64) { PostingEncoder.write(value, to: base, at: &offset) }
    @inline(__always) mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty, let source = bytes.baseAddress else { return }
        (base + offset).update(from: source + range.lowerBound, count: range.count)
        offset += range.count
    }
}

/// Which utterances of an index another keeps, and their numbers there: runs of consecutive utterances.
struct Renumbering: Sendable {
    /// Utterances in the index.
    let count: Int
    /// Each run's first utterance, its end, and its first utterance's number in the other index; in order.
    private(set) var runs: [(from: UInt32, end: UInt32, to: UInt32)] = []

    init(count: Int) {
        self.count = count
    }

    /// Keeps utterances `range`, numbered from `start` on; after those kept before.
    mutating func keep(_ range: Range<Int>, at start: Int) {
        guard !range.isEmpty else { return }
        if let last = runs.last, Int(last.end) == range.lowerBound, Int(last.to) + Int(last.end - last.from) == start {
            runs[runs.count - 1].end = UInt32(range.upperBound)
        } else {
            runs.append((UInt32(range.lowerBound), UInt32(range.upperBound), UInt32(start)))
        }
    }

    /// Whether every utterance is kept at its own number.
    var keepsEveryNumber: Bool {
        count == 0 || (runs.count == 1 && runs[0].from == 0 && runs[0].to == 0 && Int(runs[0].end) == count)
    }

    /// The number of utterance `u`, or `.max` when it is not kept; `run` is where the last look ended,
    /// for utterances asked in order.
    @inline(__always)
    func number(of u: UInt32, from run: inout Int) -> UInt32 {
        if run < runs.count, u >= runs[run].end {
            // The first run ending past `u`.
            var (low, high) = (run + 1, runs.count)
            while low < high {
                let mid = (low + high) / 2
                if runs[mid].end <= u { low = mid + 1 } else { high = mid }
            }
            run = low
        }
        guard run < runs.count, u >= runs[run].from else { return .max }
        return runs[run].to + (u - runs[run].from)
    }
}

enum PostingSplice {
    /// Merges list `a` (renumbered by `aTo`) with list `b` (renumbered by `bTo`) into `sink`, in utterance
    /// order, as `PostingEncoder` would write the merged postings. The two never share an utterance, and
    /// each stays in order once renumbered. A posting of `a` as far from the posting written before it as
    /// from the one before it in `a` keeps its bytes, which are copied as they are: in the usual update,
    /// most of every list. Gives the first posting as utterance × 2³² + position (`.max`: the list is
    /// empty), or nil when `a` names an utterance past the end of `aTo`, or is cut short.
    @inline(__always)
    static func merge<Sink: PostingSink>(_ a: UnsafeBufferPointer<UInt8>, renumbered aTo: Renumbering,
                                         _ b: UnsafeBufferPointer<UInt8>, renumbered bTo: Renumbering,
                                         into sink: inout Sink) -> UInt64? {
        var first = UInt64.max
        // Where the merged list stands: a posting of `a` whose bytes are copied is passed over in it, since
        // the next posting after it is in a later utterance (the two lists share none).
        var encoder = PostingEncoder()
        // Bytes of `a` to be copied as they are, not yet copied.
        var pending = 0..<0
        var y = PostingDecoder(b)
        var bRun = 0
        var q = y.next()
        @inline(__always) func writeB(_ posting: Posting) {
            var renumbered = posting
            renumbered.utterance = bTo.number(of: posting.utterance, from: &bRun)
            if encoder.isEmpty { first = UInt64(renumbered.utterance) << 32 | UInt64(posting.position) }
            let (packed, position) = encoder.encode(renumbered)
            sink.varint(packed)
            sink.varint(position)
        }
        var offset = 0
        var u: UInt32 = 0
        var aRun = 0
        while offset < a.count {
            let start = offset
            let packed = PostingEncoder.read(a, at: &offset)
            let delta = UInt32(truncatingIfNeeded: packed >> 2)
            let positionStart = offset
            while offset < a.count, a[offset] >= 0x80 { offset += 1 }
            guard offset < a.count else { return nil }
            offset += 1
            u &+= delta
            guard Int(u) < aTo.count else { return nil }
            let utterance = aTo.number(of: u, from: &aRun)
            guard utterance != .max else { continue }
            while let posting = q, bTo.number(of: posting.utterance, from: &bRun) < utterance {
                sink.copy(a, pending)
                pending = 0..<0
                writeB(posting)
                q = y.next()
            }
            if encoder.isEmpty {
                var at = positionStart
                first = UInt64(utterance) << 32 | PostingEncoder.read(a, at: &at)
            }
            // The same distance from the posting written before: the same bytes. Else only the utterance is
            // written anew: the posting is in another utterance than the one before it (the two lists share
            // none, and a left-out posting's utterance is left out whole), so its position is whole.
            if utterance &- encoder.lastUtterance == delta {
                if pending.upperBound != start || pending.isEmpty {
                    sink.copy(a, pending)
                    pending = start..<start
                }
                pending = pending.lowerBound..<offset
            } else {
                sink.copy(a, pending)
                sink.varint(PostingEncoder.packed(delta: utterance &- encoder.lastUtterance, flags: packed & 3))
                pending = positionStart..<offset
            }
            encoder.pass(utterance: utterance)
        }
        sink.copy(a, pending)
        while let posting = q {
            writeB(posting)
            q = y.next()
        }
        return first
    }
}

/// How the documents of two indexes make a third (`previous[d]`: the document of `old` that document `d`
/// is, nil for the next of `added`'s): which utterances of each it keeps and where, its arrays per
/// utterance (words, turn units) copied from theirs, and every term of either index.
struct IndexJoin {
    let starts: [Int]
    let oldTo: Renumbering
    let addedTo: Renumbering
    let wordCounts: SharedNumbers<Int32>
    let spokenWordCounts: SharedNumbers<Int32>
    /// The turn units, numbered anew in order: each document's are consecutive, from its first
    /// utterance's on (as `CorpusIndex.turnUnits` numbers them).
    let turnUnit: SharedNumbers<Int32>
    let turnUnitCount: Int
    let unitIsTurn: Bitset
    /// Every term of either index by its ids there (-1: not there): `old`'s in the order of their ids,
    /// then those only `added` has.
    let terms: [(old: Int32, added: Int32)]

    /// Nil when the documents do not fit: one of another length than the document of `old` or `added` it
    /// is said to be, one of `old` named twice or out of order, not every one of `added` named, or turn
    /// units that are not numbered as a build numbers them.
    init?(_ old: CorpusIndex, _ added: CorpusIndex, to documents: [Document], from previous: [Int?]) {
        guard previous.count == documents.count, previous.count(where: { $0 == nil }) == added.documents.count else { return nil }
        let starts = CorpusIndex.starts(documents)
        var oldTo = Renumbering(count: old.utteranceCount)
        var addedTo = Renumbering(count: added.utteranceCount)
        // Where each document's utterances come from: an index, and the first of them there.
        var sources: [(index: CorpusIndex, from: Int)] = []
        sources.reserveCapacity(documents.count)
        var kept = -1
        var next = 0
        for (d, p) in previous.enumerated() {
            let n = documents[d].utterances.count
            if let p {
                guard p > kept, p < old.documents.count, old.documents[p].utterances.count == n else { return nil }
                kept = p
                sources.append((old, old.documentStarts[p]))
                oldTo.keep(old.documentStarts[p]..<old.documentStarts[p] + n, at: starts[d])
            } else {
                guard added.documents[next].utterances.count == n else { return nil }
                sources.append((added, added.documentStarts[next]))
                addedTo.keep(added.documentStarts[next]..<added.documentStarts[next] + n, at: starts[d])
                next += 1
            }
        }
        let total = starts[starts.count - 1]
        func joined(_ numbers: (CorpusIndex) -> SharedNumbers<Int32>) -> SharedNumbers<Int32> {
            SharedNumbers(count: total) { buffer in
                for (d, source) in sources.enumerated() {
                    numbers(source.index).withUnsafeBufferPointer { from in
                        for i in 0..<starts[d + 1] - starts[d] { buffer[starts[d] + i] = from[source.from + i] }
                    }
                }
            }
        }
        // Each document's turn units: from its first utterance's, consecutive, at most one an utterance.
        var units: [(first: Int32, count: Int)] = []
        units.reserveCapacity(documents.count)
        for (d, source) in sources.enumerated() {
            let n = starts[d + 1] - starts[d]
            guard n > 0 else { units.append((0, 0)); continue }
            let first = source.index.turnUnit[source.from]
            var last = first
            for i in 0..<n {
                let u = source.index.turnUnit[source.from + i]
                guard u >= first, Int(u - first) < n else { return nil }
                last = max(last, u)
            }
            units.append((first, Int(last - first) + 1))
        }
        var isTurn = Bitset(capacity: units.reduce(0) { $0 + $1.count })
        var unitStart = 0
        turnUnit = SharedNumbers(count: total) { buffer in
            for (d, source) in sources.enumerated() {
                let (first, count) = units[d]
                for i in 0..<starts[d + 1] - starts[d] {
                    buffer[starts[d] + i] = Int32(unitStart) + source.index.turnUnit[source.from + i] - first
                }
                for u in 0..<count where source.index.unitIsTurn.contains(Int(first) + u) { isTurn.insert(unitStart + u) }
                unitStart += count
            }
        }
        turnUnitCount = unitStart
        unitIsTurn = isTurn
        var terms: [(old: Int32, added: Int32)] = (0..<old.terms.count).map { (Int32($0), -1) }
        for id in 0..<added.terms.count {
            if let o = added.terms.bytes(id).withUnsafeBufferPointer({ old.terms.find($0) }) {
                terms[o].added = Int32(id)
            } else {
                terms.append((-1, Int32(id)))
            }
        }
        (self.starts, self.oldTo, self.addedTo, self.terms) = (starts, oldTo, addedTo, terms)
        wordCounts = joined(\.wordCounts)
        spokenWordCounts = joined(\.spokenWordCounts)
    }
}
