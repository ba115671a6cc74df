import TranscriptModel

/// What TAB does, worked out from the text before the cursor and the completer's candidates.
///
/// Pure functions over Swift strings, so the decisions are tested without a terminal. Comparing
/// Characters rather than bytes is the point: libedit's own `rl_completion_matches` takes the common
/// prefix byte by byte, so `Rákosi` and `Révai` gave the invalid bytes `52 C3`.
public enum WordCompletion {
    /// Characters that end a word: whitespace and `()|"`.
    public static let wordBreaks: Set<Unicode.Scalar> = [" ", "\t", "\n", "(", ")", "|", "\""]

    /// The most candidates a listing shows; the rest are counted on one line.
    public static let listingLimit = 100

    /// What TAB does to the word before the cursor.
    public enum Edit: Equatable, Sendable {
        /// No candidates: beep and change nothing.
        case none
        /// Replace the word with this text.
        case replace(String)
        /// Several candidates and nothing to add to the word: show them.
        case list([String])
    }

    /// The word that ends at the cursor: the text after the last word-break character; inside a quote
    /// left open, from the word the quote stands in (`speaker:"Rosa M`), so that a name with spaces is
    /// completed whole.
    public static func word(before text: String) -> String {
        let scalars = text.unicodeScalars
        var end = scalars.endIndex
        if scalars.filter({ $0 == "\"" }).count % 2 == 1, let quote = scalars.lastIndex(of: "\"") { end = quote }
        guard let lastBreak = scalars[..<end].lastIndex(where: { wordBreaks.contains($0) }) else { return text }
        return String(scalars[scalars.index(after: lastBreak)...])
    }

    /// The longest common prefix of `words`, compared Character by Character (never a part of one).
    public static func commonPrefix(_ words: [String]) -> String {
        guard let first = words.first else { return "" }
        var prefix = Substring(first)
        for word in words.dropFirst() {
            var length = 0
            for (a, b) in zip(prefix, word) {
                guard a == b else { break }
                length += 1
            }
            prefix = prefix.prefix(length)
            if prefix.isEmpty { break }
        }
        return String(prefix)
    }

    /// Decides the edit: one candidate replaces the word and gets a space (none after a trailing `/` or
    /// `:`, so that a folder can be completed further, and a field's value typed or completed right
    /// after it); several replace it with their common prefix when that is longer than the word,
    /// otherwise they are listed.
    public static func edit(word: String, candidates: [String]) -> Edit {
        var seen = Set<String>()
        let unique = candidates.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard let first = unique.first else { return .none }
        if unique.count == 1 {
            return .replace(first.hasSuffix("/") || first.hasSuffix(":") ? first : first + " ")
        }
        let prefix = commonPrefix(unique)
        if prefix.count > word.count {
            return .replace(prefix)
        }
        return .list(unique)
    }

    /// Columns `text` takes on screen, as the shell's tables measure it (`DisplayWidth`: a wide East Asian
    /// character takes two, a combining mark or control character none), less the text between two `\u{1}`
    /// marks (how a prompt hides colour codes).
    public static func displayWidth(_ text: String) -> Int {
        guard text.contains("\u{1}") else { return DisplayWidth.of(text) }
        return text.split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated()
            .reduce(0) { width, part in width + (part.offset % 2 == 0 ? DisplayWidth.of(part.element) : 0) }
    }

    /// Rows of a wrapped line below the cursor's row: the prompt and the text before the cursor
    /// put it on one row, the whole line ends on another.
    public static func rowsBelowCursor(prompt: Int, before: String, after: String, width: Int) -> Int {
        guard width > 0 else { return 0 }
        let cursorColumn = prompt + displayWidth(before)
        let endColumn = cursorColumn + displayWidth(after)
        return max(0, endColumn / width - cursorColumn / width)
    }

    /// Candidates laid out in columns that fit `width`, in the completer's order, read down the columns;
    /// beyond `limit`, a last line says how many were left out. Each line ends with a newline.
    public static func columns(_ items: [String], width: Int, limit: Int = listingLimit) -> String {
        guard !items.isEmpty else { return "" }
        let shown = Array(items.prefix(max(limit, 1)))
        let cellWidth = (shown.map(displayWidth).max() ?? 0) + 2
        let columnCount = max(1, max(width, 1) / cellWidth)
        let rowCount = (shown.count + columnCount - 1) / columnCount
        var out = ""
        for row in 0..<rowCount {
            var line = ""
            var index = row
            while index < shown.count {
                let item = shown[index]
                let isLast = index + rowCount >= shown.count
                line += isLast ? item : item + String(repeating: " ", count: cellWidth - displayWidth(item))
                index += rowCount
            }
            out += line + "\n"
        }
        if items.count > shown.count {
            out += "(\(items.count - shown.count) more)\n"
        }
        return out
    }
}
