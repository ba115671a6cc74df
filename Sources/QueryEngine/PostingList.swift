/// One occurrence of a term: the utterance, the word's position in it, and how it was written.
struct Posting: Equatable {
    var utterance: UInt32
    var position: UInt32
    /// Inside words the editor inserted (`[agricultural]`).
    var editorial: Bool
    /// Written with a capital (for `mentions:`).
    var capitalised: Bool
}

/// A term's postings in utterance and position order, compressed to a byte or two each: the utterance as
/// the difference from the previous posting's, then the position (the difference from the previous
/// position when the utterance is the same) times four plus the two flags, both as LEB128 varints.
/// Eight bytes a posting made the index of a large corpus larger than the corpus.
struct PostingList: Sendable {
    private(set) var bytes: [UInt8] = []
    private var lastUtterance: UInt32 = 0
    private var lastPosition: UInt32 = 0
    private var isEmpty = true

    /// Adds an occurrence after all the others: in a later utterance, or later in the last one.
    mutating func append(_ posting: Posting) {
        let sameUtterance = !isEmpty && posting.utterance == lastUtterance
        Self.write(UInt64(posting.utterance &- lastUtterance), to: &bytes)
        let position = sameUtterance ? posting.position &- lastPosition : posting.position
        Self.write(UInt64(position) << 2 | (posting.editorial ? 2 : 0) | (posting.capitalised ? 1 : 0), to: &bytes)
        lastUtterance = posting.utterance
        lastPosition = posting.position
        isEmpty = false
    }

    /// Adds another list whose utterances all come after this one's: only its first utterance, written
    /// as a difference from zero, is written again.
    mutating func append(contentsOf other: PostingList) {
        guard !other.isEmpty else { return }
        var cursor = 0
        let first = other.bytes.withUnsafeBufferPointer { Self.read($0, at: &cursor) }
        bytes.reserveCapacity(bytes.count + other.bytes.count + 4)
        Self.write(first &- UInt64(lastUtterance), to: &bytes)
        bytes.append(contentsOf: other.bytes[cursor...])
        lastUtterance = other.lastUtterance
        lastPosition = other.lastPosition
        isEmpty = false
    }

    /// The same list in storage of exactly its size; appending leaves up to half the capacity unused.
    func compacted() -> PostingList {
        var copy = self
        copy.bytes = bytes.withUnsafeBufferPointer { Array($0) }
        return copy
    }

    /// A cursor on the first posting.
    func makeCursor() -> PostingCursor { PostingCursor(bytes) }

    /// Calls `body` with each posting's utterance and flags: the quick way through a whole list.
    @inline(__always)
    func forEach(_ body: (_ utterance: UInt32, _ editorial: Bool, _ capitalised: Bool) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            var utterance: UInt32 = 0
            while offset < buffer.count {
                utterance &+= UInt32(truncatingIfNeeded: Self.read(buffer, at: &offset))
                let packed = Self.read(buffer, at: &offset)
                body(utterance, packed & 2 != 0, packed & 1 != 0)
            }
        }
    }

    @inline(__always)
    static func write(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// The varint at `offset`, moving `offset` past it; never reads past the end.
    @inline(__always)
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, at offset: inout Int) -> UInt64 {
        // Most values take one byte.
        if offset < bytes.count, bytes[offset] < 0x80 {
            offset += 1
            return UInt64(bytes[offset - 1])
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }
}

/// Walks a posting list in order; `current` is nil past the end.
struct PostingCursor {
    private let bytes: [UInt8]
    private var offset = 0
    private(set) var current: Posting?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        current = nil
        advance()
    }

    /// Moves to the next posting.
    @inline(__always)
    mutating func advance() {
        guard offset < bytes.count else {
            current = nil
            return
        }
        let (delta, packed) = bytes.withUnsafeBufferPointer { buffer in
            (UInt32(truncatingIfNeeded: PostingList.read(buffer, at: &offset)), PostingList.read(buffer, at: &offset))
        }
        let step = UInt32(truncatingIfNeeded: packed >> 2)
        let previous = current
        let utterance = (previous?.utterance ?? 0) &+ delta
        let position = previous.map { $0.utterance == utterance ? $0.position &+ step : step } ?? step
        current = Posting(utterance: utterance, position: position, editorial: packed & 2 != 0, capitalised: packed & 1 != 0)
    }
}
