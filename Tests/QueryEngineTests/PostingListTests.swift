import TestSupport
import Testing

@testable import QueryEngine

/// The compressed posting lists give back exactly what was put in, also when two halves are joined.
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

    static func decode(_ list: PostingList) -> [Posting] {
        var cursor = list.makeCursor()
        var out: [Posting] = []
        while let posting = cursor.current {
            out.append(posting)
            cursor.advance()
        }
        return out
    }

    static func list(_ postings: some Sequence<Posting>) -> PostingList {
        var list = PostingList()
        for posting in postings { list.append(posting) }
        return list
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func roundTripAndJoin(seed: UInt64) {
        let postings = Self.postings(count: 2_000, seed: seed)
        #expect(Self.decode(Self.list(postings)) == postings)
        #expect(Self.decode(Self.list(postings).compacted()) == postings)
        // Joined at a change of utterance, as the two halves of the index are.
        let cut = (1..<postings.count).first { postings[$0].utterance != postings[$0 - 1].utterance && $0 > 700 } ?? 0
        var joined = Self.list(postings[..<cut])
        joined.append(contentsOf: Self.list(postings[cut...]))
        #expect(Self.decode(joined) == postings)
        var fromEmpty = PostingList()
        fromEmpty.append(contentsOf: Self.list(postings))
        #expect(Self.decode(fromEmpty) == postings)
    }

    @Test func emptyListsHaveNoPostings() {
        #expect(Self.decode(PostingList()).isEmpty)
        var list = Self.list([Posting(utterance: 0, position: 0, editorial: false, capitalised: true)])
        list.append(contentsOf: PostingList())
        #expect(Self.decode(list) == [Posting(utterance: 0, position: 0, editorial: false, capitalised: true)])
    }

    @Test func aPostingTakesAByteOrTwoWhenGapsAreSmall() {
        let postings = (0..<1_000).map { Posting(utterance: UInt32($0 / 4), position: UInt32($0 % 4 * 3), editorial: false, capitalised: false) }
        #expect(Self.list(postings).bytes.count == 2 * postings.count)
    }
}
