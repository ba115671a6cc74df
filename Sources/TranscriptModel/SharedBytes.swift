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

extension SharedBytes {
    /// These bytes in memory of their own, read from the file (`MappedFile.read`), when they lie in a mapped
    /// file that can be read so; nil when they are in memory already, or cannot be read so. For a pass
    /// that reads bytes once, such as indexing text written to a file while it was loaded (`TextSpill`),
    /// without holding their pages.
    public func inMemory() -> SharedBytes? {
        guard case .mapped(let file) = storage, let bytes = file.read(range) else { return nil }
        return SharedBytes(bytes)
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
    /// Where the mapping starts in the file.
    let offset: Int
    /// A descriptor of the file of its own, for `read`; -1 for none.
    private let descriptor: Int32

    /// Maps the `size` bytes of the open file `descriptor` from `offset` (a multiple of the page size); nil
    /// when the system refuses (the caller then reads the file instead). `shared` shows what is written to
    /// the file later, as a file of text written while it is read needs (`MAP_SHARED`; a private mapping is
    /// only certain to show what the file held when it was made); `readable` keeps a descriptor of the file
    /// of its own for `read`.
    public init?(descriptor: Int32, offset: Int = 0, size: Int, shared: Bool = false, readable: Bool = false) {
        guard size > 0, offset >= 0,
              let address = mmap(nil, size, PROT_READ, shared ? MAP_SHARED : MAP_PRIVATE, descriptor, off_t(offset)),
              address != MAP_FAILED else { return nil }
        let own = readable ? dup(descriptor) : -1
        guard !readable || own >= 0 else {
            munmap(address, size)
            return nil
        }
        if own >= 0 { _ = fcntl(own, F_SETFD, FD_CLOEXEC) }
        base = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
        self.size = size
        self.offset = offset
        self.descriptor = own
    }

    /// A copy of the bytes at `range` of the mapping, read from the file with `pread` rather than through
    /// the mapping, so that the process's memory never holds their pages: nil when the mapping keeps no
    /// descriptor (see `readable`) or the file cannot be read. The kernel maps a whole folio of the file
    /// (up to megabytes) where a page is read, so pages read through the mapping and given back one range
    /// at a time come back while the neighbouring ranges are read.
    public func read(_ range: Range<Int>) -> [UInt8]? {
        guard descriptor >= 0, range.lowerBound >= 0, range.upperBound <= size else { return nil }
        var done = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            while done < buffer.count, let start = buffer.baseAddress {
                let n = pread(descriptor, start + done, buffer.count - done, off_t(offset + range.lowerBound + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                done += n
            }
            initialized = done
        }
        return done == range.count ? bytes : nil
    }

    /// Gives back the pages that lie wholly inside `range`: the process stops holding them, and a later
    /// read loads them from the file again. For bytes read once, such as records decoded into the model.
    public func release(_ range: Range<Int>) {
        let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 1)
        let lower = (max(range.lowerBound, 0) + page - 1) / page * page
        let upper = min(range.upperBound, size) / page * page
        guard lower < upper else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + lower), upper - lower, MADV_DONTNEED)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), size)
        if descriptor >= 0 { close(descriptor) }
    }
}

/// Fixed-width numbers read where they lie, as `SharedBytes` are: copied from an array, or a range of a
/// memory-mapped file (an index's counts per utterance and list starts, read from a snapshot without a copy).
public struct SharedNumbers<Element: FixedWidthInteger>: RandomAccessCollection, Equatable, @unchecked Sendable {
    /// What keeps `base` alive: the allocation an array was copied to, or the mapped file.
    private let owner: AnyObject
    private let base: UnsafePointer<Element>
    public let count: Int

    public init(_ values: [Element]) {
        let copy = Allocation(values)
        owner = copy
        base = UnsafePointer(copy.pointer)
        count = values.count
    }

    /// `count` numbers, each zero, then written in place by `body`: a table made without an array to copy.
    public init(count: Int, _ body: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows {
        let allocation = Allocation(count: count)
        try body(UnsafeMutableBufferPointer(start: allocation.pointer, count: count))
        owner = allocation
        base = UnsafePointer(allocation.pointer)
        self.count = count
    }

    /// `count` numbers at byte `offset` of `file`, which must lie inside it, aligned for `Element`.
    public init(_ file: MappedFile, offset: Int, count: Int) {
        let size = MemoryLayout<Element>.stride
        precondition(offset >= 0 && count >= 0 && count <= (file.size - offset) / size && offset % size == 0,
                     "numbers outside the mapped file")
        owner = file
        base = UnsafeRawPointer(file.base + offset).assumingMemoryBound(to: Element.self)
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inline(__always)
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "an index outside the numbers")
        return base[position]
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try withExtendedLifetime(owner) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }

    /// Gives back the pages of a mapped file that these numbers were read from (see `MappedFile.release`):
    /// after a pass over all of them, such as a check, that the queries may never repeat.
    public func release() {
        guard let file = owner as? MappedFile else { return }
        let offset = UnsafeRawPointer(base) - UnsafeRawPointer(file.base)
        file.release(offset..<offset + MemoryLayout<Element>.stride * count)
    }

    public static func == (a: SharedNumbers, b: SharedNumbers) -> Bool { a.elementsEqual(b) }

    private final class Allocation {
        let pointer: UnsafeMutablePointer<Element>

        init(_ values: [Element]) {
            pointer = .allocate(capacity: Swift.max(values.count, 1))
            _ = values.withUnsafeBufferPointer { UnsafeMutableBufferPointer(start: pointer, count: values.count).initialize(from: $0) }
        }

        init(count: Int) {
            pointer = .allocate(capacity: Swift.max(count, 1))
            pointer.initialize(repeating: 0, count: count)
        }

        deinit { pointer.deallocate() }
    }
}
