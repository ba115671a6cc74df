import Foundation
import TestSupport
import Testing
import TranscriptFormats
import TranscriptModel

@testable import QueryEngine

/// The compressed posting lists give back exactly what was put in: one list encoded alone, a list encoded in
/// two halves as the index's two threads write it, and every list of an index built from real transcripts.
@Suite("Posting lists")
struct PostingListTests {
    /// Postings in order: utterances ascending with gaps from none to millions, positions ascending within
    /// an utterance up to the largest kept, every combination of flags.
    static func postings(count: Int, seed: UInt64) -> [Posting] {
        var random = SplitMix64(seed: seed)
        var utterance: UInt32 = 0
        var position: UInt32 = 0
        var out: [Posting] = []
        for n in 0..<count {
            let gap = [0, 0, 1, 2, 127, 128, 20_000, 3_000_000][Int.random(in: 0..<8, using: &random)]
            if n > 0 && gap == 0 {
                position += UInt32([1, 2, 31, 32, 5_000].randomElement(using: &random) ?? 1)
            } else {
                utterance += UInt32(gap == 0 ? 1 : gap)
                position = [0, 1, 31, 32, 16_383, CorpusIndex.positionLimit].randomElement(using: &random) ?? 0
            }
            out.append(Posting(utterance: utterance, position: min(position, CorpusIndex.positionLimit),
                               editorial: Bool.random(using: &random), capitalised: Bool.random(using: &random)))
            if position >= CorpusIndex.positionLimit { position = 0; utterance += 1 }
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [Posting] {
        // Posting by posting, and as occurrences with positions, as queries read a list.
        var out: [Posting] = []
        bytes.withUnsafeBufferPointer { buffer in
            var decoder = PostingDecoder(buffer)
            while let posting = decoder.next() { out.append(posting) }
        }
        let occurrences = PostingList(bytes: SharedBytes(bytes)).occurrences(editorial: true, in: nil)
        #expect(occurrences == out.map { UInt64($0.utterance) << 32 | UInt64($0.position) })
        return out
    }

    /// The utterances of a list as a set, as a word's query takes them: each way of counting the editor's
    /// words and capitals gives the utterances of the postings that have those flags, and a posting past
    /// the number of utterances (only a damaged index has one) is left out.
    /// `size` counts what `write` writes, at each side of every seven-bit boundary and at the extremes.
    @Test func varintSizeIsTheBytesWritten() {
        var values: [UInt64] = [0, 1, UInt64.max]
        for bits in 1...63 { values += [(1 << UInt64(bits)) - 1, 1 << UInt64(bits), (1 << UInt64(bits)) + 1] }
        var buffer = [UInt8](repeating: 0, count: 16)
        for value in values {
            var written = 0
            buffer.withUnsafeMutableBufferPointer { buffer in
                if let base = buffer.baseAddress { PostingEncoder.write(value, to: base, at: &written) }
            }
            #expect(PostingEncoder.size(value) == written, "\(value)")
        }
    }

    @Test(arguments: [6, 7])
    func utterancesOfAListHonourItsFlags(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var postings: [Posting] = []
        var utterance: UInt32 = 0
        for _ in 0..<5_000 {
            utterance += UInt32([0, 1, 1, 3, 200].randomElement(using: &random) ?? 1)
            postings.append(Posting(utterance: utterance, position: UInt32(postings.count), editorial: Bool.random(using: &random),
                                    capitalised: Bool.random(using: &random)))
        }
        let list = PostingList(bytes: SharedBytes(Self.encode(postings).0))
        let capacity = Int(utterance)  // the last utterance is past it
        for editorial in [false, true] {
            for capitalisedOnly in [false, true] {
                let expected = Set(postings.filter { (editorial || !$0.editorial) && (!capitalisedOnly || $0.capitalised) && Int($0.utterance) < capacity }
                    .map { Int($0.utterance) })
                let found = list.utterances(capacity: capacity, editorial: editorial, capitalisedOnly: capitalisedOnly)
                #expect(found.capacity == capacity && found.members == expected.sorted(), "editorial \(editorial), capitalised \(capitalisedOnly)")
            }
        }
    }

    /// Counts the bytes as the index's first pass does, then writes them as its second pass does, going on
    /// from `encoder`; the count must be exact, as the index writes each list into exactly that room.
    /// Gives the encoder's state at the end too, from which a second half goes on.
    static func encode(_ postings: some Collection<Posting>, from encoder: PostingEncoder = PostingEncoder()) -> ([UInt8], PostingEncoder) {
        var counter = encoder
        let size = postings.reduce(0) { $0 + counter.count($1) }
        var writer = PostingWriter(offset: 0, encoder: encoder)
        let bytes = [UInt8](unsafeUninitializedCapacity: size + 20) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            for posting in postings { writer.write(posting, to: base) }
            initialized = writer.offset
        }
        #expect(bytes.count == size)
        return (bytes, writer.encoder)
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func roundTripAndHalves(seed: UInt64) throws {
        let postings = Self.postings(count: 2_000, seed: seed)
        #expect(Self.decode(Self.encode(postings).0) == postings)
        // Cut at a change of utterance, as the two halves of the index are.
        let cut = try #require((1..<postings.count).first { postings[$0].utterance != postings[$0 - 1].utterance && $0 > 700 })
        let (first, end) = Self.encode(postings[..<cut])
        #expect(Self.decode(first + Self.encode(postings[cut...], from: end).0) == postings)
    }

    /// The occurrences phrases are found from: every posting, or those the editor did not insert, or only
    /// those in a set of utterances, whose positions the others' skipping must not disturb.
    @Test(arguments: [6, 7, 8])
    func occurrencesAreThePostings(seed: UInt64) {
        let postings = Self.postings(count: 3_000, seed: seed)
        let list = PostingList(bytes: SharedBytes(Self.encode(postings).0))
        let key = { (p: Posting) in UInt64(p.utterance) << 32 | UInt64(p.position) }
        #expect(list.occurrences(editorial: true, in: nil) == postings.map(key))
        #expect(list.occurrences(editorial: false, in: nil) == postings.filter { !$0.editorial }.map(key))
        var random = SplitMix64(seed: seed)
        let some = Set(postings.map(\.utterance).filter { _ in Int.random(in: 0..<3, using: &random) == 0 })
        // Up to the last utterance but one: a list goes on past the set's end.
        var wanted = Bitset(capacity: Int(postings.last!.utterance))
        for u in some where Int(u) < wanted.capacity { wanted.insert(Int(u)) }
        let kept = { (p: Posting) in Int(p.utterance) < wanted.capacity && wanted.contains(Int(p.utterance)) }
        #expect(list.occurrences(editorial: true, in: wanted) == postings.filter(kept).map(key))
        #expect(list.occurrences(editorial: false, in: wanted) == postings.filter { kept($0) && !$0.editorial }.map(key))
        #expect(list.occurrences(editorial: true, in: Bitset(capacity: 0)).isEmpty)
    }

    @Test func emptyListsHaveNoPostings() {
        #expect(Self.decode([]).isEmpty)
        #expect(Self.encode([Posting]()).0.isEmpty)
    }

    /// The index's counting pass keeps an encoder and a byte count per term, and its writing pass an
    /// encoder and an offset: sixteen bytes each, four to a cache line, as every word reads its term's.
    /// An encoder passed over a posting, or given its first, is no longer empty, whatever the position.
    @Test func anEncoderTakesEightBytesAndKnowsWhetherItIsEmpty() {
        #expect(MemoryLayout<PostingEncoder>.stride == 8)
        #expect(MemoryLayout<CorpusIndex.Tally>.stride == 16 && MemoryLayout<PostingWriter>.stride == 16)
        var encoder = PostingEncoder()
        #expect(encoder.isEmpty)
        _ = encoder.encode(Posting(utterance: 0, position: 0, editorial: false, capitalised: false))
        #expect(!encoder.isEmpty)
        var passed = PostingEncoder()
        passed.pass(utterance: 0)
        #expect(!passed.isEmpty && passed.lastUtterance == 0)
        // The largest position kept is a position like any other: another form at it is no gap at all
        // (an empty encoder would give the utterance whole, 3 × 4, and the position whole).
        var largest = PostingEncoder()
        #expect(largest.encode(Posting(utterance: 3, position: CorpusIndex.positionLimit, editorial: false, capitalised: false))
                == (12, UInt64(CorpusIndex.positionLimit)))
        #expect(!largest.isEmpty)
        #expect(largest.encode(Posting(utterance: 3, position: CorpusIndex.positionLimit, editorial: false, capitalised: false)) == (0, 0))
    }

    @Test func aPostingTakesAByteOrTwoWhenGapsAreSmall() {
        let postings = (0..<1_000).map { Posting(utterance: UInt32($0 / 4), position: UInt32($0 % 4 * 3), editorial: false, capitalised: false) }
        #expect(Self.encode(postings).0.count == 2 * postings.count)
    }

    /// Every list of an index over several documents (so both threads write, and lists cross from one
    /// half to the other) holds exactly the postings a direct scan of the text finds, and the lists fill
    /// the index's bytes with nothing between them.
    /// The term stream that carries the index's words from its counting pass to its writing pass gives
    /// back every posting and term id in order: several forms at one position, positions that follow,
    /// jump or reach the largest kept, utterances far apart, ids large and small, over several blocks.
    @Test(arguments: [9, 10])
    func theTermStreamGivesBackWhatWasAdded(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var added: [(Int, Posting)] = []
        let first: UInt32 = 5
        var utterance = first
        var position: UInt32 = 0
        for n in 0..<300_000 {
            switch Int.random(in: 0..<6, using: &random) {
            case 0...1 where n > 0 && position < CorpusIndex.positionLimit: position += 1
            case 2 where n > 0 && position < CorpusIndex.positionLimit - 5_000: position += [2, 31, 5_000].randomElement(using: &random) ?? 2
            default:
                utterance += [0, 1, 2, 127, 128, 20_000].randomElement(using: &random) ?? 1
                position = [0, 1, 32, 16_383, CorpusIndex.positionLimit].randomElement(using: &random) ?? 0
            }
            let posting = Posting(utterance: utterance, position: position, editorial: Bool.random(using: &random),
                                  capitalised: Bool.random(using: &random))
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                added.append(([0, 1, 15, 16, 1_000, 3_000_000].randomElement(using: &random) ?? 0, posting))
            }
        }
        let stream = TermStream()
        var last = (utterance: first, position: UInt32.max)
        for (id, posting) in added {
            stream.append(id, posting, after: last)
            last = (posting.utterance, posting.position)
        }
        #expect(stream.blockCount > 1)
        var replayed: [(Int, Posting)] = []
        stream.replay(from: first) { replayed.append(($0, $1)) }
        #expect(stream.blockCount == 0)
        #expect(replayed.count == added.count)
        #expect(zip(replayed, added).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 })
        // Read once: the blocks are given back.
        var again = 0
        stream.replay(from: first) { _, _ in again += 1 }
        #expect(again == 0)
    }

