import Foundation
import TranscriptFormats
import TranscriptModel

/// Why a file cannot be written, in words, for `.output` and `.export`: the folder that is missing or
/// is a file, a path that is a folder, or the system's reason (`permission denied`).
enum WriteProblem {
    /// Opens `path` for writing (created or emptied); on failure, why.
    static func open(_ path: String) -> Result<FileHandle, Reason> {
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { return .failure(Reason(text: reason(path, errno: errno))) }
        return .success(FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    struct Reason: Error {
        var text: String
        /// The system's error number, when the system gave one.
        var code: Int32?

        /// Whether the reader of a pipe went away (`--export /dev/stdout | head`): no failure, since it
        /// has what it wanted.
        var readerGone: Bool { code == EPIPE }
    }

    /// Writes a file from pieces that `produce` hands to its `write`, one piece at a time, so that the
    /// whole text is never in memory: into a file beside `path` that replaces it only when every piece is
    /// written, so that a failed write leaves what was there. A path that is not a regular file (a device
    /// such as `/dev/stdout`, a named pipe) is written directly, and so is one under `/dev` or `/proc`
    /// whatever it leads to: `/dev/stdout` is a regular file when the shell sends standard output to one
    /// (`> corpus.jsonl`), and a file put in its place would replace the link itself, not fill the
    /// shell's file. Nil on success, else why it failed.
    static func writeWhole(_ path: String, _ produce: ((String) throws -> Void) throws -> Void) -> Reason? {
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists, info.st_mode & S_IFMT == S_IFDIR { return Reason(text: "it is a folder") }
        let direct = exists && (info.st_mode & S_IFMT != S_IFREG || path.hasPrefix("/dev/") || path.hasPrefix("/proc/"))
        let target = direct ? path : "\(path).partial-\(getpid())"
        let handle: FileHandle
        switch open(target) {
        case .success(let opened): handle = opened
        case .failure(let problem): return problem
        }
        do {
            try produce { try handle.write(contentsOf: Data($0.utf8)) }
            try handle.close()
        } catch {
            try? handle.close()
            if !direct { unlink(target) }
            let failure = code(of: error) ?? EIO
            return Reason(text: reason(path, errno: failure), code: failure)
        }
        if !direct, rename(target, path) != 0 {
            let failure = errno
            unlink(target)
            return Reason(text: reason(path, errno: failure), code: failure)
        }
        return nil
    }

    /// The system's error number behind a Foundation write error, when it has one.
    static func code(of error: Error) -> Int32? {
        ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map { Int32($0.code) }
    }

    /// The reason `path` cannot be written: its folder's problem when it has one, else `errno`'s text.
    static func reason(_ path: String, errno code: Int32?) -> String {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return "it is a folder" }
        var folder = path.enclosingFolder
        if folder.isEmpty { folder = "." }
        // The nearest part of the path that exists says what is wrong: a file where a folder should be,
        // or nothing there at all.
        var existing = folder
        while stat(existing, &info) != 0 {
            let parent = existing.enclosingFolder
            if parent.isEmpty || parent == existing { break }
            existing = parent
        }
        if stat(existing, &info) == 0, info.st_mode & S_IFMT != S_IFDIR { return "'\(existing)' is not a folder" }
        if stat(folder, &info) != 0 { return "no folder '\(folder)'" }
        guard let code else { return "not writable" }
        return systemError(code)
    }
}
