#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns words as integers: an open-addressing hash table over the words' bytes, which are kept in
/// one arena, so indexing never makes a `String` per word.
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = [0]
    /// Each slot holds a term's hash (the high half) and its id (the low half), `empty` none: a probe
    /// compares hashes without reading another array, which every word of the corpus waited on. The
    /// hashes by id, which a snapshot stores, are read back from the slots.
    private var slots: [UInt64]
    private var mask: Int

    private static let empty = UInt64.max

    @inline(__always)
    private static func slot(hash: UInt32, id: Int) -> UInt64 { UInt64(hash) << 32 | UInt64(UInt32(truncatingIfNeeded: id)) }

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Self.empty, count: size)
        mask = size - 1
    }

    /// A table from its stored arrays (see `Snapshot`), its slots filled anew from the hashes in id order,
    /// which puts every term in the slot it had; nil when they do not make a table: starts not rising from
    /// 0 to the arena's end, a hash per term missing, or a slot count that is not a power of two with room
    /// to spare.
    ///
    /// - Complexity: O(terms + slots); the hashes are trusted (the snapshot's checksum covers them).
    init?(arena: [UInt8], starts: [Int], hashes: [UInt32], slotCount: Int) {
        guard let first = starts.first, first == 0, starts.last == arena.count, hashes.count == starts.count - 1,
              slotCount >= 16, slotCount & (slotCount - 1) == 0, (starts.count - 1) * 2 <= slotCount,
              // No larger than a table grows to: its first size, or under four slots a term.
              slotCount <= max(1 << 17, 4 * (starts.count - 1)) else { return nil }
        for i in 1..<starts.count where starts[i] < starts[i - 1] { return nil }
        self.arena = arena
        self.starts = starts
        mask = slotCount - 1
        slots = Self.slots(slotCount, holding: hashes)
    }

    /// The stored arrays, as `init(arena:starts:hashes:slotCount:)` takes them.
    var storage: (arena: [UInt8], starts: [Int], hashes: [UInt32], slotCount: Int) { (arena, starts, hashes, slots.count) }

    /// Each term's hash, by id, as the slots hold it.
    private var hashes: [UInt32] {
        var hashes = [UInt32](repeating: 0, count: count)
        for entry in slots where entry != Self.empty {
            hashes[Int(UInt32(truncatingIfNeeded: entry))] = UInt32(truncatingIfNeeded: entry >> 32)
        }
        return hashes
    }

    /// `size` slots (a power of two) holding the terms of `hashes` (by id), each in the first free slot from
    /// its hash's, in id order.
    private static func slots(_ size: Int, holding hashes: [UInt32]) -> [UInt64] {
        var slots = Array(repeating: empty, count: size)
        let mask = size - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(hash) & mask
            while slots[slot] != empty { slot = (slot + 1) & mask }
            slots[slot] = Self.slot(hash: hash, id: id)
        }
        return slots
    }

    var count: Int { starts.count - 1 }

    /// The bytes of term `id`.
    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<starts[id + 1]] }

    func string(_ id: Int) -> String { String(decoding: bytes(id), as: UTF8.self) }

    /// FNV-1a.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2166136261
        for b in key { h = (h ^ UInt32(b)) &* 16777619 }
        return h
    }

    /// The id of `key`, adding it when new.
    /// - Complexity: O(key length) expected.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        let h = TermTable.hash(key)
        let (found, free) = probe(key, hash: h)
        if let found { return found }
        let slot = free
        let id = count
        slots[slot] = Self.slot(hash: h, id: id)
        arena.append(contentsOf: key)
        starts.append(arena.count)
        if count * 2 > slots.count { grow() }
        return id
    }

    /// The id of `key`, or nil.
    func find(_ key: String) -> Int? {
        var key = key
        return key.withUTF8 { find($0) }
    }

    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        probe(key, hash: TermTable.hash(key)).found
    }

    /// The id of `key`, whose hash is `h`, or the free slot where it would go. Every word of the corpus
    /// passes here while the index is made: the arrays are read through pointers, without a bounds
    /// check on each byte.
    @inline(__always)
    private func probe(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> (found: Int?, free: Int) {
        slots.withUnsafeBufferPointer { slots in
            starts.withUnsafeBufferPointer { starts in
                arena.withUnsafeBufferPointer { arena in
                    var slot = Int(h) & mask
                    while true {
                        let entry = slots[slot]
                        if entry == Self.empty { return (nil, slot) }
                        if UInt32(truncatingIfNeeded: entry >> 32) == h {
                            let id = Int(UInt32(truncatingIfNeeded: entry))
                            if starts[id + 1] - starts[id] == key.count {
                                guard let stored = arena.baseAddress, let wanted = key.baseAddress else { return (id, slot) }
                                if memcmp(stored + starts[id], wanted, key.count) == 0 { return (id, slot) }
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Self.slots(size, holding: hashes)
        mask = size - 1
    }
}

/// The ids of words met lately, in front of a `TermTable` while the index counts a corpus's words: a word
/// of up to sixteen bytes is found by one read of a small table that stays in the processor's cache, where
/// the term table reads three places in memory (a slot and the hash in it, where the bytes start, the bytes) after
/// hashing the word a byte at a time. Most words of prose are short, and a few hundred of them are most of
/// its words; one in eight is longer than eight bytes, and those have a table of their own, so that the
/// short words' places stay sixteen bytes. Each word has one place, which the last word hashed to it
/// holds; a word not found is interned and put there. Ids are the term table's: a table with this in
/// front gives the same ids.
final class RecentTerms {
    private struct Entry {
        /// The word's bytes, the first in the lowest byte; 0 length for an empty entry.
        var key: UInt64
        var length: Int32
        var id: Int32
    }

    /// A word of nine to sixteen bytes: its first eight bytes and its last eight, which overlap below
    /// sixteen, so that with the length they are the word.
    private struct LongEntry {
        var first: UInt64
        var last: UInt64
        var length: Int32
        var id: Int32
    }

    /// 16,384 places of sixteen bytes (256 KB) and as many of twenty-four for longer words: within a core's
    /// second-level cache.
    private static let bits = 14
    /// How many words of each table are held at once.
    static let places = 1 << bits
    private let entries: UnsafeMutablePointer<Entry>
    private let longEntries: UnsafeMutablePointer<LongEntry>

    init() {
        entries = .allocate(capacity: Self.places)
        entries.initialize(repeating: Entry(key: 0, length: 0, id: 0), count: Self.places)
        longEntries = .allocate(capacity: Self.places)
        longEntries.initialize(repeating: LongEntry(first: 0, last: 0, length: 0, id: 0), count: Self.places)
    }

    deinit {
        entries.deallocate()
        longEntries.deallocate()
    }

    /// The id of `form` in `terms`, adding it there when new.
    @inline(__always)
    func intern(_ form: UnsafeBufferPointer<UInt8>, in terms: inout TermTable) -> Int {
        let n = form.count
        guard n > 0, let bytes = form.baseAddress else { return terms.intern(form) }
        if n > 8 { return n <= 16 ? internLong(bytes, n, in: &terms) : terms.intern(form) }
        let key = Self.key(bytes, n)
        let slot = Self.place(key &+ UInt64(n))
        if entries[slot].key == key, entries[slot].length == Int32(n) { return Int(entries[slot].id) }
        let id = terms.intern(form)
        entries[slot] = Entry(key: key, length: Int32(n), id: Int32(truncatingIfNeeded: id))
        return id
    }

    /// The same for a word of nine to sixteen bytes.
    @inline(__always)
    private func internLong(_ bytes: UnsafePointer<UInt8>, _ n: Int, in terms: inout TermTable) -> Int {
        let (first, last) = Self.longKey(bytes, n)
        let slot = Self.place((first ^ (last << 7 | last >> 57)) &+ UInt64(n))
        let entry = longEntries + slot
        if entry.pointee.first == first, entry.pointee.last == last, entry.pointee.length == Int32(n) { return Int(entry.pointee.id) }
        let id = terms.intern(UnsafeBufferPointer(start: bytes, count: n))
        entry.pointee = LongEntry(first: first, last: last, length: Int32(n), id: Int32(truncatingIfNeeded: id))
        return id
    }

    /// A key's place: the top bits of its product with a large odd number (Fibonacci hashing).
    @inline(__always)
    private static func place(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// The `n` bytes at `bytes` (1 to 8) as one number, read without a byte past them: two reads of four
    /// bytes that overlap from four bytes on, three of one byte below.
    @inline(__always)
    static func key(_ bytes: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        if n >= 4 {
            let raw = UnsafeRawPointer(bytes)
            let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
            return low | high << UInt64(8 * (n - 4))
        }
        return UInt64(bytes[0]) | UInt64(bytes[n / 2]) << UInt64(8 * (n / 2)) | UInt64(bytes[n - 1]) << UInt64(8 * (n - 1))
    }

    /// The first eight and the last eight of the `n` bytes at `bytes` (9 to 16), each the first in its
    /// lowest byte, read without a byte past them.
    @inline(__always)
    static func longKey(_ bytes: UnsafePointer<UInt8>, _ n: Int) -> (first: UInt64, last: UInt64) {
        let raw = UnsafeRawPointer(bytes)
        return (UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)),
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)))
    }
}
