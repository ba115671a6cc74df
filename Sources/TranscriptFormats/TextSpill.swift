import Foundation
import TranscriptModel

/// Where a large load keeps its utterances' text: a temporary file, deleted as soon as it is made, whose
/// pages are mapped back (`SharedBytes`). A document's text is written there as soon as the document is
/// read, so a corpus's text is never all in the process's memory at once: the index and a snapshot read it
/// a document at a time (`Document.withTextInMemory`), and a query that shows or searches text loads only
/// the pages it reads. Those pages are the file system's cache, which the system can write out and drop
/// when memory runs short, where text in the process's own memory could only grow it.
///
/// The file goes to the first of `$TMPDIR`, `/var/tmp` and `/tmp` that is kept on disk (a file system in
/// memory, such as `tmpfs`, would save nothing) and has room for twice the files; when there is none, or
/// the disk fills all the same, the text stays in memory as it would without a spill. The file is gone when the program ends, however it ends.
public final class TextSpill: @unchecked Sendable {
    /// The text is written in chunks of this size (a multiple of the page size, or one text's size when
    /// larger), each mapped once: a few mappings however many files.
    let chunkSize: Int
    private let descriptor: Int32
    private let lock = NSLock()
    /// The chunk being filled: its mapping, where it starts in the file, and how much of it is used.
    private var chunk: (file: MappedFile, offset: Int, used: Int)?
    /// The file's size: where the next chunk starts.
    private var end = 0
    /// Set when the file cannot grow: all later text stays in memory.
    private var failed = false

    private init(descriptor: Int32, chunkSize: Int) {
        self.descriptor = descriptor
        self.chunkSize = chunkSize
    }

    deinit { close(descriptor) }

    /// A spill in the first of `directories` (by default `$TMPDIR`, `/var/tmp`, `/tmp`) that is on disk, has
    /// room for twice `bytes` (the text of the files to read takes about their size, and as much again is left
    /// for others, so that a load does not fill a disk) and lets a file be made; nil when none does.
    public static func make(for bytes: Int, in directories: [String] = defaultDirectories, chunkSize: Int = 64 << 20) -> TextSpill? {
        for directory in directories where !directory.isEmpty && !isInMemory(directory) && freeBytes(directory) / 2 >= bytes {
            var template = Array("\(directory)/parley-text-XXXXXX".utf8CString)
            let descriptor = mkstemp(&template)
            guard descriptor >= 0 else { continue }
            unlink(template)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            return TextSpill(descriptor: descriptor, chunkSize: chunkSize)
        }
        return nil
    }

    public static var defaultDirectories: [String] {
        [ProcessInfo.processInfo.environment["TMPDIR"] ?? "", "/var/tmp", "/tmp"]
    }

    /// The bytes an unprivileged user may still write to the file system of `directory`; 0 when unknown.
    static func freeBytes(_ directory: String) -> Int {
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return 0 }
        let (free, overflow) = Int(info.f_bavail).multipliedReportingOverflow(by: Int(info.f_frsize))
        return overflow ? Int.max : free
    }

    /// Whether `directory` lies on a file system kept in memory: the type of the mount that holds it, in
    /// `/proc/self/mounts` (the longest mount point it lies under).
    static func isInMemory(_ directory: String) -> Bool {
        #if os(Linux)
        guard let real = realpath(directory, nil) else { return false }
        let path = String(cString: real)
        free(real)
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return false }
        var best = (length: -1, type: "")
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            // Spaces and other such bytes in a mount point are written as octal escapes (`\040`).
            let point = fields[1].replacingOccurrences(of: "\\040", with: " ")
            let under = point == "/" || path == point || path.hasPrefix(point + "/")
            if under && point.count > best.length { best = (point.count, String(fields[2])) }
        }
        return best.type == "tmpfs" || best.type == "ramfs"
        #else
        return false
        #endif
    }

    /// `bytes` written to the file and mapped back; `bytes` themselves when they cannot be written.
    /// Safe to call from several threads at once.
    public func store(_ bytes: [UInt8]) -> SharedBytes {
        guard !bytes.isEmpty, let (file, start, position) = reserve(bytes.count) else { return SharedBytes(bytes) }
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            var done = 0
            while done < buffer.count {
                let n = pwrite(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(position + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        guard written else {
            lock.withLock { failed = true }
            return SharedBytes(bytes)
        }
        return SharedBytes(file, range: start..<start + bytes.count)
    }

    /// Room for `count` bytes: the chunk they go in, where in it, and where in the file. A chunk is mapped
    /// before the file reaches it; only bytes already written are read through it, so never past the
    /// file's end.
    private func reserve(_ count: Int) -> (MappedFile, Int, Int)? {
        lock.lock()
        defer { lock.unlock() }
        guard !failed else { return nil }
        if chunk.map({ $0.used + count > $0.file.size }) ?? true {
            let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 1)
            let size = max(chunkSize, (count + page - 1) / page * page)
            guard let file = MappedFile(descriptor: descriptor, offset: end, size: size, shared: true, readable: true) else {
                failed = true
                return nil
            }
            chunk = (file, end, 0)
            end += size
        }
        guard let current = chunk else { return nil }
        chunk?.used += count
        return (current.file, current.used, current.offset + current.used)
    }
}
