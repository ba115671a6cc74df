/// The checksum of a snapshot's sections: XXH64 (xxHash's 64-bit hash, seed 0), fed in pieces. It reads
/// eight bytes at a step, so checking the sections of a large snapshot costs a small part of reading them;
/// it finds damage (a flipped bit, a cut file, another file's bytes), which is what it is for: a snapshot
/// is not a defence against someone who forges one. It also tells files of one size apart (`SourceFiles`).
public struct XXH64 {
    private static let p1: UInt64 = 11400714785074694791
    private static let p2: UInt64 = 14029467366897019727
    private static let p3: UInt64 = 1609587929392839161
    private static let p4: UInt64 = 9650029242287828579
    private static let p5: UInt64 = 2870177450012600261

    private var v1 = p1 &+ p2
    private var v2 = p2
    private var v3: UInt64 = 0
    private var v4 = 0 &- p1
    private var total = 0
    /// Bytes fed that do not yet make a whole stripe of 32.
    private var pending: [UInt8] = []

    init() { pending.reserveCapacity(32) }

    /// The hash of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = XXH64()
        h.update(bytes)
        return h.digest()
    }

    @inline(__always)
    private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotate(acc &+ input &* p2, 31) &* p1
    }

    @inline(__always)
    private static func merge(_ acc: UInt64, _ v: UInt64) -> UInt64 {
        (acc ^ round(0, v)) &* p1 &+ p4
    }

    @inline(__always)
    private static func rotate(_ x: UInt64, _ r: UInt64) -> UInt64 { x << r | x >> (64 - r) }

    @inline(__always)
    private static func word(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        total += bytes.count
        var offset = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            offset = take
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { if let p = $0.baseAddress { stripe(p) } }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 32 {
            stripe(base + offset)
            offset += 32
        }
        if offset < bytes.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset...])) }
    }

    @inline(__always)
    private mutating func stripe(_ p: UnsafeRawPointer) {
        v1 = Self.round(v1, Self.word(p, 0))
        v2 = Self.round(v2, Self.word(p, 8))
        v3 = Self.round(v3, Self.word(p, 16))
        v4 = Self.round(v4, Self.word(p, 24))
    }

    func digest() -> UInt64 {
        var h: UInt64
        if total >= 32 {
            h = Self.rotate(v1, 1) &+ Self.rotate(v2, 7) &+ Self.rotate(v3, 12) &+ Self.rotate(v4, 18)
            h = Self.merge(h, v1)
            h = Self.merge(h, v2)
            h = Self.merge(h, v3)
            h = Self.merge(h, v4)
        } else {
            h = Self.p5
        }
        h &+= UInt64(total)
        pending.withUnsafeBytes { rest in
            var i = 0
            while i + 8 <= rest.count {
                h ^= Self.round(0, UInt64(littleEndian: rest.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                h = Self.rotate(h, 27) &* Self.p1 &+ Self.p4
                i += 8
            }
            if i + 4 <= rest.count {
                h ^= UInt64(UInt32(littleEndian: rest.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* Self.p1
                h = Self.rotate(h, 23) &* Self.p2 &+ Self.p3
                i += 4
            }
            while i < rest.count {
                h ^= UInt64(rest[i]) &* Self.p5
                h = Self.rotate(h, 11) &* Self.p1
                i += 1
            }
        }
        h ^= h >> 33
        h &*= Self.p2
        h ^= h >> 29
        h &*= Self.p3
        h ^= h >> 32
        return h
    }
}

/// Writes the small parts of a snapshot: LEB128 varints (signed ones zigzagged), strings as a length and
/// their UTF-8 bytes, optionals as a 0 or 1 byte and the value.
public struct SnapshotWriter {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func int(_ value: Int) {
        let v = Int64(value)
        unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func optional<T>(_ value: T?, _ write: (inout SnapshotWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    public mutating func array<T>(_ values: some Collection<T>, _ write: (inout SnapshotWriter, T) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}

/// Why a snapshot cannot be used, in words for the note that says it is rebuilt.
public struct SnapshotProblem: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    static let truncated = SnapshotProblem("it is cut short")
    static func damaged(_ part: String) -> SnapshotProblem { SnapshotProblem("it is damaged (\(part))") }
}

/// Reads what `SnapshotWriter` wrote, never past the end: every read checks its bounds and throws
/// `SnapshotProblem` instead of trapping, and a count is checked against the bytes left before anything
/// is reserved for it.
public struct SnapshotReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0
    /// What a failure names: the section being read.
    let part: String

    public init(_ bytes: UnsafeRawBufferPointer, part: String) {
        self.bytes = bytes
        self.part = part
    }

    public var isAtEnd: Bool { offset == bytes.count }

    public func damaged() -> SnapshotProblem { .damaged(part) }

    /// Passes over `count` bytes.
    public mutating func skip(_ count: Int) throws {
        guard count <= bytes.count - offset else { throw damaged() }
        offset += count
    }

    /// A varint: most take one or two bytes (counts, lines, lengths of text), read here without a call.
    @inline(__always)
    public mutating func unsigned() throws -> UInt64 {
        if offset + 1 < bytes.count {
            let first = UInt64(bytes[offset])
            if first < 0x80 {
                offset += 1
                return first
            }
            let second = UInt64(bytes[offset + 1])
            if second < 0x80 {
                offset += 2
                return first & 0x7F | second << 7
            }
        }
        return try longUnsigned()
    }

    private mutating func longUnsigned() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw damaged() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    @inline(__always)
    public mutating func int() throws -> Int {
        let u = try unsigned()
        let v = Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
        return Int(v)
    }

    /// An int in `range`.
    @inline(__always)
    public mutating func int(in range: ClosedRange<Int>) throws -> Int {
        let v = try int()
        guard range.contains(v) else { throw damaged() }
        return v
    }

    public mutating func int32() throws -> Int32 {
        Int32(try int(in: Int(Int32.min)...Int(Int32.max)))
    }

    /// A count of things each taking at least `size` bytes, so a damaged count cannot ask for more than is left.
    @inline(__always)
    public mutating func count(atLeast size: Int = 1) throws -> Int {
        let n = try unsigned()
        guard n <= UInt64(bytes.count - offset) / UInt64(max(size, 1)) else { throw damaged() }
        return Int(n)
    }

    public mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw damaged() }
        offset += 1
        return bytes[offset - 1]
    }

    @inline(__always)
    public mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw damaged() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    public mutating func double() throws -> Double {
        guard bytes.count - offset >= 8 else { throw damaged() }
        let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
        return Double(bitPattern: bits)
    }

    public mutating func string() throws -> String {
        String(decoding: try stringBytes(), as: UTF8.self)
    }

    /// A string's bytes where they lie, for a caller that makes one string of several.
    public mutating func stringBytes() throws -> UnsafeRawBufferPointer {
        let n = try count()
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])
    }

    /// An optional string's bytes where they lie; none for none.
    public mutating func optionalStringBytes() throws -> UnsafeRawBufferPointer {
        try optional { (r: inout SnapshotReader) throws in try r.stringBytes() } ?? UnsafeRawBufferPointer(start: nil, count: 0)
    }

    public mutating func optional<T>(_ read: (inout SnapshotReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }

    public mutating func array<T>(_ read: (inout SnapshotReader) throws -> T) throws -> [T] {
        let n = try count()
        var values: [T] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try read(&self)) }
        return values
    }
}
