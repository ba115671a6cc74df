import Foundation
import TranscriptFormats

extension Command {
    static let checksum = Command(
        name: "checksum", arguments: "PATH [sha256:HEX]", summary: "in scripts: fail unless a file has this SHA-256 hash",
        help: """
            `.checksum data/hearing.txt sha256:9f86d0...` (64 hexadecimal digits, as `sha256sum` prints them)
            makes a script stop with status 1 unless the file's bytes have that hash, with a message naming
            the file and both hashes; a file that is missing or cannot be read stops it with status 1 too.
            A relative path is read from the script's folder. `.checksum PATH` alone prints the line that
            checks the file as it is now. A research record (`.record`) holds one such line per file loaded.
            """,
        completion: .path) { session, arguments in
            let words = Words.split(arguments)
            guard let first = words.first, words.count <= 2 else {
                return session.fail("'.checksum' needs a file and its hash, as in '.checksum data/hearing.txt sha256:HEX'")
            }
            let path = session.resolve(first)
            let shown = Checksum.tidy(path)
            var expected: String?
            if words.count == 2 {
                guard let hex = Checksum.hex(in: words[1]) else {
                    return session.fail("'.checksum' takes 'sha256:' and 64 hexadecimal digits after the file, not '\(words[1])'")
                }
                expected = hex
            }
            let found: String
            switch Checksum.sha256(of: path) {
            case .success(let hex): found = hex
            case .failure(let problem): return session.fail("cannot check '\(shown)': \(problem.text)", status: .expectationFailed)
            }
            guard let expected else {
                session.output.write(".checksum \(Checksum.quoted(first)) sha256:\(found)\n")
                return .success
            }
            guard expected == found else {
                return session.fail("'\(shown)' differs from the file the script was made with: its SHA-256 is \(found), the script expects \(expected)",
                                    status: .expectationFailed)
            }
            return .success
        }
}

/// SHA-256 hashes of files, for `.checksum` and the research records of `.record`.
enum Checksum {
    struct Problem: Error { var text: String }

    /// The hash of the file's bytes, read `chunk` bytes at a time so that a large file is never in memory
    /// whole; or why it cannot be read (missing, a folder, unreadable).
    static func sha256(of path: String, chunk: Int = 1 << 20) -> Result<String, Problem> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Problem(text: systemError())) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Problem(text: systemError())) }
        if info.st_mode & S_IFMT == S_IFDIR { return .failure(Problem(text: "it is a folder")) }
        if info.st_mode & S_IFMT != S_IFREG { return .failure(Problem(text: "not a regular file")) }
        var hash = SHA256()
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Problem(text: systemError()))
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
        return .success(hash.hex)
    }

    /// The lower-case digits of `sha256:HEX`, or nil when it is not 64 hexadecimal digits after `sha256:`.
    static func hex(in written: String) -> String? {
        guard written.lowercased().hasPrefix("sha256:") else { return nil }
        let digits = written.dropFirst("sha256:".count).lowercased()
        guard digits.count == 64, digits.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        return digits
    }

    /// A path without `.` parts, and without `NAME/..` pairs (`../notes/../data/a.txt` is `../data/a.txt`),
    /// as a message shows it. Only messages use it: through a link, `NAME/..` may be another folder.
    static func tidy(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined.isEmpty ? "." : joined
    }

    /// A path as a command's argument: in double quotes when it holds a space, as `Words.split` reads it.
    static func quoted(_ path: String) -> String {
        path.contains(" ") ? "\"\(path)\"" : path
    }
}
