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

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
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
        // Counted first, so that the list is made at its size and written without a check a member.
        [Int](unsafeUninitializedCapacity: count) { result, initialized in
            var k = 0
            for (w, word) in words.enumerated() where word != 0 {
                var bits = word
                while bits != 0 {
                    result.initializeElement(at: k, to: w << 6 | bits.trailingZeroBitCount)
                    k += 1
                    bits &= bits - 1
                }
            }
            initialized = k
        }
    }

    private mutating func clearTail() {
        let extra = words.count * 64 - capacity
        if extra > 0, !words.isEmpty { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }
}
