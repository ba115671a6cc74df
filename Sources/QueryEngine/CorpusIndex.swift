import Dispatch
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
    public let turnUnit: SharedNumbers<Int32>
    public let turnUnitCount: Int
    /// Which turn units are turns of the source, and not an utterance outside any turn (narrative).
    public let unitIsTurn: Bitset
    var terms: TermTable
    /// Who speaks, joined across documents; replaced in place by `rejoinSpeakers` after `.alias`.
    public private(set) var speakers: SpeakerTables
    /// Who is one speaker across documents (roles kept apart, the user's aliases joined).
    public var speakerIdentity: SpeakerIdentity { speakers.identity }
    /// Canonical names as written, by corpus-wide speaker number.
    public var speakerNames: [String] { speakers.names }
    /// Folded canonical names, by corpus-wide speaker number.
    var speakerKeys: [String] { speakers.keys }
    /// The corpus-wide speaker number of each utterance, or -1.
    var utteranceSpeaker: [Int32] { speakers.ofUtterance }
    /// The utterances of each speaker, by corpus-wide speaker number.
    var speakerUtterances: [[Int32]] { speakers.utterances }
    /// How many words each utterance holds, as the index reads them (one per position, an editor's note
    /// none: see `WordSource`), and the same without the words the editor inserted (`.editorial off`).
    let wordCounts: SharedNumbers<Int32>
    let spokenWordCounts: SharedNumbers<Int32>
    /// Corpus frequencies and stop-list languages, counted when an analysis stage first needs them.
    let analysis: AnalysisCache
    /// Every term's postings, one after another (see `PostingList`), and where each term's start.
    let postingBytes: SharedBytes
    let postingStarts: SharedNumbers<Int>
    /// For an index made of two (`combining`), their lists, which stand in for `postingBytes`.
    let segmented: SegmentedPostings?
    /// Term ids sorted by their bytes, for prefix and fuzzy expansion.
    lazy var sortedTerms = SharedNumbers(Self.sorted(terms))

    static func sorted(_ terms: TermTable) -> [Int32] {
        (0..<terms.count).map(Int32.init).sorted { terms.bytes(Int($0)).lexicographicallyPrecedes(terms.bytes(Int($1))) }
    }

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
        let starts = Self.starts(documents)
        documentStarts = starts
        // The turn units and the speakers, each a pass over every utterance on one core, are made side by
        // side: nothing else runs between reading and the postings.
        nonisolated(unsafe) var units: (units: [Int32], count: Int, isTurn: Bitset)?
        let beside = DispatchGroup()
        DispatchQueue.global().async(group: beside) { units = Self.turnUnits(documents) }
        speakers = SpeakerTables(documents, identity)
        beside.wait()
        guard let units else { preconditionFailure("the turn units are made before the group is done") }
        turnUnit = SharedNumbers(units.units)
        turnUnitCount = units.count
        unitIsTurn = units.isTurn
        let (bytes, words, spoken): ([UInt8], [Int32], [Int32])
        let listStarts: [Int]
        (terms, bytes, listStarts, words, spoken) = CorpusIndex.buildPostings(documents, starts: starts)
        postingStarts = SharedNumbers(listStarts)
        postingBytes = SharedBytes(bytes)
        wordCounts = SharedNumbers(words)
        spokenWordCounts = SharedNumbers(spoken)
        analysis = AnalysisCache(terms: terms.count)
        segmented = nil
    }

    /// First utterance number of each document, and the total at the end.
    static func starts(_ documents: [Document]) -> [Int] {
        var starts = [0]
        starts.reserveCapacity(documents.count + 1)
        for document in documents { starts.append(starts[starts.count - 1] + document.utterances.count) }
        return starts
    }

    /// The turn unit of each utterance: each turn of a document is one, and so is each utterance outside
    /// any turn; numbered across the corpus in order.
    static func turnUnits(_ documents: [Document]) -> (units: [Int32], count: Int, isTurn: Bitset) {
        var turnUnit: [Int32] = []
        turnUnit.reserveCapacity(documents.reduce(0) { $0 + $1.utterances.count })
        var units: Int32 = 0
        var turnUnits: [Int32] = []
        for document in documents {
            // Turns are numbered from 1 in their document: each turn's unit is found in an array by its
            // number (a number past the document's turns, in a table).
            var unitOfTurn = [Int32](repeating: -1, count: document.turns.count + 1)
            var unitOfOtherTurn: [Int: Int32] = [:]
            for turn in document.utterances.withUnsafeBufferPointer({ $0.map { $0.turn } }) {
                guard let turn else {
                    turnUnit.append(units)
                    units += 1
                    continue
                }
                let inArray = turn > 0 && turn < unitOfTurn.count
                let known = inArray ? unitOfTurn[turn] : unitOfOtherTurn[turn] ?? -1
                if known >= 0 {
                    turnUnit.append(known)
                    continue
                }
                if inArray { unitOfTurn[turn] = units } else { unitOfOtherTurn[turn] = units }
                turnUnits.append(units)
                turnUnit.append(units)
                units += 1
            }
        }
        var isTurn = Bitset(capacity: Int(units))
        for unit in turnUnits { isTurn.insert(Int(unit)) }
        return (turnUnit, Int(units), isTurn)
    }

    /// What the index derives from its documents, as a snapshot stores it: everything but the speakers,
    /// which are joined anew on reading (it is quick, and `.alias` changes them).
    struct Storage {
        var turnUnit: SharedNumbers<Int32>
        var turnUnitCount: Int
        var unitIsTurn: Bitset
        var terms: TermTable
        var wordCounts: SharedNumbers<Int32>
        var spokenWordCounts: SharedNumbers<Int32>
        var postingBytes: SharedBytes
        var postingStarts: SharedNumbers<Int>
        /// Term ids in the order of their bytes (`sortedTerms`), which take a sort of every term to make.
        var sortedTerms: SharedNumbers<Int32>
    }

    /// The arrays as a snapshot stores them; an index made of two has its postings in `segmented`, not
    /// here, and is `flattened()` first.
    var storage: Storage {
        Storage(turnUnit: turnUnit, turnUnitCount: turnUnitCount, unitIsTurn: unitIsTurn, terms: terms, wordCounts: wordCounts,
                spokenWordCounts: spokenWordCounts, postingBytes: postingBytes, postingStarts: postingStarts, sortedTerms: sortedTerms)
    }

    /// The index of `documents` from its stored arrays, without reading a word; nil when the arrays do not
    /// fit the documents or each other (a count per utterance of another length, a turn unit out of range,
    /// posting starts not rising to the end of the postings), so that a damaged snapshot is refused.
    ///
    /// Without `joiningSpeakers`, the speaker tables are left empty: for an index that is only ever the base
    /// of one made of two (`combining`), which joins its own.
    ///
    /// - Complexity: O(utterances + terms), plus joining the speakers.
    convenience init?(documents: [Document], storage: Storage, speakers identity: SpeakerIdentity, joiningSpeakers: Bool = true) {
        let starts = Self.starts(documents)
        let utterances = starts[starts.count - 1]
        guard storage.turnUnit.count == utterances, storage.wordCounts.count == utterances,
              storage.spokenWordCounts.count == utterances, storage.unitIsTurn.capacity == storage.turnUnitCount,
              storage.postingStarts.count == storage.terms.count + 1, storage.postingStarts.first == 0,
              storage.postingStarts.last == storage.postingBytes.count,
              storage.turnUnit.allSatisfy({ $0 >= 0 && Int($0) < storage.turnUnitCount }) else { return nil }
        for i in 1..<storage.postingStarts.count where storage.postingStarts[i] < storage.postingStarts[i - 1] { return nil }
        // The sorted terms are every term once.
        guard storage.sortedTerms.count == storage.terms.count else { return nil }
        var seen = Bitset(capacity: storage.terms.count)
        for id in storage.sortedTerms {
            guard id >= 0, Int(id) < storage.terms.count, !seen.contains(Int(id)) else { return nil }
            seen.insert(Int(id))
        }
        // These checks read every turn unit, list start and sorted term; a query may read few of them again.
        storage.turnUnit.release()
        storage.postingStarts.release()
        storage.sortedTerms.release()
        self.init(documents: documents, starts: starts, storage: storage,
                  speakers: joiningSpeakers ? SpeakerTables(documents, identity) : SpeakerTables([], identity), segmented: nil)
    }

    /// The index from its parts, as they are.
    init(documents: [Document], starts: [Int], storage: Storage, speakers: SpeakerTables, segmented: SegmentedPostings?) {
        self.documents = documents
        documentStarts = starts
        turnUnit = storage.turnUnit
        turnUnitCount = storage.turnUnitCount
        unitIsTurn = storage.unitIsTurn
        terms = storage.terms
        wordCounts = storage.wordCounts
        spokenWordCounts = storage.spokenWordCounts
        postingBytes = storage.postingBytes
        postingStarts = storage.postingStarts
        self.speakers = speakers
        analysis = AnalysisCache(terms: terms.count)
        self.segmented = segmented
        sortedTerms = storage.sortedTerms
    }

    /// How many words utterance `u` holds: one per position, so a hyphenated word's joined form and parts
    /// are one word, and none for the words of an editor's note (`[inaudible]`); without `editorial`, the
    /// words the editor inserted are left out, as in matching.
    public func wordCount(_ u: Int, editorial: Bool = true) -> Int {
        Int(editorial ? wordCounts[u] : spokenWordCounts[u])
    }

    /// Joins speakers anew (after `.alias`), in place; the postings stay as they are.
    public func rejoinSpeakers(_ identity: SpeakerIdentity) {
        speakers = SpeakerTables(documents, identity)
        analysis.forgetSpeakers()
    }

    /// The corpus-wide name of speaker `local` of document `d`.
    public func speakerName(document d: Int, local: Int) -> String {
        speakers.names[Int(speakers.numbers[d][local])]
    }

    /// What utterance `u`'s text holds besides words: its annotation codes and corrections (see
    /// `Tokenizer.scan(_:marks:_:)`).
    ///
    /// - Complexity: O(log n) in the document's annotations.
    public func marks(ofUtterance u: Int) -> WordMarks {
        let a = address(u)
        let document = documents[a.document]
        // The utterance's first annotation, if any: the first not before it.
        var low = 0
        var high = document.annotations.count
        while low < high {
            let mid = (low + high) / 2
            if document.annotations[mid].utterance < a.index { low = mid + 1 } else { high = mid }
        }
        return WordMarks(utterance: a.index, editorial: document.utterances[a.index].editorial, annotations: document.annotations, cursor: &low)
    }

    /// The postings of term `id`.
    func postings(_ id: Int) -> PostingList {
        if let segmented { return segmented.postings(id) }
        return PostingList(bytes: postingBytes[postingStarts[id]..<postingStarts[id + 1]])
    }

    /// The bytes of term `id`'s postings (in an index made of two, about them, without merging them).
    func postingLength(_ id: Int) -> Int {
        if let segmented { return segmented.length(id) }
        return postingStarts[id + 1] - postingStarts[id]
    }

    public func utterance(_ number: Int) -> Utterance {
        let a = address(number)
        return documents[a.document].utterances[a.index]
    }

    /// Writes every term's postings straight into one array of exactly their size, in two passes: the
    /// first reads the text, counts each term's bytes and keeps each word's term id in a `TermStream`; the
    /// second writes the postings from the stream where they belong, freeing the stream as it goes. Growing
    /// a list per term instead left a quarter to a half of its memory unused, and joining the halves copied
    /// every list again: on a large corpus that was a third of the peak memory. Reading and looking up the
    /// words again in the second pass, instead of the stream, took a seventh of the load's processor time,
    /// and the stream's blocks are given back as the postings fill their array. Each pass runs on two
    /// threads, a half of the documents each; the second half's lists go on from where the first half's end.
    static func buildPostings(_ documents: [Document], starts: [Int]) -> (TermTable, [UInt8], [Int], [Int32], [Int32]) {
        let half = documents.count / 2
        let ranges = half > 0 ? [0..<half, half..<documents.count] : [0..<documents.count]
        var counted = parallelMap(ranges.count) { part in
            let first = starts[ranges[part].lowerBound]
            var counter = Counter(first: first, utterances: starts[ranges[part].upperBound] - first, part: part)
            defer { counter.free() }
            for d in ranges[part] {
                // Text kept in a file is read into memory a document at a time.
                forEachUtterance(of: documents[d].withTextInMemory()) { text, marks, place in
                    counter.place = place
                    counter.utterance = UInt32(starts[d] + place.utterance)
                    Tokenizer.scan(text, marks: marks, into: &counter)
                }
            }
            return (terms: counter.terms, tallies: counter.tallies.array, firsts: counter.firsts.array, words: counter.words.array, spoken: counter.spoken.array, stream: counter.stream)
        }
        // The corpus's terms are the first half's, then the second half's new ones: the first half's ids
        // stand. Its table is taken out of `counted` so that adding to it does not copy it.
        let wordCounts = counted.flatMap(\.words)
        let spokenWordCounts = counted.flatMap(\.spoken)
        var terms = counted[0].terms
        counted[0].terms = TermTable(capacity: 0)
        let first = counted[0].tallies
        var sizes = first.map(\.bytes)
        var secondIDs: [Int] = []
        if counted.count > 1 {
            let local = counted[1].terms
            let tallies = counted[1].tallies
            let firsts = counted[1].firsts
            counted[1].terms = TermTable(capacity: 0)
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
                    sizes[global] += after.count(firsts[id]) - fresh.count(firsts[id])
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
        let mapped = secondIDs
        let streams = counted.map(\.stream)
        counted = []
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
                writers.withUnsafeMutableBufferPointer { writers in
                    // Ids come from this half's stream, each below its count of terms.
                    guard let writer = writers.baseAddress else { return }
                    streams[part].replay(from: UInt32(starts[ranges[part].lowerBound])) { id, posting in
                        writer[id].write(posting, to: base)
                    }
                }
                // Each list filled exactly the room counted for it.
                assert(writers.indices.allSatisfy { id in
                    writers[id].offset == (part == 0 ? listStarts[id] + first[id].bytes : listStarts[mapped[id] + 1])
                })
                return 0
            }
            initialized = total
        }
        return (terms, bytes, listStarts, wordCounts, spokenWordCounts)
    }

    /// The counting pass of one half of the documents: each form of each word is looked up, its term's
    /// tally and the stream take its posting.
    struct Counter: Tokenizer.FormSink {
        var terms = TermTable()
        let recent = RecentTerms()
        // Every word of the corpus updates these: read and written by pointer, without a check of
        // sharing and bounds each time.
        var tallies = PlainBuffer<Tally>(capacity: 1 << 14)
        // The first posting of each term, which the second half's lists go on from the first half's
        // with: kept apart from the tallies, which every word reads.
        var firsts: PlainBuffer<Posting>
        let stream = TermStream()
        // Words per utterance, counted by their first form: the others share its position. An editor's
        // note (`[inaudible]`) is found, but it is no one's words.
        let words: PlainBuffer<Int32>
        let spoken: PlainBuffer<Int32>
        /// The half's first utterance, and whether it is the second half.
        let first: Int
        let part: Int
        /// The utterance and position of the posting before.
        var last: (utterance: UInt32, position: UInt32)
        /// The utterance being read: its number in the corpus, and the place of its words.
        var utterance: UInt32 = 0
        var place = FormPlace(utterance: 0, sources: WordSource.Cursor([]))

        init(first: Int, utterances: Int, part: Int) {
            self.first = first
            self.part = part
            firsts = PlainBuffer<Posting>(capacity: part == 0 ? 1 : 1 << 14)
            words = PlainBuffer<Int32>(repeating: 0, count: utterances)
            spoken = PlainBuffer<Int32>(repeating: 0, count: utterances)
            last = (UInt32(first), UInt32.max)
        }

        func free() { tallies.free(); firsts.free(); words.free(); spoken.free() }

        @inline(__always)
        mutating func take(_ form: UnsafeBufferPointer<UInt8>, _ word: Tokenizer.Word) {
            let (position, source) = place.of(word)
            let posting = Posting(utterance: utterance, position: position,
                                  editorial: source == .inserted, capitalised: word.capitalised)
            let id = recent.intern(form, in: &terms)
            if id == tallies.count {
                tallies.append(Tally())
                if part > 0 { firsts.append(posting) }
            }
            let tally = tallies.base + id
            tally.pointee.bytes += tally.pointee.encoder.count(posting)
            stream.append(id, posting, after: last)
            if (posting.utterance, posting.position) != last {
                last = (posting.utterance, posting.position)
                if source.isWord { words.base[Int(posting.utterance) - first] += 1 }
                if source.isSpoken { spoken.base[Int(posting.utterance) - first] += 1 }
            }
        }
    }

    /// What the counting pass keeps of a term: the encoder's state and the bytes so far. Sixteen bytes,
    /// four to a cache line: every word of the corpus reads and writes its term's, and the pass spends
    /// most of its time waiting for it.
    struct Tally {
        var encoder = PostingEncoder()
        var bytes = 0
    }

    /// Calls `body` with every form of every word of `document`'s utterances as the index reads them, in
    /// order: the utterance (its index in the document), the folded form, the word's position (at most
    /// `positionLimit`), whose words it is (see `WordSource`) and whether it is capitalised. Annotation codes
    /// (CHAT's `[x 2]`, `@o`) are not words, and a correction's words stand at the positions of the words
    /// they replace (see `Tokenizer.scan(_:marks:_:)`). Other stores of the index's words (the ClickHouse push) read them here.
    public static func forEachForm(in document: Document,
                                   _ body: (_ utterance: Int, _ form: UnsafeBufferPointer<UInt8>, _ position: UInt32,
                                            _ source: WordSource, _ capitalised: Bool) -> Void) {
        withoutActuallyEscaping(body) { body in
            var sink = ClosureFormSink(body: body)
            forEachUtterance(of: document) { text, marks, place in
                sink.place = place
                Tokenizer.scan(text, marks: marks, into: &sink)
            }
        }
    }

    /// Calls `body` with the text of each utterance of `document`, its marks for the tokenizer and the place
    /// of its words: what `forEachForm` and the index's counting pass (`Counter`) scan.
    @inline(__always)
    private static func forEachUtterance(of document: Document, _ body: (UnsafeBufferPointer<UInt8>, WordMarks, FormPlace) -> Void) {
        let annotations = document.annotations
        var annotation = 0
        for (u, utterance) in document.utterances.enumerated() {
            let editorial = utterance.editorial
            let marks = WordMarks(utterance: u, editorial: editorial, annotations: annotations, cursor: &annotation)
            utterance.withTextUTF8 { text in body(text, marks, FormPlace(utterance: u, sources: WordSource.Cursor(editorial))) }
        }
    }

    /// Where the words of one utterance stand: the utterance (its index in the document), and for each word
    /// its position (at most `positionLimit`) and whose words it is.
    struct FormPlace {
        let utterance: Int
        // Words come in order, as do the spans: one cursor finds each word's span.
        var sources: WordSource.Cursor

        @inline(__always)
        mutating func of(_ word: Tokenizer.Word) -> (position: UInt32, source: WordSource) {
            (UInt32(min(word.position, Int(positionLimit))), sources.source(at: word.range.lowerBound))
        }
    }

    /// `forEachForm`'s closure as a `Tokenizer.FormSink`.
    private struct ClosureFormSink: Tokenizer.FormSink {
        let body: (Int, UnsafeBufferPointer<UInt8>, UInt32, WordSource, Bool) -> Void
        var place = FormPlace(utterance: 0, sources: WordSource.Cursor([]))

        mutating func take(_ form: UnsafeBufferPointer<UInt8>, _ word: Tokenizer.Word) {
            let (position, source) = place.of(word)
            body(place.utterance, form, position, source, word.capitalised)
        }
    }
}

