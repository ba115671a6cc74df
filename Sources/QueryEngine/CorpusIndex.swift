import TranscriptModel

/// Where one utterance of the corpus lives; utterances are numbered across the corpus in document order.
public struct UtteranceAddress: Hashable, Sendable {
    public var document: Int
    public var index: Int
}

/// The corpus with an inverted index over its utterances' words, and the tables queries need.
///
/// Each term has a compressed `PostingList` of (utterance number, position, flags), sorted by utterance
/// and then position.
public final class CorpusIndex: @unchecked Sendable {
    public let documents: [Document]
    /// First utterance number of each document, and the total at the end.
    public let documentStarts: [Int]
    /// Turn unit of each utterance (a turn, or the utterance alone when it is outside any turn).
    public let turnUnit: [Int32]
    public let turnUnitCount: Int
    var terms: TermTable
    /// Who is one speaker across documents (roles kept apart, the user's aliases joined).
    public private(set) var speakerIdentity: SpeakerIdentity
    /// Each speaker of the corpus by key (its folded canonical name), with its folded names and labels.
    private(set) var speakerForms: [String: [String]]
    /// Each speaker's forms as `speaker:` matches them (whole, and by words; see `SpeakerNames`), built on first use.
    lazy var speakerMatchForms: [(key: String, forms: [SpeakerNames.Form])] = Self.matchForms(speakerForms)
    /// Canonical names as written, by corpus-wide speaker number.
    public private(set) var speakerNames: [String]
    /// Folded canonical names, by corpus-wide speaker number.
    private(set) var speakerKeys: [String]
    /// The corpus-wide speaker number of each utterance, or -1.
    private(set) var utteranceSpeaker: [Int32]
    /// The utterances of each speaker, by corpus-wide speaker number.
    private(set) var speakerUtterances: [[Int32]]
    /// Every term's postings, one after another (see `PostingList`), and where each term's start.
    let postingBytes: [UInt8]
    let postingStarts: [Int]
    /// Term ids sorted by their bytes, for prefix and fuzzy expansion.
    lazy var sortedTerms: [Int32] = {
        (0..<terms.count).map(Int32.init).sorted { terms.bytes(Int($0)).lexicographicallyPrecedes(terms.bytes(Int($1))) }
    }()

    /// Positions past this are stored as this (a 10 MB paragraph has fewer words).
    static let positionLimit: UInt32 = (1 << 30) - 1

    public var utteranceCount: Int { documentStarts[documentStarts.count - 1] }

