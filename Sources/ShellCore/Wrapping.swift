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
            guard line.count > width else { return [String(line)] }
            let column = lastColumn(of: line)
            guard column > width - 20 else { return lines(line, width: width, indent: column) }
            var head = line.prefix(column)
            while head.last == " " { head = head.dropLast() }
            return lines(head, width: width, indent: 0) + lines(("    " + line.dropFirst(column))[...], width: width, indent: 4)
        }.joined(separator: "\n")
    }

    /// `text` broken at spaces into lines of at most `width` Characters, each after the first starting with
    /// `indent` spaces; a word longer than the room stands alone on its line.
    static func lines(_ text: Substring, width: Int, indent: Int) -> [String] {
        let characters = Array(text)
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var from = 0
        var room = width
        while characters.count - from > room {
            // The last space within the room that has a word before it; for a word longer than the room,
            // the first space after it.
            let words = characters[from...].firstIndex { $0 != " " } ?? characters.count
            var cut = from + room
            while cut > words, characters[cut] != " " { cut -= 1 }
            if cut <= words {
                guard let after = characters[words...].firstIndex(of: " ") else { break }
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

    /// The column where the last word after two spaces or more starts; 0 when there is none.
    private static func lastColumn(of line: Substring) -> Int {
        var column = 0
        var spaces = 0
        var found = 0
        for character in line {
            if character == " " {
                spaces += 1
            } else {
                if spaces >= 2, column > spaces { found = column }
                spaces = 0
            }
            column += 1
        }
        return found
    }
}