/// Who speaks in the corpus: each document's speakers joined across documents by canonical name (folded),
/// as the user's aliases join them, a role (`The President`, `Q`) found in several documents kept apart.
public struct SpeakerTables: Sendable {
    public let identity: SpeakerIdentity
    /// Canonical names as written, and folded, by corpus-wide speaker number.
    public let names: [String]
    let keys: [String]
    /// Each speaker's names and labels as `speaker:` matches them (see `SpeakerNames`), by speaker number.
    let forms: [[SpeakerNames.Form]]
    /// Each document's speakers as corpus-wide numbers.
    public let numbers: [[Int32]]
    /// The corpus-wide speaker number of each utterance, or -1.
    let ofUtterance: [Int32]
    /// The utterances of each speaker, by corpus-wide speaker number.
    let utterances: [[Int32]]

    init(_ documents: [Document], _ identity: SpeakerIdentity) {
        self.identity = identity
        // Each document's speakers folded: a reopened archive does this at every start, and the same
        // speakers come in document after document, so each name and label is folded once.
        var folds: [String: String] = [:]
        var roles: [String: Bool] = [:]
        func fold(_ text: String) -> String {
            if let folded = folds[text] { return folded }
            let folded = Folding.fold(text)
            folds[text] = folded
            return folded
        }
        let byDocument = documents.map { document in
            document.speakers.map { speaker -> (key: String, role: Bool, forms: [String]) in
                let key = fold(speaker.name)
                let titled = !speaker.titles.isEmpty
                let role = titled ? SpeakerIdentity.isRole(key, titled: true) : roles[key] ?? SpeakerIdentity.isRole(key)
                if !titled { roles[key] = role }
                return (key, role, [key] + speaker.labels.map(fold))
            }
        }
        // Roles found in more than one document: one speaker per document.
        var roleDocuments: [String: Int] = [:]
        for document in byDocument {
            for key in Set(document.lazy.filter(\.role).map(\.key)) { roleDocuments[key, default: 0] += 1 }
        }
        var forms: [Set<String>] = []
        var names: [String] = []
        var keys: [String] = []
        var number: [String: Int32] = [:]
        var numbers: [[Int32]] = []
        for (document, read) in zip(documents, byDocument) {
            numbers.append(zip(document.speakers, read).map { speaker, folded -> Int32 in
                var key = folded.key
                var name = speaker.name
                if let canonical = identity.canonical(of: key) {
                    (key, name) = (Folding.fold(canonical), canonical)
                } else if (roleDocuments[key] ?? 0) > 1, folded.role {
                    (key, name) = (key + " (" + Folding.fold(document.id) + ")", speaker.name + " (" + document.id + ")")
                }
                let n = number[key] ?? Int32(keys.count)
                if n == keys.count {
                    number[key] = n
                    keys.append(key)
                    names.append(name)
                    forms.append([key])
                }
                forms[Int(n)].formUnion(folded.forms)
                return n
            })
        }
        // The speaker of each utterance, written in place, and how many each speaker has: a loop over every
        // utterance of the corpus at every start.
        var sizes = [Int](repeating: 0, count: keys.count)
        let ofUtterance = [Int32](unsafeUninitializedCapacity: documents.reduce(0) { $0 + $1.utterances.count }) { out, initialized in
            for (document, local) in zip(documents, numbers) {
                document.utterances.withUnsafeBufferPointer { utterances in
                    for u in utterances.indices {
                        let n = utterances[u].speaker.map { local[$0] } ?? -1
                        out[initialized] = n
                        initialized += 1
                        if n >= 0 { sizes[Int(n)] += 1 }
                    }
                }
            }
        }
        // Each speaker's list made at its size: grown by appending, the lists would hold up to twice as much.
        var bySpeaker = sizes.map { n in
            var list: [Int32] = []
            list.reserveCapacity(n)
            return list
        }
        for (u, s) in ofUtterance.enumerated() where s >= 0 { bySpeaker[Int(s)].append(Int32(u)) }
        self.names = names
        self.keys = keys
        self.forms = forms.map { $0.sorted().map(SpeakerNames.Form.init) }
        self.numbers = numbers
        self.ofUtterance = ofUtterance
        utterances = bySpeaker
    }
}