    @Test func everyListOfABuiltIndexMatchesADirectScan() throws {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
        var documents = [Loader.embeddedReference()]
        if FileManager.default.fileExists(atPath: shared.path) {
            documents += Loader().load([shared.path]).documents
        } else {
            print("PostingListTests: ../shared/corpus is absent; the index is built from the reference document alone")
        }
        let index = CorpusIndex(documents)
        var expected: [String: [Posting]] = [:]
        var number: UInt32 = 0
        for document in documents {
            for (u, utterance) in document.utterances.enumerated() {
                let insertions = utterance.editorial.filter { $0.kind == .insertion }
                // Annotation codes (CHAT's `[x 2]`, `@o`), words read whole (`op(en)`) and corrections as the
                // tokenizer reads them (`CorrectionWordTests` checks that reading).
                let own = document.annotations.filter { $0.utterance == u }
                let marks = WordMarks(codes: own.filter { $0.code != Annotation.partlySaid }.map(\.range), editorial: utterance.editorial,
                                      joins: own.filter { $0.code == Annotation.partlySaid }.map(\.range))
                utterance.withTextUTF8 { text in
                    Tokenizer.scan(text, marks: marks) { form, word in
                        let inserted = insertions.contains { $0.range.contains(word.range.lowerBound) }
                        expected[String(decoding: form, as: UTF8.self), default: []]
                            .append(Posting(utterance: number, position: UInt32(word.position), editorial: inserted,
                                            capitalised: word.capitalised))
                    }
                }
                number += 1
            }
        }
        #expect(index.terms.count == expected.count)
        #expect(index.postingStarts.first == 0 && index.postingStarts.last == index.postingBytes.count)
        for (word, postings) in expected {
            let id = try #require(index.term(word), "\(word)")
            #expect(Self.decode(index.postings(id).bytes.withUnsafeBufferPointer { Array($0) }) == postings, "\(word)")
        }
    }

