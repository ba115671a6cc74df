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
    private var slots: [Int32]
    private var hashes: [UInt32] = []
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
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
        self.hashes = hashes
        mask = slotCount - 1
        slots = Array(repeating: -1, count: slotCount)
        for id in 0..<hashes.count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// The stored arrays, as `init(arena:starts:hashes:slotCount:)` takes them.
    var storage: (arena: [UInt8], starts: [Int], hashes: [UInt32], slotCount: Int) { (arena, starts, hashes, slots.count) }

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
        slots[slot] = Int32(id)
        hashes.append(h)
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
            hashes.withUnsafeBufferPointer { hashes in
                starts.withUnsafeBufferPointer { starts in
                    arena.withUnsafeBufferPointer { arena in
                        var slot = Int(h) & mask
                        while true {
                            let id = Int(slots[slot])
                            if id < 0 { return (nil, slot) }
                            if hashes[id] == h, starts[id + 1] - starts[id] == key.count {
                                guard let stored = arena.baseAddress, let wanted = key.baseAddress else { return (id, slot) }
                                if memcmp(stored + starts[id], wanted, key.count) == 0 { return (id, slot) }
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for id in 0..<count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}
