import TestSupport
import Testing

@testable import QueryEngine

/// A bitset's members and count against the set of numbers put in, at every density its listing treats
/// apart: most words empty, a member or a few a word, most words full.
@Suite("Bitset")
struct BitsetTests {
    @Test("members and count are the numbers inserted", arguments: [0, 1, 40, 700, 3_000, 9_000, 40_000, 60_000, 64_000])
    func membersAtDensity(inserted: Int) {
        let capacity = 64_000 + 17
        var random = SplitMix64(seed: UInt64(inserted) + 1)
        var expected = Set<Int>()
        while expected.count < inserted { expected.insert(Int.random(in: 0..<capacity, using: &random)) }
        var set = Bitset(capacity: capacity)
        for n in expected { set.insert(n) }
        #expect(set.members == expected.sorted())
        #expect(set.count == expected.count)
    }

    @Test("words of more than four members, and the last members of the universe", arguments: [0, 30])
    func fullWords(emptyWords: Int) {
        // Words of 1, 4, 5 and 64 members, each after `emptyWords` empty ones (two members a word on
        // average, or more than four), then the last word of a capacity that is no multiple of 64, full.
        let cycle = emptyWords + 4
        let words = 10 * cycle
        let capacity = 64 * words + 5
        var expected: [Int] = []
        for w in 0..<words {
            let take = w % cycle < emptyWords ? 0 : [1, 4, 5, 64][w % cycle - emptyWords]
            expected += (0..<take).map { w * 64 + 63 - $0 * 13 % 64 }.sorted()
        }
        expected += (64 * words)..<capacity
        var set = Bitset(capacity: capacity)
        for n in expected { set.insert(n) }
        #expect(set.members == expected)
        #expect(set.count == expected.count)
        #expect(Bitset.all(capacity).members == Array(0..<capacity))
    }
}
