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
    /// Address of every utterance, by its number.
    public let addresses: [UtteranceAddress]
    /// First utterance number of each document, and the total at the end.
    public let documentStarts: [Int]
    /// Turn unit of each utterance (a turn, or the utterance alone when it is outside any turn).
    public let turnUnit: [Int32]
    public let turnUnitCount: Int
    var terms: TermTable
    /// Each speaker of the corpus by folded canonical name, with its folded name and labels.
    let speakerForms: [String: [String]]
    /// Canonical names as written, by corpus-wide speaker number.
    public let speakerNames: [String]
    /// Folded canonical names, by corpus-wide speaker number.
    let speakerKeys: [String]
    /// The corpus-wide speaker number of each utterance, or -1.
    let utteranceSpeaker: [Int32]
    /// The utterances of each speaker, by corpus-wide speaker number.
    let speakerUtterances: [[Int32]]
    var postings: [PostingList]
    /// Term ids sorted by their bytes, for prefix and fuzzy expansion.
    lazy var sortedTerms: [Int32] = {
        (0..<terms.count).map(Int32.init).sorted { terms.bytes(Int($0)).lexicographicallyPrecedes(terms.bytes(Int($1))) }
    }()

    /// Positions past this are stored as this (a 10 MB paragraph has fewer words).
    static let positionLimit: UInt32 = (1 << 30) - 1

    public var utteranceCount: Int { addresses.count }

    public init(_ documents: [Document]) {
        self.documents = documents
        var addresses: [UtteranceAddress] = []
        var starts: [Int] = []
        var turnUnit: [Int32] = []
        var units: Int32 = 0
        for (d, document) in documents.enumerated() {
            starts.append(addresses.count)
            var unitOfTurn: [Int: Int32] = [:]
            for (i, utterance) in document.utterances.enumerated() {
                addresses.append(UtteranceAddress(document: d, index: i))
                if let turn = utterance.turn, let unit = unitOfTurn[turn] {
                    turnUnit.append(unit)
                } else {
                    if let turn = utterance.turn { unitOfTurn[turn] = units }
                    turnUnit.append(units)
                    units += 1
                }
            }
        }
        starts.append(addresses.count)
        self.addresses = addresses
        documentStarts = starts
        self.turnUnit = turnUnit
        turnUnitCount = Int(units)
        var forms: [String: Set<String>] = [:]
        var names: [String] = []
        var keys: [String] = []
        var number: [String: Int32] = [:]
        var utteranceSpeaker: [Int32] = []
        utteranceSpeaker.reserveCapacity(addresses.count)
        for document in documents {
            let local = document.speakers.map { speaker -> Int32 in
                let key = TextFolding.fold(speaker.name)
                forms[key, default: [key]].formUnion(speaker.labels.map { TextFolding.fold($0) })
                if let n = number[key] { return n }
                number[key] = Int32(keys.count)
                keys.append(key)
                names.append(speaker.name)
                return Int32(keys.count - 1)
            }
            for utterance in document.utterances { utteranceSpeaker.append(utterance.speaker.map { local[$0] } ?? -1) }
        }
        speakerForms = forms.mapValues { Array($0).sorted() }
        speakerNames = names
        speakerKeys = keys
        self.utteranceSpeaker = utteranceSpeaker
        var bySpeaker = Array(repeating: [Int32](), count: keys.count)
        for (u, s) in utteranceSpeaker.enumerated() where s >= 0 { bySpeaker[Int(s)].append(Int32(u)) }
        speakerUtterances = bySpeaker
        (terms, postings) = CorpusIndex.build(documents, starts: starts)
    }

    public func utterance(_ number: Int) -> Utterance {
        let a = addresses[number]
        return documents[a.document].utterances[a.index]
    }

    /// Indexes the documents in two halves on two threads, then joins the halves. Each half's lists are
    /// compacted on its thread and each joined list is sized once, so the index never holds much more
    /// memory than its final size.
    private static func build(_ documents: [Document], starts: [Int]) -> (TermTable, [PostingList]) {
        let half = documents.count / 2
        let ranges = half > 0 ? [0..<half, half..<documents.count] : [0..<documents.count]
        let parts = parallelMap(ranges.count) { buildPart(documents, range: ranges[$0], starts: starts) }
        var (terms, postings) = parts[0]
        if parts.count > 1 {
            let (otherTerms, otherPostings) = parts[1]
            for id in 0..<otherTerms.count {
                let bytes = Array(otherTerms.bytes(id))
                let target = bytes.withUnsafeBufferPointer { terms.intern($0) }
                if target == postings.count { postings.append(PostingList()) }
                postings[target].append(contentsOf: otherPostings[id])
            }
        }
        return (terms, postings)
    }

    private static func buildPart(_ documents: [Document], range: Range<Int>, starts: [Int]) -> (TermTable, [PostingList]) {
        var terms = TermTable()
        var postings: [PostingList] = []
        for d in range {
            var number = UInt32(starts[d])
            for utterance in documents[d].utterances {
                let insertions = utterance.editorial.filter { $0.kind == .insertion }.map(\.range)
                // Words come in order, as do the spans: one cursor finds each word's span.
                var span = 0
                var text = utterance.text
                text.withUTF8 { bytes in
                    Tokenizer.scan(bytes) { form, word in
                        let id = terms.intern(form)
                        if id == postings.count { postings.append(PostingList()) }
                        while span < insertions.count, insertions[span].upperBound <= word.range.lowerBound { span += 1 }
                        let inserted = span < insertions.count && insertions[span].contains(word.range.lowerBound)
                        postings[id].append(Posting(utterance: number, position: UInt32(min(word.position, Int(positionLimit))),
                                                    editorial: inserted, capitalised: word.capitalised))
                    }
                }
                number += 1
            }
        }
        for id in postings.indices { postings[id] = postings[id].compacted() }
        return (terms, postings)
    }
}
