/// Finding bytes of a kind eight at a time: every paragraph of a load is asked whether it holds a digit, a
/// bracket or a byte outside ASCII before the rules that need one run, and most hold none. A byte a time,
/// those questions were several instructions a byte of the corpus.
///
/// A *mask* maps eight bytes read as a little-endian `UInt64` to a word with the high bit of each byte set
/// where that byte is of the kind, and no other bit set (the masks here are exact per byte: no carry
/// crosses from one byte into the next). All are inlinable: a mask called through a closure a word at a
/// time would cost more than the bytes it saves.
public enum ByteSearch {
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable static var highs: UInt64 { 0x8080_8080_8080_8080 }

    /// The high bit of each byte of `word` that equals `byte`.
    @inlinable @inline(__always)
    public static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        // A byte of `x` is zero where the two are equal; seven bits' sums cannot carry into the next byte.
        let x = word ^ (UInt64(byte) &* ones)
        return ~(((x & ~highs) &+ ~highs) | x) & highs
    }

    /// The high bit of each byte of `word` from `low` to `high` (both at most 0x7F).
    @inlinable @inline(__always)
    public static func between(_ word: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        let seven = word & ~highs
        let atLeastLow = seven &+ UInt64(0x80 - low) &* ones
        let aboveHigh = seven &+ UInt64(0x7F - high) &* ones
        return atLeastLow & ~aboveHigh & ~word & highs
    }

    /// The high bit of each byte of `word` that is an ASCII digit.
    @inlinable @inline(__always)
    public static func digits(_ word: UInt64) -> UInt64 { between(word, 0x30, 0x39) }

    /// The high bit of each byte of `word` outside ASCII.
    @inlinable @inline(__always)
    public static func nonASCII(_ word: UInt64) -> UInt64 { word & highs }

    /// How many bytes from the first of a word `marks` (a mask's result) marks in a row: 8 for all of them.
    @inlinable @inline(__always)
    public static func leadingRun(_ marks: UInt64) -> Int { (~marks & highs).trailingZeroBitCount / 8 }

    /// The offset of the first byte at or after `start` that `mask` marks, or nil.
    @inlinable @inline(__always)
    public static func first(in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, _ mask: (UInt64) -> UInt64) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = max(start, 0)
        while i + 8 <= bytes.count {
            let found = mask(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            if found != 0 { return i + found.trailingZeroBitCount / 8 }
            i += 8
        }
        guard i < bytes.count else { return nil }
        // The last bytes, in a word whose other bytes are zero and not looked at.
        var word: UInt64 = 0
        for k in 0..<(bytes.count - i) { word |= UInt64(base[i + k]) << (8 * k) }
        let found = mask(word) & (UInt64.max >> (64 - 8 * (bytes.count - i)))
        return found != 0 ? i + found.trailingZeroBitCount / 8 : nil
    }

    /// Whether `mask` marks any byte of `bytes`.
    @inlinable @inline(__always)
    public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ mask: (UInt64) -> UInt64) -> Bool {
        first(in: bytes, mask) != nil
    }

    /// Whether `mask` marks any byte of `text`'s UTF-8, read in place where the string is native.
    @inlinable @inline(__always)
    public static func contains(_ text: String, _ mask: (UInt64) -> UInt64) -> Bool {
        var text = text
        return text.withUTF8 { contains($0, mask) }
    }
}
