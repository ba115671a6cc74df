import Foundation
import TranscriptModel

extension Snapshot {
    /// An open snapshot whose header has been checked; its sections are read, and checked, on demand.
    public final class Reader {
        public let header: Header
        private let source: Source
        /// Where the sections start: the end of the header and its checksum.
        private let headerEnd: Int

        /// Opens the snapshot at `path` and checks its header: the magic, the format version, the header's
        /// checksum, and a section table that fits the file.
        public convenience init(path: String) throws {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw SnapshotProblem("it cannot be read: \(systemError())") }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                close(fd)
                throw SnapshotProblem("it is not a regular file")
            }
            let size = Int(info.st_size)
            try self.init(source: .file(fd, size, MappedFile(descriptor: fd, size: size)))
        }

        /// A snapshot held in memory (for tests and the fuzz target).
        public convenience init(bytes: [UInt8]) throws {
            try self.init(source: .memory(bytes))
        }

        private init(source: Source) throws {
            self.source = source
            guard Snapshot.isSupported else { throw SnapshotProblem("this machine's byte order is not the snapshot's") }
            let size = source.size
            var start = [UInt8](repeating: 0, count: min(size, 16))
            try start.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) throws in try source.read(at: 0, into: raw) }
            guard start.count >= 8, Array(start[0..<8]) == magic else {
                // A file cut inside the magic is a cut snapshot; anything else is another program's file.
                if start.count < 8, start.elementsEqual(magic.prefix(start.count)) { throw SnapshotProblem.truncated }
                throw SnapshotProblem("it is not a Parley index")
            }
            guard start.count == 16 else { throw SnapshotProblem.truncated }
            let version = start.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) }
            guard version == formatVersion else {
                throw SnapshotProblem("it was written in index format \(version); this program reads format \(formatVersion)")
            }
            let length = Int(start.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self)) })
            guard length <= 1 << 24 else { throw SnapshotProblem.damaged("its header") }
            guard size >= 16 + length + 8 else { throw SnapshotProblem.truncated }
            var head = [UInt8](repeating: 0, count: 16 + length + 8)
            try head.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) throws in try source.read(at: 0, into: raw) }
            let stored = head.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 16 + length, as: UInt64.self)) }
            guard head.withUnsafeBytes({ XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<16 + length])) }) == stored else {
                throw SnapshotProblem.damaged("its header")
            }
            headerEnd = 16 + length + 8
            header = try head.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> Header in
                var r = SnapshotReader(UnsafeRawBufferPointer(rebasing: raw[16..<16 + length]), part: "its header")
                let program = try r.string()
                let settings = try r.string()
                let count = try r.count()
                guard count == sectionNames.count else { throw r.damaged() }
                var sections: [Section] = []
                for name in sectionNames {
                    guard try r.string() == name else { throw r.damaged() }
                    let offset = try r.unsigned()
                    let length = try r.unsigned()
                    guard offset <= UInt64(Int.max / 2), length <= UInt64(Int.max / 2) else { throw r.damaged() }
                    let checksum = try (0..<8).reduce(UInt64(0)) { (sum: UInt64, i: Int) throws -> UInt64 in
                        _ = i
                        return sum | UInt64(try r.byte()) << (8 * UInt64(i))
                    }
                    sections.append(Section(name: name, offset: Int(offset), length: Int(length), checksum: checksum))
                }
                guard r.isAtEnd else { throw r.damaged() }
                return Header(programVersion: program, settings: settings, sections: sections, checksum: stored)
            }
            // Sections in order, aligned, one after another, the last ending where the file does; the few
            // bytes between them zero, so that no byte of the file goes unchecked.
            var end = headerEnd
            var gaps: [Range<Int>] = []
            for section in header.sections {
                guard section.offset == Snapshot.align(end), section.length <= Int.max / 2 - section.offset else {
                    throw SnapshotProblem.damaged("its section table")
                }
                if section.offset > end { gaps.append(end..<section.offset) }
                end = section.offset + section.length
            }
            guard end <= size else { throw SnapshotProblem.truncated }
            guard end == size else { throw SnapshotProblem("it is damaged (bytes after its end)") }
            for gap in gaps {
                var padding = [UInt8](repeating: 0, count: gap.count)
                try padding.withUnsafeMutableBytes { try source.read(at: gap.lowerBound, into: $0) }
                guard padding.allSatisfy({ $0 == 0 }) else { throw SnapshotProblem.damaged("the padding between its sections") }
            }
        }

        deinit {
            if case .file(let fd, _, _) = source { close(fd) }
        }

        private func section(_ name: String) -> Section {
            // The header has every section (`init` checked); an empty one stands in for a name it lacks.
            header.sections.first { $0.name == name } ?? Section(name: name, offset: 0, length: 0, checksum: 0)
        }

        /// A section's contents as an array of `T`, read with one copy and checked against its checksum.
        private func array<T: FixedWidthInteger>(_ name: String, of type: T.Type = T.self) throws -> [T] {
            let s = section(name)
            let stride = MemoryLayout<T>.stride
            guard s.length % stride == 0 else { throw SnapshotProblem.damaged("section '\(name)'") }
            let count = s.length / stride
            var problem: (any Error)?
            let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                do {
                    try source.read(at: s.offset, into: raw)
                    guard XXH64.hash(UnsafeRawBufferPointer(raw)) == s.checksum else { throw SnapshotProblem.damaged("section '\(name)' fails its checksum") }
                    initialized = count
                } catch {
                    problem = error
                    initialized = 0
                }
            }
            if let problem { throw problem }
            return values
        }

        /// What the writer kept to decide whether the snapshot is still valid (see `Snapshot.write`).
        public func manifest() throws -> [UInt8] {
            try array("manifest")
        }

        /// The index, and the documents in it, as they were written; speakers joined by `identity`, or not
        /// at all without `joiningSpeakers`, for an index only ever to be the base of one made of two
        /// (`CorpusIndex.combining`, which joins its own).
        public func index(speakers identity: SpeakerIdentity = SpeakerIdentity(), joiningSpeakers: Bool = true) throws -> CorpusIndex {
            // The text's checksum and the index's arrays are read beside the documents, which are decoded on
            // every core themselves (a `parallelMap` inside another would run on one).
            nonisolated(unsafe) let reader = self
            nonisolated(unsafe) var checked: Result<Void, any Error> = .success(())
            nonisolated(unsafe) var arrays: Result<CorpusIndex.Storage, any Error> = .failure(SnapshotProblem("it could not be read"))
            let beside = DispatchGroup()
            DispatchQueue.global().async(group: beside) { checked = Result { try reader.checkInPlace("text") } }
            DispatchQueue.global().async(group: beside) { arrays = Result { try reader.arrays() } }
            let read = Result { try self.documents() }
            beside.wait()
            let (documents, turnUnitCount) = try read.get()
            try checked.get()
            var storage = try arrays.get()
            guard let unitIsTurn = Bitset(words: storage.unitIsTurn.words, capacity: turnUnitCount) else {
                throw SnapshotProblem.damaged("section 'unit-is-turn'")
            }
            storage.unitIsTurn = unitIsTurn
            storage.turnUnitCount = turnUnitCount
            guard let index = CorpusIndex(documents: documents, storage: storage, speakers: identity, joiningSpeakers: joiningSpeakers) else {
                throw SnapshotProblem.damaged("its index does not fit its documents")
            }
            return index
        }

        /// The mapped file, when the snapshot is a file the system would map.
        private var mapping: MappedFile? {
            if case .file(_, _, let mapping?) = source { return mapping }
            return nil
        }

        /// A large section's bytes: in place in the mapped file, checked against the section's checksum
        /// unless `checked` is false (then `checkInPlace` must check them before they are used); a copy,
        /// checked, when the file is not mapped.
        private func bytes(_ name: String, checked: Bool = true) throws -> SharedBytes {
            guard let mapping else { return SharedBytes(try array(name)) }
            let s = section(name)
            if checked { try checkInPlace(name) }
            return SharedBytes(mapping, range: s.offset..<s.offset + s.length)
        }

        /// A section of numbers: in place in the mapped file, checked as `bytes` checks; a copy, checked,
        /// when the file is not mapped.
        private func numbers<T: FixedWidthInteger>(_ name: String, of type: T.Type = T.self) throws -> SharedNumbers<T> {
            guard let mapping else { return SharedNumbers(try array(name)) }
            let s = section(name)
            let stride = MemoryLayout<T>.stride
            guard s.length % stride == 0 else { throw SnapshotProblem.damaged("section '\(name)'") }
            try checkInPlace(name)
            return SharedNumbers(mapping, offset: s.offset, count: s.length / stride)
        }

        /// Checks a mapped section against its checksum, reading the file through a small buffer: the
        /// mapping's pages stay unloaded, and out of the process's memory, until a query reads them. Does
        /// nothing when the file is not mapped (`bytes` then checked its copy).
        private func checkInPlace(_ name: String) throws {
            guard mapping != nil else { return }
            let s = section(name)
            var hash = XXH64()
            var buffer = [UInt8](repeating: 0, count: min(s.length, 1 << 20))
            var offset = s.offset
            while offset < s.offset + s.length {
                let n = min(buffer.count, s.offset + s.length - offset)
                try buffer.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) throws in
                    let chunk = UnsafeMutableRawBufferPointer(rebasing: raw[0..<n])
                    try source.read(at: offset, into: chunk)
                    hash.update(UnsafeRawBufferPointer(chunk))
                }
                offset += n
            }
            guard hash.digest() == s.checksum else { throw SnapshotProblem.damaged("section '\(name)' fails its checksum") }
        }

        /// The documents, their utterances' text a range each of the `text` section (in place when the
        /// file is mapped: `index` checks it beside); and the number of turn units. Their records are
        /// decoded from the mapped file, whose pages are given back as each run of documents is decoded:
        /// the records and the model made of them are never held whole at once.
        private func documents() throws -> ([Document], Int) {
            let encoded = try bytes("documents")
            let text = try bytes("text", checked: false)
            let start = section("documents").offset
            let mapped = mapping
            return try encoded.withUnsafeBufferPointer { (raw: UnsafeBufferPointer<UInt8>) throws in
                var r = SnapshotReader(UnsafeRawBufferPointer(raw), part: "section 'documents'")
                return try SnapshotDocuments.read(&r, text: text) { decoded in
                    mapped?.release(start + decoded.lowerBound..<start + decoded.upperBound)
                }
            }
        }

        /// The index's arrays; the turn units' bitset is checked against their number later.
        private func arrays() throws -> CorpusIndex.Storage {
            let slots: [Int] = try array("term-slots")
            guard slots.count == 1,
                  let terms = TermTable(arena: try array("term-bytes"), starts: try array("term-starts"),
                                        hashes: try array("term-hashes"), slotCount: slots[0]) else {
                throw SnapshotProblem.damaged("its term table")
            }
            let words: [UInt64] = try array("unit-is-turn")
            guard let unitIsTurn = Bitset(words: words, capacity: words.count * 64) else {
                throw SnapshotProblem.damaged("section 'unit-is-turn'")
            }
            return CorpusIndex.Storage(turnUnit: try numbers("turn-units"), turnUnitCount: 0, unitIsTurn: unitIsTurn,
                                       terms: terms, wordCounts: try numbers("word-counts"),
                                       spokenWordCounts: try numbers("spoken-word-counts"),
                                       postingBytes: try bytes("postings"), postingStarts: try numbers("posting-starts"),
                                       sortedTerms: try numbers("sorted-terms"))
        }
    }

    /// Where a snapshot's bytes come from.
    private enum Source {
        /// An open file, its size, and the file mapped, when the system maps it.
        case file(Int32, Int, MappedFile?)
        case memory([UInt8])

        var size: Int {
            switch self {
            case .file(_, let size, _): return size
            case .memory(let bytes): return bytes.count
            }
        }

        /// Fills `buffer` from `offset` on; a file that ends first is a cut snapshot.
        func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
            guard buffer.count > 0 else { return }
            guard offset >= 0, offset <= size, buffer.count <= size - offset else { throw SnapshotProblem.truncated }
            switch self {
            case .memory(let bytes):
                bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + buffer.count])) }
            case .file(let fd, _, _):
                guard let base = buffer.baseAddress else { return }
                var done = 0
                while done < buffer.count {
                    let n = pread(fd, base + done, buffer.count - done, off_t(offset + done))
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw SnapshotProblem("it cannot be read: \(systemError())")
                    }
                    if n == 0 { throw SnapshotProblem.truncated }
                    done += n
                }
            }
        }
    }
}

