import TranscriptModel

/// One occurrence of a term: the utterance, the word's position in it, and how it was written.
struct Posting: Equatable {
    var utterance: UInt32
    var position: UInt32
    /// Inside words the editor inserted (`[agricultural]`).
    var editorial: Bool
    /// Written with a capital (for `mentions:`).
    var capitalised: Bool
}

/// Encodes a term's postings, in utterance and position order, to a byte or two each: the utterance as the
/// difference from the previous posting's, times four plus the two flags, then the position (the difference
/// from the previous position when the utterance is the same), both as LEB128 varints. Eight bytes a
/// posting made the index of a large corpus larger than the corpus. (The flags go with the utterance
/// because positions past 31 are common and utterance gaps past 31 are not: 7% smaller than the other way
/// round on the generated corpus.)
///
/// The encoder holds only what the next posting's bytes depend on, so the index can count a list's bytes
/// in one pass and write them in another (see `CorpusIndex.buildPostings`).
struct PostingEncoder {
    /// The utterance of the last posting encoded or passed over; 0 before any.
    private(set) var lastUtterance: UInt32 = 0
    /// The position of the last posting encoded (0 when it was passed over), and `UInt32.max` before
    /// any: no position is that large (the index's stop at `CorpusIndex.positionLimit`). So an encoder
    /// takes eight bytes, and the index's tallies and writers, one a term, sixteen.
    private var lastPosition: UInt32 = .max

    /// Whether no posting has been encoded or passed over yet.
    var isEmpty: Bool { lastPosition == .max }

    /// The two varints of `posting`, which comes after all encoded so far: in a later utterance, or later
    /// in the last one.
    @inline(__always)
    mutating func encode(_ posting: Posting) -> (packed: UInt64, position: UInt64) {
        let sameUtterance = lastPosition != .max && posting.utterance == lastUtterance
        let packed = Self.packed(delta: posting.utterance &- lastUtterance,
                                 flags: (posting.editorial ? 2 : 0) | (posting.capitalised ? 1 : 0))
        let position = sameUtterance ? posting.position &- lastPosition : posting.position
        lastUtterance = posting.utterance
        lastPosition = posting.position
        return (packed, UInt64(position))
    }

    /// Goes on as if a posting in `utterance` had been encoded, whose bytes the caller writes itself
    /// (copied from another list, `PostingSplice`). Its position is not kept: the next posting encoded
    /// must be in a later utterance.
    @inline(__always)
    mutating func pass(utterance: UInt32) {
        lastUtterance = utterance
        if lastPosition == .max { lastPosition = 0 }
    }

    /// The first varint of a posting `delta` utterances after the one before it, with its flags (2: in
    /// words the editor inserted, 1: capitalised).
    @inline(__always)
    static func packed(delta: UInt32, flags: UInt64) -> UInt64 { UInt64(delta) << 2 | flags }

    /// Encodes `posting` as `encode` does, and gives the number of bytes it takes.
    @inline(__always)
    mutating func count(_ posting: Posting) -> Int {
        let (packed, position) = encode(posting)
        return Self.size(packed) + Self.size(position)
    }


    /// How many bytes the varint of `value` takes: seven of its bits a byte, counted without a branch
    /// (the counting pass asks for every posting, and a loop's exit was guessed wrong where one-byte and
    /// two-byte values mix).
    @inline(__always)
    static func size(_ value: UInt64) -> Int {
        (UInt64.bitWidth - (value | 1).leadingZeroBitCount + 6) / 7
    }

