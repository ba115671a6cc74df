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

/// Words between spaces, as the label rules read them.
extension StringProtocol {
    /// `split(separator: " ", maxSplits:omittingEmptySubsequences:)`, the same pieces, told on the bytes
    /// where the text is ASCII: going Character by Character to find the spaces of every label-like line
    /// cost some thousands of instructions a line. Text with other bytes is split Character by Character,
    /// as before: a combining mark after a space makes one Character of the two, which is no separator.
    /// Inlinable, so that it is made for the caller's type: called through the protocol it cost more than
    /// the Characters it saves.
    @inlinable
    public func splitAtSpaces(maxSplits: Int = .max, omittingEmptySubsequences: Bool = true) -> [SubSequence] {
        guard !utf8.contains(where: { $0 >= 0x80 }) else {
            return split(separator: " ", maxSplits: maxSplits, omittingEmptySubsequences: omittingEmptySubsequences)
        }
        // The standard library's `split`, on bytes: an empty piece is skipped (when so asked) and does not
        // count against `maxSplits`.
        var result: [SubSequence] = []
        var start = startIndex
        func append(_ end: Index) -> Bool {
            if start == end && omittingEmptySubsequences { return false }
            result.append(self[start..<end])
            return true
        }
        if maxSplits == 0 || isEmpty {
            _ = append(endIndex)
            return result
        }
        var index = utf8.startIndex
        while index != utf8.endIndex {
            guard utf8[index] == 0x20 else {
                index = utf8.index(after: index)
                continue
            }
            let appended = append(index)
            index = utf8.index(after: index)
            start = index
            if appended && result.count == maxSplits { break }
        }
        if start != endIndex || !omittingEmptySubsequences { result.append(self[start..<endIndex]) }
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