extension Snapshot {
    /// `bytes` with the header's and every section's checksum made to fit what the bytes now hold, or nil
    /// when they have no readable header. For the fuzz target only: mutated bytes then get past the
    /// checksums to the decoders and the checks behind them, which must refuse what does not fit.
    public static func resealed(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { return nil }
        let length = bytes.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self))) }
        guard bytes.count >= 16 + length + 8 else { return nil }
        var result = bytes
        var body = SnapshotWriter()
        do {
            try bytes.withUnsafeBytes { raw in
                var r = SnapshotReader(UnsafeRawBufferPointer(rebasing: raw[16..<16 + length]), part: "its header")
                body.string(try r.string())
                body.string(try r.string())
                let count = try r.count()
                body.unsigned(UInt64(count))
                for _ in 0..<count {
                    body.string(try r.string())
                    let offset = try r.unsigned()
                    let size = try r.unsigned()
                    for _ in 0..<8 { _ = try r.byte() }
                    body.unsigned(offset)
                    body.unsigned(size)
                    var checksum: UInt64 = 0
                    if offset <= UInt64(raw.count), size <= UInt64(raw.count) - offset {
                        checksum = XXH64.hash(UnsafeRawBufferPointer(rebasing: raw[Int(offset)..<Int(offset + size)]))
                    }
                    withUnsafeBytes(of: checksum.littleEndian) { body.bytes.append(contentsOf: $0) }
                }
            }
        } catch {
            return nil
        }
        guard body.bytes.count == length else { return nil }
        result.replaceSubrange(16..<16 + length, with: body.bytes)
        let checksum = result.withUnsafeBytes { XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<16 + length])) }
        withUnsafeBytes(of: checksum.littleEndian) { result.replaceSubrange(16 + length..<16 + length + 8, with: $0) }
        return result
    }
}
