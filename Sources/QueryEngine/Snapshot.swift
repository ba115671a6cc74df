import Foundation
import TranscriptModel

/// A corpus's model and index on disk, so that a later start on the same files reads them instead of
/// reading and indexing the transcripts again.
///
/// Layout (all numbers little-endian):
///
/// ```
/// offset  size  what
/// 0       8     magic "PARLEYIX"
/// 8       4     format version (`Snapshot.formatVersion`)
/// 12      4     H, the length of the header body
/// 16      H     header body: program version, settings (strings), then the section table:
///               count, and for each section its name, offset, length (varints) and XXH64 (8 bytes)
/// 16+H    8     XXH64 of bytes 0 ..< 16+H
/// ...           the sections, each starting at a multiple of 8, in table order
/// ```
///
/// Sections:
///
/// | name                 | holds                                                                       |
/// |----------------------|-----------------------------------------------------------------------------|
/// | `manifest`           | what the caller keeps to decide validity (files, their sizes and hashes)    |
/// | `documents`          | metadata, speakers, turns, utterance records (`SnapshotDocuments`)           |
/// | `text`               | every utterance's UTF-8 bytes, end to end, in document order                 |
/// | `postings`           | every term's posting list, end to end (`PostingList`)                        |
/// | `posting-starts`     | Int64 per term and one more: where each term's list starts                   |
/// | `term-bytes`         | the folded terms' bytes, end to end (`TermTable`)                            |
/// | `term-starts`        | Int64 per term and one more                                                  |
/// | `term-hashes`        | UInt32 per term: its FNV-1a hash                                             |
/// | `term-slots`         | one Int64: how many slots the term table has (they are filled anew)          |
/// | `sorted-terms`       | Int32 per term: the term ids in the order of their bytes                     |
/// | `word-counts`, `spoken-word-counts` | Int32 per utterance                                           |
/// | `turn-units`         | Int32 per utterance                                                          |
/// | `unit-is-turn`       | UInt64 words of a bitset over the turn units                                 |
///
/// The large arrays are stored as the index holds them. Read from a file, `text` and `postings` stay in
/// the mapped file (`SharedBytes`), and so do the arrays of numbers the index keeps as `SharedNumbers`
/// (counts per utterance, turn units, posting starts, sorted terms); the term table's arrays are read with
/// one bulk copy each, and only the `documents` section is decoded element by element (each document on
/// its own, on every core, from the mapped file, whose pages are given back as the documents are made).
/// Every section's checksum is verified before its contents are used, every read is bounds-checked, and
/// every number that indexes something is checked against what it indexes: a damaged or foreign file
/// gives a `SnapshotProblem`, never a trap or a wrong answer. The speakers are not stored: they are joined
/// anew from the documents.
public enum Snapshot {
    /// Changes whenever the layout or the meaning of a section changes.
    public static let formatVersion: UInt32 = 6
    static let magic = Array("PARLEYIX".utf8)

    /// What the header of a snapshot says.
    public struct Header: Sendable {
        public var programVersion: String
        public var settings: String
        var sections: [Section]
        /// The header's checksum, which covers every section's: what names this snapshot among others.
        public var checksum: UInt64

        /// The bytes of the whole file, as the table places its sections.
        public var fileSize: Int { sections.map { $0.offset + $0.length }.max() ?? 0 }
    }

    struct Section: Sendable {
        var name: String
        var offset: Int
        var length: Int
        var checksum: UInt64
    }

    static let sectionNames = ["manifest", "documents", "text", "postings", "posting-starts", "term-bytes", "term-starts",
                               "term-hashes", "term-slots", "sorted-terms", "word-counts", "spoken-word-counts", "turn-units",
                               "unit-is-turn"]

    /// Whether this machine can read and write the layout as it is (little-endian, 64-bit `Int`).
    public static var isSupported: Bool {
        #if _endian(little)
        return MemoryLayout<Int>.size == 8
        #else
        return false
        #endif
    }
}

// MARK: - Writing

