import TestSupport
import Testing
import TranscriptModel

/// Strings numbered as met: equal strings, whatever their bytes (a letter and its accent precomposed or
/// combined), take one number, the string kept for it being the first met; other strings take the next
/// number. Checked against a dictionary of strings on random strings met many times in any order, as a
/// document's labels are.
@Test func stringsTakeTheNumberOfTheFirstEqualStringMet() {
    let pieces = ["Cde. ", "Nov", "otn", "ý", "y\u{0301}", "é", "e\u{0301}", "Q", "", " ", "\u{1F}"]
    var random = SplitMix64(seed: 59)
    let pool = (0..<30).map { _ in (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined() }
    var numbers = StringNumbers()
    var expected: [String: Int] = [:]
    var firsts: [String] = []
    for _ in 0..<5_000 {
        let string = pool[Int.random(in: 0..<pool.count, using: &random)]
        let number = numbers.number(string)
        if let known = expected[string] {
            #expect(number == known, "\(string.unicodeScalars.map { String($0.value, radix: 16) })")
        } else {
            #expect(number == firsts.count)
            expected[string] = number
            firsts.append(string)
        }
    }
    #expect(numbers.strings.map { Array($0.utf8) } == firsts.map { Array($0.utf8) } && numbers.count == expected.count)
    // Canonically equal strings met apart were one.
    #expect(expected.count < Set(pool.map { Array($0.utf8) }).count)
}

/// The last eight byte strings kept are found by their bytes alone (an accent precomposed is not the same
/// bytes as one combined), the empty one too; a ninth kept sends the first away.
@Test func recentBytesKeepTheLastEight() {
    var recent = RecentBytes<Int>()
    func value(_ text: String) -> Int? { Array(text.utf8).withUnsafeBufferPointer { recent.value(for: $0) } }
    func keep(_ text: String, _ value: Int) { Array(text.utf8).withUnsafeBufferPointer { recent.keep($0, value) } }
    keep("ý", 1)
    keep("", 2)
    #expect(value("ý") == 1 && value("y\u{0301}") == nil && value("") == 2 && value("y") == nil)
    for n in 3...9 { keep("k\(n)", n) }
    #expect(value("ý") == nil && value("") == 2 && value("k9") == 9)
}
