import Foundation
import TranscriptModel

/// An index made of two without merging them: a large one (a snapshot's, mapped) and a small one of the
/// documents that changed since, so that a change costs what the changed files cost, not the corpus.
extension CorpusIndex {
    /// The index of the documents `order` names: `order[d]` is the document of `base` that document `d`
    /// is, or nil for the next document of `segment`. Each term's list is merged from the two, renumbered,
    /// the first time a query asks for it (`SegmentedPostings`); the rest of the index is made here.
    /// Answers are those of `CorpusIndex(documents)`; term ids may differ from a build's (the base's
    /// first, then those only the segment has), and `flattened()` gives the build's. Nil when `order` does
    /// not fit the two (see `IndexJoin`).
    ///
    /// - Complexity: O(utterances + terms + terms of `segment` × log terms), plus joining the speakers.
    public static func combining(_ base: CorpusIndex, _ segment: CorpusIndex, order: [Int?],
                                 speakers identity: SpeakerIdentity = SpeakerIdentity()) -> CorpusIndex? {
        guard let documents = documents(of: base, segment, order: order) else { return nil }
        // No document of the segment, every one of the base in its place (a file of changes that only
        // keeps touched files' times): the base as it is, its arrays shared, its speakers joined.
        if segment.documents.isEmpty, order.count == base.documents.count, order.enumerated().allSatisfy({ $0.element == $0.offset }) {
            return CorpusIndex(documents: documents, starts: base.documentStarts, storage: base.storage,
                               speakers: SpeakerTables(documents, identity), segmented: nil)
        }
        guard let join = IndexJoin(base, segment, to: documents, from: order) else { return nil }
        // The base's arrays per utterance were read once, to be copied; in a mapped snapshot their pages go.
        for numbers in [base.wordCounts, base.spokenWordCounts, base.turnUnit] { numbers.release() }
        var terms = base.terms
        var sortedNew: [Int32] = []
        for (b, s) in join.terms where b < 0 {
            sortedNew.append(Int32(segment.terms.bytes(Int(s)).withUnsafeBufferPointer { terms.intern($0) }))
        }
        sortedNew.sort { terms.bytes(Int($0)).lexicographicallyPrecedes(terms.bytes(Int($1))) }
        let sorted = sortedNew.isEmpty ? base.sortedTerms : SharedNumbers(Self.merged(base.sortedTerms, sortedNew, terms))
        let storage = Storage(turnUnit: join.turnUnit, turnUnitCount: join.turnUnitCount, unitIsTurn: join.unitIsTurn, terms: terms,
                              wordCounts: join.wordCounts, spokenWordCounts: join.spokenWordCounts,
                              postingBytes: SharedBytes([]), postingStarts: SharedNumbers([0]), sortedTerms: sorted)
        let postings = SegmentedPostings(base: base, segment: segment, order: order, join: join)
        return CorpusIndex(documents: documents, starts: join.starts, storage: storage, speakers: SpeakerTables(documents, identity),
                           segmented: postings)
    }

    /// The documents `order` names (as `combining` takes it), in order; nil when it names one that neither
    /// has, or leaves one of the segment's out.
    public static func documents(of base: CorpusIndex, _ segment: CorpusIndex, order: [Int?]) -> [Document]? {
        var next = 0
        var documents: [Document] = []
        documents.reserveCapacity(order.count)
        for p in order {
            if let p {
                guard p >= 0, p < base.documents.count else { return nil }
                documents.append(base.documents[p])
            } else {
                guard next < segment.documents.count else { return nil }
                documents.append(segment.documents[next])
                next += 1
            }
        }
        return next == segment.documents.count ? documents : nil
    }

    /// Two lists of term ids, each in the order of the terms' bytes, as one.
    private static func merged(_ a: SharedNumbers<Int32>, _ b: [Int32], _ terms: TermTable) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(a.count + b.count)
        var j = 0
        for id in a {
            while j < b.count, terms.bytes(Int(b[j])).lexicographicallyPrecedes(terms.bytes(Int(id))) {
                result.append(b[j])
                j += 1
            }
            result.append(id)
        }
        result += b[j...]
        return result
    }

    /// The two indexes this one is made of, and the order of their documents in it (see `combining`);
    /// nil for an index of its own.
    public var segments: (base: CorpusIndex, segment: CorpusIndex, order: [Int?])? {
        segmented.map { ($0.base, $0.segment, $0.order) }
    }

    /// This index as one: every list merged, with the term ids a build gives. Itself when it is one.
    ///
    /// - Complexity: O(postings) for an index made of two, O(1) for one.
    public func flattened() -> CorpusIndex {
        guard let segmented else { return self }
        return Self.merging(segmented.base, segmented.segment, to: documents, from: segmented.order, speakers: speakerIdentity)
            ?? CorpusIndex(documents, speakers: speakerIdentity)
    }
}

/// The posting lists of an index made of two (`CorpusIndex.combining`). A term's list is merged from the
/// two (`PostingSplice`) the first time it is asked for, and kept; a term only the base has, in a base
/// whose utterances keep their numbers (files were added after its last, none removed or changed), is
/// read where it lies.
final class SegmentedPostings: @unchecked Sendable {
    let base: CorpusIndex
    let segment: CorpusIndex
    let order: [Int?]
    private let join: IndexJoin
    private let baseInPlace: Bool
    private var merged: [Int: SharedBytes] = [:]
    private let lock = NSLock()

    init(base: CorpusIndex, segment: CorpusIndex, order: [Int?], join: IndexJoin) {
        (self.base, self.segment, self.order, self.join) = (base, segment, order, join)
        baseInPlace = join.oldTo.keepsEveryNumber
    }

    func postings(_ id: Int) -> PostingList {
        let (b, s) = join.terms[id]
        if s < 0, baseInPlace { return base.postings(Int(b)) }
        lock.lock()
        let known = merged[id]
        lock.unlock()
        if let known { return PostingList(bytes: known) }
        let first = b < 0 ? SharedBytes([]) : base.postings(Int(b)).bytes
        let second = s < 0 ? SharedBytes([]) : segment.postings(Int(s)).bytes
        let (baseTo, segmentTo) = (join.oldTo, join.addedTo)
        // One pass into an array about the size of the two lists: a posting renumbered may take a byte or
        // two more than it did, and the array grows then.
        let bytes = first.withUnsafeBufferPointer { a in
            second.withUnsafeBufferPointer { c in
                var sink = GrowingSink(capacity: a.count + c.count + 16)
                _ = PostingSplice.merge(a, renumbered: baseTo, c, renumbered: segmentTo, into: &sink)
                return sink.bytes
            }
        }
        let list = SharedBytes(bytes)
        lock.lock()
        merged[id] = list
        lock.unlock()
        return PostingList(bytes: list)
    }

    /// The bytes of term `id`'s lists in the two, about the bytes of its merged list.
    func length(_ id: Int) -> Int {
        let (b, s) = join.terms[id]
        return (b < 0 ? 0 : base.postingLength(Int(b))) + (s < 0 ? 0 : segment.postingLength(Int(s)))
    }
}

/// Merged postings written to an array that grows as needed.
struct GrowingSink: PostingSink {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always) mutating func varint(_ value: UInt64) {
        var offset = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: PostingEncoder.size(value)))
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            PostingEncoder.write(value, to: base, at: &offset)
        }
    }

    @inline(__always) mutating func copy(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[range]))
    }
}
