import TranscriptModel

/// Turns diagnostics into the text of SPEC section 6. Lines and columns are computed here, and only here;
/// carets are placed by the columns the line takes on screen (`DisplayWidth`), not its bytes, so they land
/// under `ÁVH`, not one or two columns off, and after `王丽` four columns on.
///
/// ```
/// error: expected a search term after 'OR'
///   | speaker:Beria OR
///   |               ^^
/// ```
public struct DiagnosticRenderer: Sendable {
    /// The script's name; when set, each message starts `questions.parley:4:15: `.
    public var fileName: String?
    /// The script line the query starts on (1-based), for queries read from a file.
    public var firstLine: Int
    /// The column the query starts at on that line (1-based): `.topic t = army OR` starts it at 12.
    public var firstColumn: Int
    /// The most Characters of a source line shown; longer lines show a window around the carets.
    public var maximumWidth: Int
    /// The columns of the screen the excerpt is shown on, when it is a terminal's: a source line longer
    /// than fits beside the `  | ` and the `…` marks is cut to a narrower window, since a line that wraps
    /// leaves the carets under other columns than the text they point at.
    public var screenWidth: Int?

    /// A renderer for the shell (no file name) or for a script's line.
    public init(fileName: String? = nil, firstLine: Int = 1, firstColumn: Int = 1, maximumWidth: Int = 100) {
        self.fileName = fileName
        self.firstLine = firstLine
        self.firstColumn = firstColumn
        self.maximumWidth = max(maximumWidth, 10)
    }

    /// `questions.parley:4:15: `, or nothing outside a script.
    private func position(_ place: Place) -> String {
        guard let fileName else { return "" }
        let column = place.line == 0 ? place.column + firstColumn - 1 : place.column
        return "\(fileName):\(firstLine + place.line):\(column): "
    }

    /// All diagnostics, one after another, without a final newline.
    public func render(_ diagnostics: [Diagnostic], in source: Source) -> String {
        diagnostics.map { render($0, in: source) }.joined(separator: "\n")
    }

    /// One diagnostic with its excerpt and notes, without a final newline.
    public func render(_ diagnostic: Diagnostic, in source: Source) -> String {
        var lines: [String] = []
        let place = Place(diagnostic.range, in: source)
        let prefix = position(place)
        lines.append(prefix + "\(diagnostic.severity.rawValue): \(diagnostic.message)")
        lines += excerpt(place)
        for note in diagnostic.notes {
            if let range = note.range {
                let notePlace = Place(range, in: source)
                let notePrefix = position(notePlace)
                lines.append(notePrefix + "note: \(note.message)")
                lines += excerpt(notePlace)
            } else {
                lines.append("note: \(note.message)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The source line and the caret line, cut to `maximumWidth` around the carets.
    private func excerpt(_ place: Place) -> [String] {
        var text = place.lineText
        var column = place.caretColumn
        var carets = place.caretCount
        var cutBefore = place.cutBefore
        var cutAfter = place.cutAfter
        let width = text.count
        // The gutter, and a cut mark either side.
        let maximumWidth = screenWidth.map { min(self.maximumWidth, max(10, $0 - 6)) } ?? self.maximumWidth
        if width > maximumWidth {
            let start = max(0, min(column - maximumWidth / 3, width - maximumWidth))
            let end = min(width, start + maximumWidth)
            let low = text.index(text.startIndex, offsetBy: start)
            let high = text.index(low, offsetBy: end - start)
            text = String(text[low..<high])
            carets = max(1, min(carets, end - column))
            column -= start
            cutBefore = cutBefore || start > 0
            cutAfter = cutAfter || end < width
        }
        if cutBefore {
            text = "…" + text
            column += 1
        }
        if cutAfter { text += "…" }
        // Characters to columns: a wide character takes two; carets past the line's end (a missing term)
        // one each.
        let marked = text.dropFirst(column).prefix(carets)
        let caretColumns = max(1, DisplayWidth.of(marked) + carets - marked.count)
        return ["  | " + text, "  | " + String(repeating: " ", count: DisplayWidth.of(text.prefix(column)))
                + String(repeating: "^", count: caretColumns)]
    }
}

/// Where a range falls: its line and column, and the part of its line around it made printable. Only a
/// few hundred bytes around the range are decoded, so a 10 MB line renders as fast as a short one.
private struct Place {
    /// 0-based line within the source.
    var line: Int
    /// 1-based column in Characters, from the start of the line.
    var column: Int
    /// The shown part of the line, printable.
    var lineText: String
    /// 0-based Character offset of the range within `lineText`.
    var caretColumn: Int
    var caretCount: Int
    /// Whether `lineText` starts or ends inside the line.
    var cutBefore: Bool
    var cutAfter: Bool

    /// How many bytes either side of the range are decoded; generous enough for any window a terminal shows.
    static let margin = 2048

    init(_ range: SourceRange, in source: Source) {
        let bytes = source.bytes
        let clamped = source.clamp(range)
        let newline = UInt8(ascii: "\n")
        var lineStart = clamped.start
        while lineStart > 0 && bytes[lineStart - 1] != newline { lineStart -= 1 }
        var lineEnd = clamped.start
        while lineEnd < bytes.count && bytes[lineEnd] != newline { lineEnd += 1 }
        var shownEnd = lineEnd
        if shownEnd > lineStart && bytes[shownEnd - 1] == UInt8(ascii: "\r") { shownEnd -= 1 }
        let start = min(clamped.start, shownEnd)

        line = bytes[0..<lineStart].reduce(0) { $0 + ($1 == newline ? 1 : 0) }
        column = Place.characterCount(bytes[lineStart..<start]) + 1

        var low = max(lineStart, start - Place.margin)
        while low > lineStart && Place.isContinuation(bytes[low]) { low -= 1 }
        var high = min(shownEnd, max(start, min(clamped.end, shownEnd)) + Place.margin)
        while high < shownEnd && Place.isContinuation(bytes[high]) { high += 1 }

        lineText = Place.printable(String(decoding: bytes[low..<high], as: UTF8.self))
        caretColumn = Place.characterCount(bytes[low..<start])
        let caretEnd = min(max(clamped.end, start), high)
        caretCount = max(1, Place.characterCount(bytes[start..<caretEnd]))
        cutBefore = low > lineStart
        cutAfter = high < shownEnd
    }

    /// Characters in a run of UTF-8 bytes from one line; plain ASCII is counted without decoding.
    static func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.count }
        return String(decoding: bytes, as: UTF8.self).count
    }

    /// Whether a byte continues a UTF-8 sequence, so a cut there would split a character.
    static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    /// The line with each tab as one space and each control character as its visible symbol (NUL as ␀),
    /// so that one Character of source stays one column on screen.
    static func printable(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09:
                result.unicodeScalars.append(" ")
            case 0x00..<0x20:
                result.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
            case 0x7F:
                result.unicodeScalars.append("\u{2421}")
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
