#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes read where they lie: an array's, or a range of a read-only memory-mapped file. Utterances' text and
/// the index's posting lists are held this way, so that a reopened index snapshot (`Snapshot.Reader`) uses
/// the file's bytes in place instead of copying them: the pages a query never reads are never loaded.
public struct SharedBytes: Sendable {
    private enum Storage: Sendable {
        case array([UInt8])
        case mapped(MappedFile)
    }

    private let storage: Storage
    /// Where these bytes lie in the storage.
    private let range: Range<Int>

    public init(_ bytes: [UInt8]) {
        storage = .array(bytes)
        range = 0..<bytes.count
    }

    /// `range` of `file`, which must lie inside it.
    public init(_ file: MappedFile, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= file.size, "a range outside the mapped file")
        storage = .mapped(file)
        self.range = range
    }

    private init(storage: Storage, range: Range<Int>) {
        self.storage = storage
        self.range = range
    }

    public var count: Int { range.count }

    /// The bytes at `bounds`, counted from the start of these.
    public subscript(bounds: Range<Int>) -> SharedBytes {
        precondition(bounds.lowerBound >= 0 && bounds.upperBound <= count, "a range outside the bytes")
        return SharedBytes(storage: storage, range: range.lowerBound + bounds.lowerBound..<range.lowerBound + bounds.upperBound)
    }

    @inline(__always)
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .array(let bytes):
            return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        case .mapped(let file):
            return try body(UnsafeBufferPointer(start: file.base + range.lowerBound, count: range.count))
        }
    }
}

extension SharedBytes: Equatable {
    /// The same bytes, wherever each lies.
    public static func == (a: SharedBytes, b: SharedBytes) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.elementsEqual(y) } }
    }
}

/// A whole file mapped read-only, unmapped when the last `SharedBytes` that uses it goes. A file that is
/// replaced by renaming another onto its path (as snapshots are written) stays as it was for its readers.
public final class MappedFile: @unchecked Sendable {
    public let base: UnsafePointer<UInt8>
    public let size: Int

    /// Maps the `size` bytes of the open file `descriptor`; nil when the system refuses (the caller then
    /// reads the file instead).
    public init?(descriptor: Int32, size: Int) {
        guard size > 0, let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        base = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
        self.size = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }
}
