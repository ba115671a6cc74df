/// Trimming by a set of Characters written as a string, as every module of Parley needs it.
extension StringProtocol {
    /// The text without the given Characters at either end: `"(Laughter.)".trimmingCharacters(in: "().")`.
    public func trimmingCharacters(in set: String) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}

/// Lines of text as a user's file or input has them, whichever line ends it uses.
extension StringProtocol {
    /// The lines, split at `\n`, `\r\n` and a lone `\r` (as the transcript readers count lines), each
    /// without its line end; what follows the last line end is the last element (empty when the text ends
    /// with one), so line N of a file is element N - 1. `split(separator: "\n")` is not enough: in Swift
    /// `"\r\n"` is one Character, never equal to `"\n"`, so a Windows file would be one long line.
    public var lines: [SubSequence] {
        var result: [SubSequence] = []
        var start = startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D else {
                index = utf8.index(after: index)
                continue
            }
            result.append(self[start..<index])
            var next = utf8.index(after: index)
            if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
            start = next
            index = next
        }
        result.append(self[start...])
        return result
    }
}

/// The folder part of a path, in place of `NSString.deletingLastPathComponent`, which stops the program on a
/// path of one character (`t`) in the Foundation of Linux.
extension String {
    /// `a/b/c.txt` → `a/b`, `/c.txt` → `/`, `c.txt` → empty; slashes at the end are no component (`a/b/` → `a`).
    /// Told on bytes: a combining mark after a `/` makes one Character of the two.
    public var enclosingFolder: String {
        var path = utf8[...]
        while path.count > 1, path.last == 0x2F { path = path.dropLast() }
        guard let slash = path.lastIndex(of: 0x2F) else { return "" }
        var folder = path[..<slash]
        while folder.last == 0x2F { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(decoding: folder, as: UTF8.self)
    }
}