    /// Where utterance `number` lives: found by binary search in `documentStarts` (a table of each
    /// utterance's document would take 4 bytes an utterance).
    public func address(_ number: Int) -> UtteranceAddress {
        // The last document that starts at or before `number`; an empty one shares its start with the next.
        var low = 0
        var high = documents.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if documentStarts[mid] <= number { low = mid } else { high = mid }
        }
        return UtteranceAddress(document: low, index: number - documentStarts[low])
    }

    public init(_ documents: [Document], speakers identity: SpeakerIdentity = SpeakerIdentity()) {
        self.documents = documents
        var starts: [Int] = []
        var turnUnit: [Int32] = []
        turnUnit.reserveCapacity(documents.reduce(0) { $0 + $1.utterances.count })
        var units: Int32 = 0
        for document in documents {
            starts.append(turnUnit.count)
            var unitOfTurn: [Int: Int32] = [:]
            for utterance in document.utterances {
                if let turn = utterance.turn, let unit = unitOfTurn[turn] {
                    turnUnit.append(unit)
                } else {
                    if let turn = utterance.turn { unitOfTurn[turn] = units }
                    turnUnit.append(units)
                    units += 1
                }
            }
        }
        starts.append(turnUnit.count)
        documentStarts = starts
        self.turnUnit = turnUnit
        turnUnitCount = Int(units)
        speakerIdentity = identity
        (speakerForms, speakerNames, speakerKeys, utteranceSpeaker, speakerUtterances) = Self.speakerTables(documents, identity)
        (terms, postingBytes, postingStarts) = CorpusIndex.buildPostings(documents, starts: starts)
    }

    /// The same index with speakers joined anew (after `.alias`); the postings are shared, not rebuilt.
    public func withSpeakers(_ identity: SpeakerIdentity) -> CorpusIndex {
        var copy = self
        copy.speakerIdentity = identity
        (copy.speakerForms, copy.speakerNames, copy.speakerKeys, copy.utteranceSpeaker, copy.speakerUtterances) =
            Self.speakerTables(documents, identity)
        copy.speakerMatchForms = Self.matchForms(copy.speakerForms)
        return copy
    }

    /// The corpus-wide key and shown name of a document's speaker: its folded canonical name, or what an
    /// alias makes it; a role (`The President`, `Q`) found in several documents is one speaker per
    /// document, shown with the document's id.
    public static func speakerIdentity(of speaker: Speaker, in document: Document, _ identity: SpeakerIdentity,
                                       roleDocuments: [String: Int]) -> (key: String, name: String) {
        let folded = Folding.fold(speaker.name)
        if let canonical = identity.canonical(of: folded) { return (Folding.fold(canonical), canonical) }
        if SpeakerIdentity.isRole(folded), (roleDocuments[folded] ?? 0) > 1 {
            return (folded + " (" + Folding.fold(document.id) + ")", speaker.name + " (" + document.id + ")")
        }
        return (folded, speaker.name)
    }

    /// How many documents each role speaker appears in.
    public static func roleDocuments(_ documents: [Document]) -> [String: Int] {
        var count: [String: Int] = [:]
        for document in documents {
            for key in Set(document.speakers.map { Folding.fold($0.name) }) where SpeakerIdentity.isRole(key) { count[key, default: 0] += 1 }
        }
        return count
    }

    static func matchForms(_ forms: [String: [String]]) -> [(key: String, forms: [SpeakerNames.Form])] {
        forms.sorted { $0.key < $1.key }.map { (key: $0.key, forms: $0.value.map(SpeakerNames.Form.init)) }
    }

    /// The speaker tables: forms by key, names and keys by corpus-wide number, each utterance's speaker
    /// number, and each speaker's utterances.
    static func speakerTables(_ documents: [Document], _ identity: SpeakerIdentity)
        -> ([String: [String]], [String], [String], [Int32], [[Int32]]) {
        let roles = roleDocuments(documents)
        var forms: [String: Set<String>] = [:]
        var names: [String] = []
        var keys: [String] = []
        var number: [String: Int32] = [:]
        var utteranceSpeaker: [Int32] = []
        utteranceSpeaker.reserveCapacity(documents.reduce(0) { $0 + $1.utterances.count })
        for document in documents {
            let local = document.speakers.map { speaker -> Int32 in
                let (key, name) = speakerIdentity(of: speaker, in: document, identity, roleDocuments: roles)
                forms[key, default: [key]].formUnion([Folding.fold(speaker.name)] + speaker.labels.map { Folding.fold($0) })
                if let n = number[key] { return n }
                number[key] = Int32(keys.count)
                keys.append(key)
                names.append(name)
                return Int32(keys.count - 1)
            }
            for utterance in document.utterances { utteranceSpeaker.append(utterance.speaker.map { local[$0] } ?? -1) }
        }
        var bySpeaker = Array(repeating: [Int32](), count: keys.count)
        for (u, s) in utteranceSpeaker.enumerated() where s >= 0 { bySpeaker[Int(s)].append(Int32(u)) }
        return (forms.mapValues { Array($0).sorted() }, names, keys, utteranceSpeaker, bySpeaker.map { $0.withUnsafeBufferPointer { Array($0) } })
    }

    /// The byte ranges of utterance `u`'s annotation codes, in order (see `Tokenizer.scan(_:skipping:_:)`).
    ///
    /// - Complexity: O(log n) in the document's annotations.
    public func codes(ofUtterance u: Int) -> [Range<Int>] {
        let a = address(u)
        let annotations = documents[a.document].annotations
        guard !annotations.isEmpty else { return [] }
        var low = 0
        var high = annotations.count
        while low < high {
            let mid = (low + high) / 2
            if annotations[mid].utterance < a.index { low = mid + 1 } else { high = mid }
        }
        var codes: [Range<Int>] = []
        while low < annotations.count, annotations[low].utterance == a.index { codes.append(annotations[low].range); low += 1 }
        return codes.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The postings of term `id`.
    func postings(_ id: Int) -> PostingList { PostingList(bytes: postingBytes[postingStarts[id]..<postingStarts[id + 1]]) }

    public func utterance(_ number: Int) -> Utterance {
        let a = address(number)
        return documents[a.document].utterances[a.index]
    }

    /// Writes every term's postings straight into one array of exactly their size, in two passes over
    /// the text: the first counts each term's bytes, the second writes them where they belong. Growing a
    /// list per term instead left a quarter to a half of its memory unused, and joining the halves copied
    /// every list again: on a large corpus that was a third of the peak memory. The price is the second
    /// pass. Each pass runs on two threads, a half of the documents each; the second half's lists go on
    /// from where the first half's end.
    private static func buildPostings(_ documents: [Document], starts: [Int]) -> (TermTable, [UInt8], [Int]) {
        let half = documents.count / 2
        let ranges = half > 0 ? [0..<half, half..<documents.count] : [0..<documents.count]
        var counted = parallelMap(ranges.count) { part in
            var terms = TermTable()
            var tallies: [Tally] = []
            forEachPosting(documents, ranges[part], starts) { form, posting in
                let id = terms.intern(form)
                if id == tallies.count { tallies.append(Tally(first: posting)) }
                tallies[id].bytes += tallies[id].encoder.count(posting)
            }
            return (terms: terms, tallies: tallies)
        }
        // The corpus's terms are the first half's, then the second half's new ones: the first half's ids
        // stand. Its table is taken out of `counted` so that adding to it does not copy it.
        var terms = counted[0].terms
        counted[0].terms = TermTable(capacity: 0)
        let first = counted[0].tallies
        var sizes = first.map(\.bytes)
        var secondIDs: [Int] = []
        if counted.count > 1 {
            let (local, tallies) = counted[1]
            secondIDs.reserveCapacity(local.count)
            for id in 0..<local.count {
                let global = local.bytes(id).withUnsafeBufferPointer { terms.intern($0) }
                secondIDs.append(global)
                if global == sizes.count { sizes.append(0) }
                sizes[global] += tallies[id].bytes
                // Its first posting is written after the end of the first half's list, not from scratch.
                if global < first.count {
                    var fresh = PostingEncoder()
                    var after = first[global].encoder
                    sizes[global] += after.count(tallies[id].first) - fresh.count(tallies[id].first)
                }
            }
        }
        var offsets = [0]
        offsets.reserveCapacity(sizes.count + 1)
        for size in sizes { offsets.append(offsets[offsets.count - 1] + size) }
        let listStarts = offsets
        sizes = []
        if counted.count > 1 { counted[1].tallies = [] }
        let total = listStarts[listStarts.count - 1]
        let corpusTerms = terms
        let secondTerms = counted.count > 1 ? counted[1].terms : TermTable(capacity: 0)
        let mapped = secondIDs
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            nonisolated(unsafe) let base = buffer.baseAddress
            _ = parallelMap(ranges.count) { part in
                guard let base else { return 0 }
                // Where each of this half's terms writes next, and what its next posting is written against.
                var writers = part == 0
                    ? first.indices.map { PostingWriter(offset: listStarts[$0], encoder: PostingEncoder()) }
                    : mapped.map { global in
                        global < first.count
                            ? PostingWriter(offset: listStarts[global] + first[global].bytes, encoder: first[global].encoder)
                            : PostingWriter(offset: listStarts[global], encoder: PostingEncoder())
                    }
                let table = part == 0 ? corpusTerms : secondTerms
                forEachPosting(documents, ranges[part], starts) { form, posting in
                    guard let id = table.find(form) else { return }
                    writers[id].write(posting, to: base)
                }
                // Each list filled exactly the room counted for it.
                assert(writers.indices.allSatisfy { id in
                    writers[id].offset == (part == 0 ? listStarts[id] + first[id].bytes : listStarts[mapped[id] + 1])
                })
                return 0
            }
            initialized = total
        }
        return (terms, bytes, listStarts)
    }

    /// What the counting pass keeps of a term: the encoder's state, the bytes so far, the first posting.
    private struct Tally {
        var encoder = PostingEncoder()
        var bytes = 0
        var first: Posting
    }

    /// Calls `body` with the folded form and the posting of every word of the documents in `range`, in order.
    @inline(__always)
    private static func forEachPosting(_ documents: [Document], _ range: Range<Int>, _ starts: [Int],
                                       _ body: (UnsafeBufferPointer<UInt8>, Posting) -> Void) {
        for d in range {
            var number = UInt32(starts[d])
            // Annotation codes (CHAT's `[x 2]`, `@o`) are not words: they are left out, and the words after
            // them close up, so that a phrase reads across a code. Annotations come in utterance order.
            let annotations = documents[d].annotations
            var annotation = 0
            for (u, utterance) in documents[d].utterances.enumerated() {
                let insertions = utterance.editorial.filter { $0.kind == .insertion }.map(\.range)
                var codes: [Range<Int>] = []
                while annotation < annotations.count, annotations[annotation].utterance <= u {
                    if annotations[annotation].utterance == u { codes.append(annotations[annotation].range) }
                    annotation += 1
                }
                codes.sort { $0.lowerBound < $1.lowerBound }
                // Words come in order, as do the spans: one cursor finds each word's span.
                var span = 0
                utterance.withTextUTF8 { text in
                    Tokenizer.scan(text, skipping: codes) { form, word in
                        while span < insertions.count, insertions[span].upperBound <= word.range.lowerBound { span += 1 }
                        let inserted = span < insertions.count && insertions[span].contains(word.range.lowerBound)
                        body(form, Posting(utterance: number, position: UInt32(min(word.position, Int(positionLimit))),
                                           editorial: inserted, capitalised: word.capitalised))
                    }
                }
                number += 1
            }
        }
    }
}
