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
    public static let formatVersion: UInt32 = 3
    static let magic = Array("PARLEYIX".utf8)

    /// What the header of a snapshot says.
    public struct Header: Sendable {
        public var programVersion: String
        public var settings: String
        var sections: [Section]

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

    /// Writes `index` (its documents and everything derived from them), with `manifest` and the header's
    /// versions and settings, to a temporary file beside `path` that is then renamed to it: a reader sees
    /// the old file or the new one, never half of one.
    public static func write(_ index: CorpusIndex, manifest: [UInt8], programVersion: String, settings: String,
                             to path: String) throws {
        guard isSupported else { throw WriteProblem(description: "this machine's byte order is not the snapshot's") }
        let storage = index.storage
        let terms = storage.terms.storage
        let documents = SnapshotDocuments.encoded(index.documents, turnUnitCount: storage.turnUnitCount)
        // The text's length and checksum, in a pass of their own: the header that names them comes first.
        var textHash = XXH64()
        var textLength = 0
        forEachText(index.documents) { bytes in
            textHash.update(UnsafeRawBufferPointer(bytes))
            textLength += bytes.count
        }
        typealias Body = (length: Int, checksum: UInt64, write: (inout FileSink) throws -> Void)
        func array<T>(_ values: [T]) -> Body {
            values.withUnsafeBytes { bytes in
                (bytes.count, XXH64.hash(bytes), { (sink: inout FileSink) throws in
                    try values.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try sink.write(raw) } })
            }
        }
        func numbers<T>(_ values: SharedNumbers<T>) -> Body {
            values.withUnsafeBufferPointer { numbers in
                (numbers.count * MemoryLayout<T>.stride, XXH64.hash(UnsafeRawBufferPointer(numbers)), { (sink: inout FileSink) throws in
                    try values.withUnsafeBufferPointer { try sink.write(UnsafeRawBufferPointer($0)) } })
            }
        }
        func parts(_ parts: [[UInt8]]) -> Body {
            var hash = XXH64()
            for part in parts { part.withUnsafeBytes { hash.update($0) } }
            return (parts.reduce(0) { $0 + $1.count }, hash.digest(), { (sink: inout FileSink) throws in
                for part in parts { try part.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try sink.write(raw) } }
            })
        }
        func shared(_ values: SharedBytes) -> Body {
            values.withUnsafeBufferPointer { bytes in
                (bytes.count, XXH64.hash(UnsafeRawBufferPointer(bytes)), { (sink: inout FileSink) throws in
                    try values.withUnsafeBufferPointer { try sink.write(UnsafeRawBufferPointer($0)) } })
            }
        }
        let bodies: [Body] = [
            array(manifest),
            parts(documents),
            (textLength, textHash.digest(), { (sink: inout FileSink) throws in
                var problem: (any Error)?
                forEachText(index.documents) { bytes in
                    guard problem == nil else { return }
                    do { try sink.write(UnsafeRawBufferPointer(bytes)) } catch { problem = error }
                }
                if let problem { throw problem }
            }),
            shared(storage.postingBytes),
            numbers(storage.postingStarts),
            array(terms.arena),
            array(terms.starts),
            array(terms.hashes),
            array([terms.slotCount]),
            numbers(storage.sortedTerms),
            numbers(storage.wordCounts),
            numbers(storage.spokenWordCounts),
            numbers(storage.turnUnit),
            array(storage.unitIsTurn.words),
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

        let folder = (path as NSString).deletingLastPathComponent
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

    /// Calls `body` with every utterance's text bytes, in document order: the `text` section.
    private static func forEachText(_ documents: [Document], _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        for document in documents {
            for utterance in document.utterances { utterance.withTextUTF8(body) }
        }
    }

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
