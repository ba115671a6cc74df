#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a history path can be used, decided before libedit reads or writes it.
///
/// libedit's own checks come too late or not at all: it would read a directory or `/dev/zero`
/// line by line, and as root it would `fchmod` `/dev/null` to 0600 when saving there.
enum HistoryFile: Equatable {
    /// No file yet: libedit creates it (mode 0600) at the first save.
    case missing
    /// An empty file: nothing to read, fine to write.
    case empty
    /// A libedit history file to read and write.
    case usable
    /// A libedit history file to read but not write; the message says so.
    case readOnly(String)
    /// `/dev/null`: the usual way to ask for no history; read nothing, write nothing, say nothing.
    case off
    /// Not usable at all; the message names the file and the reason.
    case unusable(String)

    /// The first line of every file libedit writes.
    static let header = "_HiStOrY_V2_"

    /// Larger files are refused rather than read: a history is far smaller.
    static let sizeLimit = 64 << 20

    /// Checks `path` (stat, access, and the header of an existing file).
    static func check(_ path: String) -> HistoryFile {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            guard code == ENOENT else {
                return .unusable("cannot use history file '\(path)': \(describe(code)); history will not be saved")
            }
            return checkFolder(of: path)
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR {
            return .unusable("history file '\(path)' is a directory; history will not be saved")
        }
        if type == S_IFCHR && path == "/dev/null" {
            return .off
        }
        guard type == S_IFREG else {
            return .unusable("history file '\(path)' is not a regular file; history will not be saved")
        }
        guard access(path, R_OK) == 0 else {
            return .unusable("cannot read history file '\(path)': \(describe(errno)); history will not be saved")
        }
        guard Int64(info.st_size) <= Int64(sizeLimit) else {
            return .unusable("history file '\(path)' is too large (\(info.st_size) bytes) to be a history; it is left unchanged and history will not be saved")
        }
        if info.st_size == 0 {
            return access(path, W_OK) == 0 ? .empty
                : .unusable("cannot write history file '\(path)': \(describe(errno)); history will not be saved")
        }
        guard startsWithHeader(path) else {
            return .unusable("history file '\(path)' is damaged or not a libedit history file (its first line is not '\(header)'); it is left unchanged and history will not be saved")
        }
        guard access(path, W_OK) == 0 else {
            return .readOnly("cannot write history file '\(path)': \(describe(errno)); this session's lines will not be saved")
        }
        return .usable
    }

    /// A missing file can be created when its folder exists and is writable.
    private static func checkFolder(of path: String) -> HistoryFile {
        let folder: String
        if let slash = path.lastIndex(of: "/") {
            folder = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            folder = "."
        }
        var info = stat()
        guard stat(folder, &info) == 0 else {
            return .unusable("cannot create history file '\(path)': \(describe(errno)); history will not be saved")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return .unusable("cannot create history file '\(path)': '\(folder)' is not a directory; history will not be saved")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            return .unusable("cannot create history file '\(path)': \(describe(errno)); history will not be saved")
        }
        return .missing
    }

    /// True when the file starts with libedit's header line.
    private static func startsWithHeader(_ path: String) -> Bool {
        let expected = Array((header + "\n").utf8)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: expected.count)
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return read(fd, base + filled, buffer.count - filled)
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            filled += got
        }
        return filled == bytes.count && bytes == expected
    }

    /// `strerror`, starting lower case as Parley's messages do.
    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        return message.prefix(1).lowercased() + message.dropFirst()
    }
}