    /// The proximity walk gives the utterances where one occurrence from each list fits in the window,
    /// as trying every choice of one occurrence a list finds: random lists over few utterances (so they
    /// share many), a word given twice, windows from one word to wider than any utterance.
    @Test(arguments: 0..<40)
    func proximityWalkAgreesWithTryingEveryChoice(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let utterances = Int.random(in: 1...40, using: &random)
        let k = Int.random(in: 1...4, using: &random)
        var lists: [[UInt64]] = (0..<k).map { _ in
            var set = Set<UInt64>()
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                set.insert(UInt64.random(in: 0..<UInt64(utterances), using: &random) << 32 | UInt64.random(in: 0..<30, using: &random))
            }
            return set.sorted()
        }
        if k > 1, Bool.random(using: &random) { lists[1] = lists[0] }
        let window = Int.random(in: 1...35, using: &random)
        var walked = Bitset(capacity: utterances)
        CorpusIndex.insertUtterancesWithAll(lists, within: window, into: &walked)
        let expected = (0..<utterances).filter { u in
            let positions = lists.map { $0.filter { $0 >> 32 == UInt64(u) }.map { Int($0 & 0xFFFF_FFFF) } }
            // Some occurrence starts a window (as its least member) that every list reaches.
            let starts = positions.joined()
            return starts.contains { start in positions.allSatisfy { $0.contains { $0 >= start && $0 - start <= window - 1 } } }
        }
        #expect(walked.members == expected, "seed \(seed), window \(window), lists \(lists.map(\.count))")
    }
}
