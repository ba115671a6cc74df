#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The term ids of a run of postings in order, kept by the index's counting pass for its writing pass (see
/// `CorpusIndex.buildPostings`), so that the text is read and its words looked up once, not twice.
///
/// Each posting is one varint: its term id plus one, times 16, plus how its position follows the one before
/// (0: the same, another form of one word; 1: the next; 2: given by a varint after it) times 4, plus its two
/// flags (2: editorial, 1: capitalised). A 0 and then a varint moves on that many utterances, to the next
/// utterance with words. The words of English prose take about two bytes each, about what their postings
/// take. The stream is kept in blocks of a megabyte, mapped from the system and not from `malloc`, which
/// would keep freed blocks for reuse, and `replay` gives each block back as it is read, while the postings
/// it writes fill their array.
///
/// One thread at a time uses a stream: the counting pass's thread fills it, the writing pass's reads it.
final class TermStream: @unchecked Sendable {
    /// The blocks filled, with the bytes used in each.
    private var blocks: [(start: UnsafeMutablePointer<UInt8>, used: Int)] = []
    /// The block being filled, and its bytes used.
    private var current: UnsafeMutablePointer<UInt8>?
    private var count = 0

    static let blockSize = 1 << 20
    /// The most one `append` writes: a 0 and a 5-byte varint moving on to its utterance, a 10-byte varint
    /// for its id and flags and a 5-byte one for its position.
    private static let record = 21

    /// How many blocks the stream holds.
    var blockCount: Int { blocks.count + (current == nil ? 0 : 1) }

    deinit {
        closeBlock()
        for block in blocks { Self.free(block.start) }
    }

    private static func allocate() -> UnsafeMutablePointer<UInt8> {
        guard let address = mmap(nil, blockSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              address != MAP_FAILED else { fatalError("out of memory: no room for \(blockSize) bytes of the index's term stream") }
        return address.bindMemory(to: UInt8.self, capacity: blockSize)
    }

    private static func free(_ block: UnsafeMutablePointer<UInt8>) { munmap(block, blockSize) }

    /// Adds term `id`'s `posting`, which comes right after `last` (the utterance and position of the
    /// posting before it, in the same stream; a position of `UInt32.max` when there is none yet).
    @inline(__always)
    func append(_ id: Int, _ posting: Posting, after last: (utterance: UInt32, position: UInt32)) {
        if current == nil || count > Self.blockSize - Self.record { newBlock() }
        guard let block = current else { return }
        var previous: Int64 = last.position == UInt32.max ? -1 : Int64(last.position)
        if posting.utterance != last.utterance {
            block[count] = 0
            count += 1
            PostingEncoder.write(UInt64(posting.utterance &- last.utterance), to: block, at: &count)
            previous = -1
        }
        let position = Int64(posting.position)
        let mode: UInt64 = position == previous ? 0 : position == previous + 1 ? 1 : 2
        let value = UInt64(id + 1) << 4 | mode << 2 | (posting.editorial ? 2 : 0) | (posting.capitalised ? 1 : 0)
        PostingEncoder.write(value, to: block, at: &count)
        if mode == 2 { PostingEncoder.write(UInt64(posting.position), to: block, at: &count) }
    }

    private func newBlock() {
        closeBlock()
        current = Self.allocate()
    }

    /// Moves the block being filled to `blocks`.
    private func closeBlock() {
        if let current { blocks.append((current, count)) }
        current = nil
        count = 0
    }

    /// Calls `body` with each posting and its term id, in the order they were added; the first utterance
    /// is `first`, as it was for the first `append`. Each block is freed once read: the stream is empty after.
    func replay(from first: UInt32, _ body: (Int, Posting) -> Void) {
        closeBlock()
        var utterance = first
        var previous: Int64 = -1
        for block in blocks {
            let bytes = UnsafeBufferPointer(start: block.start, count: block.used)
            var offset = 0
            while offset < bytes.count {
                let value = PostingEncoder.read(bytes, at: &offset)
                if value == 0 {
                    utterance &+= UInt32(truncatingIfNeeded: PostingEncoder.read(bytes, at: &offset))
                    previous = -1
                    continue
                }
                let position: Int64
                switch (value >> 2) & 3 {
                case 0: position = previous
                case 1: position = previous + 1
                default: position = Int64(PostingEncoder.read(bytes, at: &offset))
                }
                previous = position
                body(Int(value >> 4) - 1, Posting(utterance: utterance, position: UInt32(truncatingIfNeeded: position),
                                                  editorial: value & 2 != 0, capitalised: value & 1 != 0))
            }
            Self.free(block.start)
        }
        blocks = []
    }
}
