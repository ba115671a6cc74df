/// A set of small integers (utterance, turn or document numbers) as bits: boolean queries are word-wise
/// AND, OR and NOT over it.
public struct Bitset: Equatable, Sendable {
    public private(set) var words: [UInt64]
    /// How many members the universe has; bits past it are always zero.
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
        words = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    /// A set from its stored words; nil when they do not fit `capacity` (too few or too many words, or
    /// a bit set past it).
    init?(words: [UInt64], capacity: Int) {
        guard capacity >= 0, words.count == (capacity + 63) / 64 else { return nil }
        if capacity % 64 != 0, let last = words.last, last >> UInt64(capacity % 64) != 0 { return nil }
        self.capacity = capacity
        self.words = words
    }

    /// The whole universe.
    public static func all(_ capacity: Int) -> Bitset {
        var set = Bitset(capacity: capacity)
        for i in set.words.indices { set.words[i] = ~0 }
        set.clearTail()
        return set
    }

    @inline(__always)
    public mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }

    /// Calls `body` with the words, to set many members in place; bits past `capacity` must stay zero.
    mutating func withWords<R>(_ body: (inout UnsafeMutableBufferPointer<UInt64>) throws -> R) rethrows -> R {
        try words.withUnsafeMutableBufferPointer(body)
    }

    @inline(__always)
    public func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }

    /// Added without an overflow check (the sum is at most `capacity`), which lets the compiler count
    /// several words at once: 1.7 times as fast.
    public var count: Int {
        var n = 0
        for word in words { n &+= word.nonzeroBitCount }
        return n
    }
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public mutating func formIntersection(_ other: Bitset) {
        for i in words.indices { words[i] &= other.words[i] }
    }

    public mutating func formUnion(_ other: Bitset) {
        for i in words.indices { words[i] |= other.words[i] }
    }

    public mutating func subtract(_ other: Bitset) {
        for i in words.indices { words[i] &= ~other.words[i] }
    }

    public func inverted() -> Bitset {
        var set = self
        for i in set.words.indices { set.words[i] = ~set.words[i] }
        set.clearTail()
        return set
    }

    /// Members in ascending order.
    public var members: [Int] {
        let n = count
        // Counted first, so that the list is made at its size (and four more, written past the last) and
        // written without a check a member.
        return [Int](unsafeUninitializedCapacity: n + 4) { result, initialized in
            guard let out = result.baseAddress else { initialized = 0; return }
            var k = 0
            words.withUnsafeBufferPointer { words in
                if n < words.count / 2 || n > 4 * words.count {
                    // Most words empty, or most full: the tests of each word and bit are guessed right.
                    for (w, word) in words.enumerated() where word != 0 { Self.write(word, base: w << 6, to: out, at: &k) }
                } else {
                    // A member or a few a word (a rare word's utterances): whether a word is empty, and where
                    // its bits end, are guesses missed half the time, which cost more than writing four
                    // members of every word, real or not, and moving on by the word's count.
                    for w in words.indices {
                        var bits = words[w]
                        let base = w << 6
                        let c = bits.nonzeroBitCount
                        out[k] = base | bits.trailingZeroBitCount; bits &= bits &- 1
                        out[k + 1] = base | bits.trailingZeroBitCount; bits &= bits &- 1
                        out[k + 2] = base | bits.trailingZeroBitCount; bits &= bits &- 1
                        out[k + 3] = base | bits.trailingZeroBitCount; bits &= bits &- 1
                        var j = k + 4
                        Self.write(bits, base: base, to: out, at: &j)
                        k += c
                    }
                }
            }
            initialized = k
        }
    }

    /// Writes the members whose bits `bits` holds, `base` plus each bit's place, from `out[k]` on, moving
    /// `k` past them.
    @inline(__always)
    private static func write(_ bits: UInt64, base: Int, to out: UnsafeMutablePointer<Int>, at k: inout Int) {
        var bits = bits
        while bits != 0 {
            out[k] = base | bits.trailingZeroBitCount
            k += 1
            bits &= bits &- 1
        }
    }

    private mutating func clearTail() {
        let extra = words.count * 64 - capacity
        if extra > 0, !words.isEmpty { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }
}
