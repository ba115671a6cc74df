import Foundation
import TestSupport
import Testing
@testable import TranscriptFormats
import TranscriptModel

/// A large load's text kept in a temporary file mapped back (`TextSpill`): the same bytes and the same
/// model as text kept in memory, from several threads, across chunks, read through the mapping or copied.
@Suite struct TextSpillTests {
    /// Texts of many sizes, some larger than a chunk, each of distinct bytes so that one read from the
    /// wrong place shows.
    static func texts(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let size = i % 17 == 0 ? 0 : Int(random.next() % 20_000) + 1
            return (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
    }

    @Test func storedTextReadsBackFromSeveralThreadsAcrossChunks() throws {
        let folder = try TemporaryFolder()
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let spill = try #require(TextSpill.make(for: 1 << 20, in: [folder.path], chunkSize: 2 * page))
        let texts = Self.texts(count: 400, seed: 17)
        let stored = parallelMap(texts.count) { spill.store(texts[$0]) }
        for (text, bytes) in zip(texts, stored) {
            #expect(bytes.withUnsafeBufferPointer { Array($0) } == text)
            #expect(bytes.inMemory()?.withUnsafeBufferPointer { Array($0) } == (text.isEmpty ? nil : text))
        }
        // The file was deleted as soon as it was made: nothing is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aFolderThatCannotHoldTheFileIsPassedOver() throws {
        let folder = try TemporaryFolder()
        #expect(TextSpill.make(for: 0, in: [folder.file("missing")]) == nil)
        #expect(TextSpill.make(for: 0, in: ["", folder.file("missing"), folder.path]) != nil)
        // A disk that would be left with less than the text's size free is not filled.
        let free = TextSpill.freeBytes(folder.path)
        #expect(free > 0)
        #expect(TextSpill.make(for: free / 2 + (1 << 30), in: [folder.path]) == nil)
        #expect(TextSpill.make(for: min(free / 4, 1 << 20), in: [folder.path]) != nil)
    }

    /// A file system in memory would save nothing: `/dev/shm` is one on Linux, the test's folder is not.
    @Test(.enabled(if: Self.memoryFileSystem != nil, "no tmpfs mount listed in /proc/self/mounts"))
    func aFileSystemInMemoryIsPassedOver() throws {
        let memory = try #require(Self.memoryFileSystem)
        #expect(TextSpill.isInMemory(memory))
        #expect(TextSpill.make(for: 0, in: [memory]) == nil)
        let folder = try TemporaryFolder()
        #expect(TextSpill.isInMemory(folder.path) == Self.mounts.contains { $0.type == "tmpfs" && folder.path.hasPrefix($0.point + "/") })
    }

    static var mounts: [(point: String, type: String)] {
        let text = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            return fields.count >= 3 ? (String(fields[1]), String(fields[2])) : nil
        }
    }

    /// The name `/proc/self/maps` gives the mapping that holds `address`: a file's path, or nil for none.
    static func mappingName(holding address: UInt) -> String? {
        let maps = (try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) ?? ""
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let bounds = fields.first?.split(separator: "-").compactMap { UInt($0, radix: 16) } ?? []
            guard bounds.count == 2, bounds[0] <= address, address < bounds[1] else { continue }
            return fields.count > 5 ? fields[5...].joined(separator: " ") : nil
        }
        return nil
    }

    /// A writable folder on a tmpfs mount, if this machine has one.
    static var memoryFileSystem: String? {
        mounts.first { $0.type == "tmpfs" && access($0.point, W_OK) == 0 && !$0.point.contains("\\") }?.point
    }

    /// A load whose text is spilled gives the same documents as one whose text stays in memory, read in
    /// place or copied to memory a document at a time, and the text is in the spill's mapping.
    @Test func aSpilledLoadIsTheSameModel() throws {
        let folder = try TemporaryFolder()
        var random = SplitMix64(seed: 5)
        let speakers = ["Cde. Beria", "Cde. Malenkov", "Q", "Mr. Nagy"]
        for file in 0..<12 {
            var text = "Meeting \(file)\n\n"
            for turn in 0..<(40 + file * 13) {
                let words = (0..<Int(random.next() % 60 + 1)).map { _ in "w\(random.next() % 500)" }.joined(separator: " ")
                text += "\(speakers[turn % speakers.count]): \(words) (Laughter) 1953 rubles.\n\n"
            }
            try folder.write("meeting-\(file).txt", text)
        }
        var inMemory = Loader()
        inMemory.spillsTextAbove = nil
        var spilled = Loader()
        spilled.spillsTextAbove = 0
        let expected = inMemory.load([folder.path])
        let result = spilled.load([folder.path])
        #expect(result.documents.count == 12 && result.messages == expected.messages)
        #expect(result.documents == expected.documents)
        #if os(Linux)
        for document in result.documents {
            let address = document.utterances[0].withTextUTF8 { UInt(bitPattern: $0.baseAddress) }
            #expect(Self.mappingName(holding: address)?.contains("parley-text-") == true)
        }
        #endif
        #expect(result.documents.map { $0.withTextInMemory() } == expected.documents)
        #expect(result.documents.flatMap { $0.utterances.map(\.text) } == expected.documents.flatMap { $0.utterances.map(\.text) })
    }
}
