import TestSupport
import Testing

@testable import TranscriptFormats

/// A figure's number adds up its digits when it is a whole number of up to 15 digits, and is read by
/// `Double` otherwise: the value is the one `Double` reads from the digits, whichever way it is found.
@Test func aFiguresValueIsWhatDoubleReadsFromItsDigits() {
    var random = SplitMix64(seed: 23)
    for _ in 0..<5_000 {
        let count = Int.random(in: 1...FigureScanner.maximumDigits, using: &random)
        var digits = (0..<count).map { _ in UInt8.random(in: 0x30...0x39, using: &random) }
        let hasDecimals = count > 1 && Bool.random(using: &random)
        if hasDecimals { digits.insert(0x2E, at: Int.random(in: 1..<count, using: &random)) }
        let expected = Double(String(decoding: digits, as: UTF8.self))
        #expect(FigureScanner.value(digits, hasDecimals: hasDecimals) == expected, "\(String(decoding: digits, as: UTF8.self))")
    }
    // The largest whole numbers added up, and the first read by `Double`.
    #expect(FigureScanner.value(Array("999999999999999".utf8), hasDecimals: false) == 999_999_999_999_999)
    #expect(FigureScanner.value(Array("9007199254740993".utf8), hasDecimals: false) == Double("9007199254740993"))
}
