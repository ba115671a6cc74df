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
    /// The numbers of the last strings numbered, by their bytes: a string of the same bytes is equal.
    private var recent = RecentBytes<Int>()

    public init() {}

    public var count: Int { strings.count }

    /// The number of `string`, numbered next when new.
    public mutating func number(_ string: String) -> Int {
        if let known = string.utf8.withContiguousStorageIfAvailable({ recent.value(for: $0) }) ?? nil { return known }
        let number: Int
        if let known = numbers[string] {
            number = known
        } else {
            number = strings.count
            numbers[string] = number
            strings.append(string)
        }
        string.utf8.withContiguousStorageIfAvailable { recent.keep($0, number) }
        return number
    }
}

/// A value for each of the last few byte strings kept (eight), found by comparing bytes: in front of a
/// table that would hash a string, for keys that come back again and again.
public struct RecentBytes<Value> {
    @usableFromInline var entries: [(bytes: [UInt8], value: Value)] = []

    public init() {}

    /// The value kept for `bytes`, if they are among the last kept. (Inlinable, as `keep` is: the labels'
    /// cache asks it once a labelled line, and a generic call across modules is not specialised.)
    @inlinable
    public func value(for bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        for entry in entries where entry.bytes.count == bytes.count {
            let same = entry.bytes.withUnsafeBufferPointer { stored in
                guard let stored = stored.baseAddress, let wanted = bytes.baseAddress else { return true }
                return memcmp(stored, wanted, bytes.count) == 0
            }
            if same { return entry.value }
        }
        return nil
    }

    /// Keeps `value` for `bytes`, the oldest kept going.
    @inlinable
    public mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Value) {
        entries.append((Array(bytes), value))
        if entries.count > 8 { entries.removeFirst() }
    }
}