    /// Writes the varint of `value` at `offset`, moving `offset` past it.
    @inline(__always)
    static func write(_ value: UInt64, to bytes: UnsafeMutablePointer<UInt8>, at offset: inout Int) {
        var v = value
        while v >= 0x80 {
            bytes[offset] = UInt8(truncatingIfNeeded: v) | 0x80
            offset += 1
            v >>= 7
        }
        bytes[offset] = UInt8(v)
        offset += 1
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

/// Writes one term's postings into the room counted for them, from `offset` on.
struct PostingWriter {
    var offset: Int
    var encoder: PostingEncoder

    @inline(__always)
    mutating func write(_ posting: Posting, to bytes: UnsafeMutablePointer<UInt8>) {
        let (packed, position) = encoder.encode(posting)
        PostingEncoder.write(packed, to: bytes, at: &offset)
        PostingEncoder.write(position, to: bytes, at: &offset)
    }
}

/// A term's postings as `PostingEncoder` wrote them: a slice of the index's posting bytes.
struct PostingList {
    let bytes: SharedBytes

    /// Each posting as its utterance times 2³² plus its position, in order; with `editorial` false, not
    /// those the editor inserted; with `utterances`, only those in its utterances, the others passed over
    /// without decoding their positions.
    func occurrences(editorial: Bool, in utterances: Bitset?) -> [UInt64] {
        let restricted = utterances != nil
        // A posting takes two bytes or more (a cut last one, one): room for them all, written without a
        // check each.
        return [UInt64](unsafeUninitializedCapacity: (bytes.count + 1) / 2) { list, count in
            bytes.withUnsafeBufferPointer { buffer in
                (utterances?.words ?? []).withUnsafeBufferPointer { wanted in
                    var offset = 0
                    var utterance: UInt32 = 0
                    var position: UInt32 = 0
                    var first = true
                    var n = 0
                    while offset < buffer.count {
                        let packed = PostingEncoder.read(buffer, at: &offset)
                        let delta = UInt32(truncatingIfNeeded: packed >> 2)
                        // The position goes on from the last one in the same utterance.
                        let same = delta == 0 && !first
                        utterance &+= delta
                        first = false
                        if restricted {
                            let u = Int(utterance)
                            guard u >> 6 < wanted.count else { break }
                            if wanted[u >> 6] & (1 << UInt64(u & 63)) == 0 {
                                // Past the position, which is not needed.
                                while offset < buffer.count, buffer[offset] >= 0x80 { offset += 1 }
                                offset += 1
                                continue
                            }
                        }
                        let step = UInt32(truncatingIfNeeded: PostingEncoder.read(buffer, at: &offset))
                        position = same ? position &+ step : step
                        if editorial || packed & 2 == 0 {
                            list.initializeElement(at: n, to: UInt64(utterance) << 32 | UInt64(position))
                            n += 1
                        }
                    }
                    count = n
                }
            }
        }
    }

    /// The utterances of the postings, of `capacity` in all: with `editorial` false, not those of words the
    /// editor inserted; with `capitalisedOnly`, only those of words written with a capital. The quick way
    /// through a whole list: positions passed over, bits set in place. (A posting past `capacity`, which
    /// only a damaged index could hold, is left out.)
    func utterances(capacity: Int, editorial: Bool, capitalisedOnly: Bool) -> Bitset {
        // The flags a posting must not have (2: inserted by the editor) and must have (1: capitalised).
        let refused: UInt64 = editorial ? 0 : 2
        let required: UInt64 = capitalisedOnly ? 1 : 0
        var set = Bitset(capacity: capacity)
        set.withWords { words in
            bytes.withUnsafeBufferPointer { buffer in
                var offset = 0
                var utterance: UInt32 = 0
                while offset < buffer.count {
                    let packed = PostingEncoder.read(buffer, at: &offset)
                    // Past the position, which is not needed here.
                    while offset < buffer.count, buffer[offset] >= 0x80 { offset += 1 }
                    offset += 1
                    utterance &+= UInt32(truncatingIfNeeded: packed >> 2)
                    let u = Int(utterance)
                    if packed & refused == 0, packed & required == required, u < capacity {
                        words[u >> 6] |= 1 << UInt64(u & 63)
                    }
                }
            }
        }
        return set
    }
}

/// Reads a term's postings back one by one, as `PostingEncoder` wrote them.
struct PostingDecoder {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var last = Posting(utterance: 0, position: 0, editorial: false, capitalised: false)
    private var first = true

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The next posting, or nil at the end.
    @inline(__always)
    mutating func next() -> Posting? {
        guard offset < bytes.count else { return nil }
        let packed = PostingEncoder.read(bytes, at: &offset)
        let delta = UInt32(truncatingIfNeeded: packed >> 2)
        let step = UInt32(truncatingIfNeeded: PostingEncoder.read(bytes, at: &offset))
        // The position goes on from the last one in the same utterance.
        let position = delta == 0 && !first ? last.position &+ step : step
        first = false
        last = Posting(utterance: last.utterance &+ delta, position: position, editorial: packed & 2 != 0, capitalised: packed & 1 != 0)
        return last
    }
}
