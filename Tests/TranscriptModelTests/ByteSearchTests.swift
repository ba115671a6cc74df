import TestSupport
import Testing
@testable import TranscriptModel

/// The eight-at-a-time byte tests against the same questions asked a byte at a time, on every byte value,
/// at every offset and length, so that no carry between bytes and no tail goes unseen.
@Suite struct ByteSearchTests {
    /// Each mask marks exactly the bytes its predicate holds for, whatever the other seven bytes are.
    @Test func masksMarkExactlyTheirBytes() {
        let cases: [(name: String, mask: (UInt64) -> UInt64, predicate: (UInt8) -> Bool)] = [
            ("digits", ByteSearch.digits, { $0 >= 0x30 && $0 <= 0x39 }),
            ("nonASCII", ByteSearch.nonASCII, { $0 >= 0x80 }),
            ("equal [", { ByteSearch.equal($0, 0x5B) }, { $0 == 0x5B }),
            ("equal NUL", { ByteSearch.equal($0, 0) }, { $0 == 0 }),
            ("between a-z", { ByteSearch.between($0, 0x61, 0x7A) }, { $0 >= 0x61 && $0 <= 0x7A }),
        ]
        // Every byte value in every lane, beside neighbours that provoke carries (0x00, 0x7F, 0x80, 0xFF,
        // the byte itself).
        for (name, mask, predicate) in cases {
            for value in 0...255 {
                for neighbour: UInt8 in [0x00, 0x2F, 0x3A, 0x7F, 0x80, 0xFF, UInt8(value)] {
                    for lane in 0..<8 {
                        var bytes = [UInt8](repeating: neighbour, count: 8)
                        bytes[lane] = UInt8(value)
                        let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
                        let expected = bytes.enumerated().reduce(UInt64(0)) { predicate($1.element) ? $0 | UInt64(0x80) << (8 * $1.offset) : $0 }
                        #expect(mask(word) == expected, "\(name): byte \(value) in lane \(lane) beside \(neighbour)")
                    }
                }
            }
        }
    }

    /// `first(in:from:_:)` finds the first marked byte at or after each start, in buffers of every length up
    /// to three words (the tail read apart), or nil.
    @Test func firstFindsTheFirstMarkedByte() {
        var generator = SplitMix64(seed: 17)
        for length in 0...24 {
            for _ in 0..<40 {
                let bytes = (0..<length).map { _ in
                    // Mostly letters, sometimes a digit, a bracket or a byte outside ASCII.
                    [UInt8(0x61), 0x62, 0x20, 0x65, 0x31, 0x5B, 0xC3, 0xA9][Int(generator.next() % 8)]
                }
                bytes.withUnsafeBufferPointer { buffer in
                    for start in 0...length {
                        let expected = bytes.indices.first { $0 >= start && (bytes[$0] == 0x31 || bytes[$0] == 0x5B) }
                        let found = ByteSearch.first(in: buffer, from: start) { ByteSearch.digits($0) | ByteSearch.equal($0, 0x5B) }
                        #expect(found == expected, "\(bytes) from \(start)")
                    }
                    #expect(ByteSearch.contains(buffer, ByteSearch.nonASCII) == bytes.contains { $0 >= 0x80 })
                }
            }
        }
        #expect(ByteSearch.contains("Rákosi", ByteSearch.nonASCII))
        // The marked bytes in a row from a word's first: none, some, all eight.
        #expect(ByteSearch.leadingRun(0) == 0)
        #expect(ByteSearch.leadingRun(0x0000_0000_0080_8080) == 3)
        #expect(ByteSearch.leadingRun(0x8000_0000_0080_8080) == 3)
        #expect(ByteSearch.leadingRun(0x8080_8080_8080_8080) == 8)
        #expect(!ByteSearch.contains("no digits here at all", ByteSearch.digits))
        #expect(ByteSearch.contains("in 1953", ByteSearch.digits))
    }
}

/// `splitAtSpaces` gives what `split(separator: " ")` gives, pieces and all, whatever the limit and
/// whether empty pieces are kept.
@Suite struct SplitAtSpacesTests {
    @Test func sameAsSplittingCharacters() {
        var generator = SplitMix64(seed: 29)
        // Spaces, letters, and now and then a byte outside ASCII or a combining mark after a space.
        let pieces = [" ", " ", "a", "Cde.", "B", "  ", "é", " \u{301}x", "\r\n"]
        for _ in 0..<2_000 {
            let text = (0..<Int(generator.next() % 9)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            for maxSplits in [0, 1, 2, 5, Int.max] {
                for omitting in [true, false] {
                    let expected = text.split(separator: " ", maxSplits: maxSplits, omittingEmptySubsequences: omitting)
                    #expect(text.splitAtSpaces(maxSplits: maxSplits, omittingEmptySubsequences: omitting) == expected,
                            "\(Array(text.utf8)) maxSplits \(maxSplits) omitting \(omitting)")
                    let sub = text.dropFirst()
                    #expect(sub.splitAtSpaces(maxSplits: maxSplits, omittingEmptySubsequences: omitting)
                            == sub.split(separator: " ", maxSplits: maxSplits, omittingEmptySubsequences: omitting))
                }
            }
        }
        // A combining mark after a space makes one Character of the two: no separator there.
        #expect("a \u{301}b c".splitAtSpaces() == ["a \u{301}b", "c"])
    }
}
