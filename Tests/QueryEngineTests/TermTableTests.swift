import TestSupport
import Testing

@testable import QueryEngine

/// The term table and the cache of recent words in front of it while the index counts: the cache gives
/// the ids the table alone gives, for words of every length, words that differ in one byte, and many more
/// words than the cache has places.
@Suite("Term table")
struct TermTableTests {
    /// Words over a small alphabet (so that many share bytes and places), 1 to 20 bytes (the cache keeps
    /// words of up to eight bytes in one table, of nine to sixteen in another, and looks up no longer
    /// ones), some repeated.
    static func words(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        let alphabet: [UInt8] = Array("abe'-".utf8) + [0x00, 0xC3, 0xA1, 0xFF]
        var made: [[UInt8]] = []
        for _ in 0..<count {
            if !made.isEmpty, Int.random(in: 0..<3, using: &random) == 0 {
                made.append(made[Int.random(in: 0..<made.count, using: &random)])
                continue
            }
            let length = Int.random(in: 1...20, using: &random)
            made.append((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
        }
        return made
    }

    @Test func recentTermsGiveTheTableIDs() {
        let words = Self.words(60_000, seed: 17)
        var alone = TermTable()
        var fronted = TermTable()
        let recent = RecentTerms()
        for word in words {
            // Each word is an array of its own size: the key is read without a byte past its end.
            let expected = word.withUnsafeBufferPointer { alone.intern($0) }
            let found = word.withUnsafeBufferPointer { recent.intern($0, in: &fronted) }
            #expect(found == expected, "\(word)")
            if found != expected { return }
        }
        #expect(fronted.count == alone.count && fronted.count > RecentTerms.places)
        for id in 0..<alone.count { #expect(fronted.bytes(id) == alone.bytes(id)) }
    }

    /// The key of a word of up to eight bytes is its bytes, whatever its length: two reads that overlap
    /// from four bytes on, three single bytes below.
    @Test func aShortWordsKeyIsItsBytes() {
        var random = SplitMix64(seed: 5)
        for length in 1...8 {
            for _ in 0..<200 {
                let word = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                let expected = word.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
                let key = word.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { RecentTerms.key($0, length) } }
                #expect(key == expected, "\(word)")
            }
        }
    }

    /// The key of a word of nine to sixteen bytes is its first eight bytes and its last eight, which
    /// overlap below sixteen: with the length, the word.
    @Test func aLongerWordsKeyIsItsFirstAndLastEightBytes() {
        var random = SplitMix64(seed: 6)
        for length in 9...16 {
            for _ in 0..<200 {
                let word = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                func number(_ bytes: ArraySlice<UInt8>) -> UInt64 {
                    bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
                }
                let key = word.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { RecentTerms.longKey($0, length) } }
                #expect(key?.first == number(word[..<8]) && key?.last == number(word[(length - 8)...]), "\(word)")
            }
        }
    }

    @Test func aPlainBufferKeepsWhatIsAppended() {
        var buffer = PlainBuffer<Int32>(capacity: 1)
        defer { buffer.free() }
        for value in 0..<1000 { buffer.append(Int32(value)) }
        buffer.base[10] += 5
        #expect(buffer.array == (0..<1000).map { Int32($0) + ($0 == 10 ? 5 : 0) })
        let zeros = PlainBuffer<Int32>(repeating: 0, count: 3)
        defer { zeros.free() }
        #expect(zeros.array == [0, 0, 0])
    }
}
