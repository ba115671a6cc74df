#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Distinct strings numbered in the order they are met, two strings that compare equal being one, each
/// found by its bytes among the last few met before it is hashed. The rules that read a document's labels
/// meet a few strings over and over (its speakers' names, their titles), and hashing each one each time was
/// much of their work.
public struct StringNumbers {
    /// The strings by number, each as first met.
    public private(set) var strings: [String] = []
    private var numbers: [String: Int] = [:]
    /// The last strings numbered, as met: one with the same bytes has the same number.
    private var recent: [(string: String, number: Int)] = []

    public init() {}

    public var count: Int { strings.count }

    /// The number of `string`, numbered next when new.
    public mutating func number(_ string: String) -> Int {
        for entry in recent where Self.sameBytes(entry.string, string) { return entry.number }
        let number: Int
        if let known = numbers[string] {
            number = known
        } else {
            number = strings.count
            numbers[string] = number
            strings.append(string)
        }
        recent.append((string, number))
        if recent.count > 8 { recent.removeFirst() }
        return number
    }

    /// Whether two strings are the same bytes: told by their counts, else compared in place (false for a
    /// string whose bytes are not in one piece, which is then looked up by hashing).
    public static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                guard let x = x.baseAddress, let y = y.baseAddress else { return true }
                return memcmp(x, y, a.utf8.count) == 0
            }
        } == .some(.some(true))
    }
}
