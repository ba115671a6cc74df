import TranscriptModel

/// Text fitted to a window some columns wide, broken at spaces, for what is written on a terminal.
enum Wrapping {
    /// Each line of `text` longer than `width` broken at spaces, so that a list of names and descriptions
    /// stays a list: the line's last column (what follows its last run of two spaces or more) is
    /// continued under where it starts, or, with less than 20 columns left for it there, goes on the lines
    /// below the others, indented by 4. Lines stay one column short of the window: a line that fills it
    /// leaves the terminal's cursor past the edge, where a newline may make an empty line or none.
    /// `width` nil (not a terminal) or under 40: the text as it is.
    static func fit(_ text: String, width: Int?) -> String {
        guard let window = width, window >= 40 else { return text }
        let width = window - 1
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            guard line.displayWidth > width else { return [String(line)] }
            let (start, column) = lastColumn(of: line)
            guard column > width - 20 else { return lines(line, width: width, indent: column) }
            var head = line.prefix(start)
            while head.last == " " { head = head.dropLast() }
            return lines(head, width: width, indent: 0) + lines(("    " + line.dropFirst(start))[...], width: width, indent: 4)
        }.joined(separator: "\n")
    }

    /// `text` broken at spaces into lines of at most `width` columns of a terminal (`DisplayWidth`), each
    /// after the first starting with `indent` spaces; a word longer than the room stands alone on its line.
    /// Chinese and Japanese, written without spaces, may also break beside a wide character, though not
    /// before closing punctuation (`。`, `，`, `」`) nor after an opening bracket.
    static func lines(_ text: Substring, width: Int, indent: Int) -> [String] {
        let characters = Array(text)
        // `columns[i]`: the columns `characters[..<i]` take.
        var columns = [0]
        columns.reserveCapacity(characters.count + 1)
        for character in characters { columns.append(columns[columns.count - 1] + DisplayWidth.of(character)) }
        /// Whether a line may end before `characters[i]`.
        func breaks(before i: Int) -> Bool {
            let (before, after) = (characters[i - 1], characters[i])
            if after == " " { return true }
            guard before != " ", DisplayWidth.of(before) == 2 || DisplayWidth.of(after) == 2 else { return false }
            return !closing.contains(after) && !opening.contains(before)
        }
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var from = 0
        var room = width
        while columns[characters.count] - columns[from] > room {
            // The last place to break within the room that has a word before it; for a word longer than the
            // room, the first place after it.
            let words = characters[from...].firstIndex { $0 != " " } ?? characters.count
            var cut = from
            while columns[cut + 1] - columns[from] <= room { cut += 1 }
            while cut > words, !breaks(before: cut) { cut -= 1 }
            if cut <= words {
                guard let after = (words + 1..<max(words + 1, characters.count)).first(where: breaks(before:)) else { break }
                cut = after
            }
            var end = cut
            while end > from, characters[end - 1] == " " { end -= 1 }
            lines.append((lines.isEmpty ? "" : margin) + String(characters[from..<end]))
            from = characters[cut...].firstIndex { $0 != " " } ?? characters.count
            room = width - indent
        }
        if lines.isEmpty || from < characters.count {
            lines.append((lines.isEmpty ? "" : margin) + String(characters[from...]))
        }
        return lines
    }

    /// Where the last word after two spaces or more starts: its offset in Characters and its column (they
    /// differ after a wide character); 0 and 0 when there is none.
    private static func lastColumn(of line: Substring) -> (offset: Int, column: Int) {
        var offset = 0
        var column = 0
        var spaces = 0
        var found = (offset: 0, column: 0)
        for character in line {
            if character == " " {
                spaces += 1
            } else {
                if spaces >= 2, column > spaces { found = (offset, column) }
                spaces = 0
            }
            offset += 1
            column += DisplayWidth.of(character)
        }
        return found
    }

    /// Closing punctuation of Chinese and Japanese, which never begins a line.
    private static let closing: Set<Character> = ["、", "。", "，", "．", "：", "；", "？", "！", "）", "」", "』", "】", "〕", "〉", "》", "ー", "・"]
    /// Opening brackets of Chinese and Japanese, which never end a line.
    private static let opening: Set<Character> = ["（", "「", "『", "【", "〔", "〈", "《"]
}