extension Snapshot {
    /// Why a snapshot could not be written: the system's reason (`no space left on device`).
    public struct WriteProblem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `index` (its documents and everything derived from them; an index made of two, as one),
    /// with `manifest` and the header's versions and settings, to a temporary file beside `path` that is
    /// then renamed to it: a reader sees the old file or the new one, never half of one.
    public static func write(_ index: CorpusIndex, manifest: [UInt8], programVersion: String, settings: String,
                             to path: String) throws {
        guard isSupported else { throw WriteProblem(description: "this machine's byte order is not the snapshot's") }
        let index = index.flattened()
        let storage = index.storage
        let terms = storage.terms.storage
        let documents = SnapshotDocuments.encoded(index.documents, turnUnitCount: storage.turnUnitCount)
        typealias Piece = (UnsafeRawBufferPointer) throws -> Void
        typealias Body = (length: Int, checksum: UInt64, write: (inout FileSink) throws -> Void)
        /// A section whose bytes `pieces` gives, one piece after another, each time it is called: once here
        /// for their length and checksum (the header that names them comes first), once to write them.
        func section(_ pieces: @escaping (Piece) throws -> Void) throws -> Body {
            var hash = XXH64()
            var length = 0
            try pieces { piece in
                hash.update(piece)
                length += piece.count
            }
            return (length, hash.digest(), { (sink: inout FileSink) throws in try pieces { try sink.write($0) } })
        }
        func array<T>(_ values: [T]) throws -> Body {
            try section { piece in try values.withUnsafeBytes(piece) }
        }
        func numbers<T>(_ values: SharedNumbers<T>) throws -> Body {
            try section { piece in try values.withUnsafeBufferPointer { try piece(UnsafeRawBufferPointer($0)) } }
        }
        let bodies: [Body] = [
            try array(manifest),
            try section { piece in for part in documents { try part.withUnsafeBytes(piece) } },
            try section { piece in
                for document in index.documents {
                    // Text kept in a file (a large load's, `TextSpill`) is read a document at a time.
                    for utterance in document.withTextInMemory().utterances {
                        try utterance.withTextUTF8 { try piece(UnsafeRawBufferPointer($0)) }
                    }
                }
            },
            try section { piece in try storage.postingBytes.withUnsafeBufferPointer { try piece(UnsafeRawBufferPointer($0)) } },
            try numbers(storage.postingStarts),
            try array(terms.arena),
            try array(terms.starts),
            try array(terms.hashes),
            try array([terms.slotCount]),
            try numbers(storage.sortedTerms),
            try numbers(storage.wordCounts),
            try numbers(storage.spokenWordCounts),
            try numbers(storage.turnUnit),
            try array(storage.unitIsTurn.words),
        ]
        // The header's length depends on the offsets it holds, and they on it: grow it until it stands.
        var headerLength = 0
        var header: [UInt8] = []
        while true {
            var offset = align(16 + headerLength + 8)
            var w = SnapshotWriter()
            w.string(programVersion)
            w.string(settings)
            w.unsigned(UInt64(bodies.count))
            for (name, body) in zip(sectionNames, bodies) {
                w.string(name)
                w.unsigned(UInt64(offset))
                w.unsigned(UInt64(body.length))
                withUnsafeBytes(of: body.checksum.littleEndian) { w.bytes.append(contentsOf: $0) }
                offset = align(offset + body.length)
            }
            if w.bytes.count == headerLength {
                header = w.bytes
                break
            }
            headerLength = w.bytes.count
        }
        var head = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { head.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(header.count).littleEndian) { head.append(contentsOf: $0) }
        head += header
        let headChecksum = head.withUnsafeBytes { XXH64.hash($0) }
        withUnsafeBytes(of: headChecksum.littleEndian) { head.append(contentsOf: $0) }

        let folder = path.enclosingFolder
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-" + (path as NSString).lastPathComponent
        var sink = try FileSink(path: temporary)
        do {
            try head.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try sink.write(raw) }
            for body in bodies {
                try sink.pad(to: align(sink.written))
                try body.write(&sink)
            }
            try sink.close()
            guard rename(temporary, path) == 0 else { throw WriteProblem(description: systemError()) }
        } catch {
            sink.abandon()
            unlink(temporary)
            throw error
        }
    }

    static func align(_ n: Int) -> Int { (n + 7) & ~7 }

    /// A file written through a buffer, with POSIX calls so that a failure names its reason.
    struct FileSink {
        private var fd: Int32
        private var buffer: [UInt8] = []
        private(set) var written = 0

        init(path: String) throws {
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw WriteProblem(description: systemError()) }
            buffer.reserveCapacity(1 << 20)
        }

        mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
            written += bytes.count
            if buffer.count + bytes.count <= 1 << 20 {
                buffer.append(contentsOf: bytes)
                return
            }
            try flush()
            if bytes.count >= 1 << 20 { try writeAll(bytes) } else { buffer.append(contentsOf: bytes) }
        }

        mutating func pad(to offset: Int) throws {
            let zeros = [UInt8](repeating: 0, count: offset - written)
            try zeros.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try write(raw) }
        }

        mutating func flush() throws {
            let pending = buffer
            buffer.removeAll(keepingCapacity: true)
            try pending.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try writeAll(raw) }
        }

        private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, base + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteProblem(description: systemError())
                }
                offset += n
            }
        }

        mutating func close() throws {
            try flush()
            let result = Foundation.close(fd)
            fd = -1
            guard result == 0 else { throw WriteProblem(description: systemError()) }
        }

        mutating func abandon() {
            if fd >= 0 { _ = Foundation.close(fd) }
            fd = -1
        }
    }
}

/// The C library's text for `errno`, lower case as messages are.
func systemError(_ code: Int32 = errno) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}
