/// The page and line numbers a court reporter prints in the margin (the Supreme Court's transcripts,
/// depositions, many hearings): `12              JUSTICE SMITH:  Counsel, may I ask`.
///
/// A document is line-numbered when most of its non-blank lines open with a number from 1 to 40 and the
/// numbers run in sequence. Then the number column is taken off each numbered line (what is left keeps its
/// indentation relative to the text column, so labels stay indented and wrapped lines do not), and every
/// line without a line number is page furniture, not speech: page numbers, running heads, the reporting
/// company's footer, and the word index after the argument. Furniture lines are kept as unplaced lines with
/// reason `page furniture`, and each numbered line's printed page and line are kept for citations.
struct PageLineColumns {
    /// The text with number columns removed and furniture lines emptied; as many lines as the original.
    var bytes: [UInt8]
    var furniture: [UnplacedLineText] = []
    /// The lines without a line number, furniture and blank lines alike (0-based): the printed text has
    /// none, so a paragraph runs on over them, as a witness's answer runs on over a page break.
    var unnumbered: Set<Int> = []
    /// File line to printed page (nil before the first page number) and printed line.
    var printed: [(line: Int, page: Int?, printedLine: Int)] = []

    struct UnplacedLineText {
        var line: Int
        var text: String
    }

    /// Reads the columns, or nil when the text is not line-numbered.
    static func read(_ bytes: [UInt8]) -> PageLineColumns? {
        guard mayBeNumbered(bytes) else { return nil }
        var lines: [ArraySlice<UInt8>] = []
        LineScan.forEachLine(in: bytes) { lines.append(bytes[$0]) }
        // Each line's number and where its text starts after the number column.
        var numbers: [Int?] = []
        var textColumns: [Int: Int] = [:]
        var gaps: [Int: Int] = [:]
        var nonBlank = 0
        var inSequence = 0
        var previous: Int?
        // Numbers set flush left (`9 Q Did you`, `10 A Yes.`, as pdftotext gives them) put the text one column
        // further on from line 10: there the gap after the number is what stays the same.
        var flushLeft = true
        for line in lines {
            let parsed = number(line)
            numbers.append(parsed?.number)
            if !isBlank(line) { nonBlank += 1 }
            if let parsed {
                if let previous, parsed.number == previous + 1 || parsed.number == 1 { inSequence += 1 }
                previous = parsed.number
                if let column = parsed.textColumn {
                    textColumns[column, default: 0] += 1
                    gaps[column - parsed.numberEnd, default: 0] += 1
                    if line.first == 0x20 { flushLeft = false }
                }
            }
        }
        let numbered = numbers.compactMap { $0 }.count
        guard numbered >= 20, numbered * 5 >= nonBlank * 3, inSequence * 5 >= numbered * 4,
              // The text column is the leftmost one in common use: labels and paragraph starts stand deeper.
              let column = (flushLeft ? gaps : textColumns).filter({ $0.value >= 3 }).keys.min() else { return nil }
        var result = PageLineColumns(bytes: [])
        result.bytes.reserveCapacity(bytes.count)
        var page: Int?
        for (index, line) in lines.enumerated() {
            if index > 0 { result.bytes.append(0x0A) }
            if let printedLine = numbers[index] {
                // Take off the number and the gap up to the text column; deeper indentation stays.
                var i = line.startIndex
                while i < line.endIndex, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
                while i < line.endIndex, (0x30...0x39).contains(line[i]) { i += 1 }
                let textStart = flushLeft ? i + column : line.startIndex + column
                while i < line.endIndex, i < textStart, line[i] == 0x20 { i += 1 }
                result.bytes += line[i...]
                result.printed.append((index + 1, page, printedLine))
            } else {
                result.unnumbered.insert(index)
                guard !isBlank(line) else { continue }
                let text = String(decoding: line, as: UTF8.self).trimmingSpaces
                if !text.isEmpty, text.allSatisfy(\.isNumber) { page = Int(text) }
                result.furniture.append(UnplacedLineText(line: index + 1, text: text))
            }
        }
        return result
    }

    /// numbered_line ::= SPACE? SPACE? SPACE? SPACE? DIGIT DIGIT? ( SPACE+ label_line )?
    ///
    /// `12   text` or `12` alone: a number from 1 to 40 at the start of the line after at most four spaces,
    /// followed by spaces and text or by the end; where the number ends, and the column where the text starts.
    private static func number(_ line: ArraySlice<UInt8>) -> (number: Int, numberEnd: Int, textColumn: Int?)? {
        var i = line.startIndex
        while i < line.endIndex, line[i] == 0x20, i - line.startIndex < 4 { i += 1 }
        let digitsStart = i
        while i < line.endIndex, (0x30...0x39).contains(line[i]), i - digitsStart < 2 { i += 1 }
        guard i > digitsStart, let value = Int(String(decoding: line[digitsStart..<i], as: UTF8.self)), (1...40).contains(value) else { return nil }
        if i == line.endIndex || line[i...].allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { return (value, i - line.startIndex, nil) }
        guard line[i] == 0x20 else { return nil }
        // A bare page number is far right: a line number stands in the first columns.
        var j = i
        while j < line.endIndex, line[j] == 0x20 { j += 1 }
        return (value, i - line.startIndex, j - line.startIndex)
    }

    /// False when too few lines could be numbered for `read` to take the text as line-numbered: lines that
    /// open with a digit after at most four spaces bound the numbered lines from above, and `read` asks
    /// for 20 of them at least and three fifths of the lines that are not blank. Most transcripts are
    /// told so in one pass over their bytes, without a slice made of each line.
    static func mayBeNumbered(_ bytes: [UInt8]) -> Bool {
        var digitFirst = 0
        var nonBlank = 0
        LineScan.forEachLine(in: bytes) { line in
            var i = line.lowerBound
            while i < line.upperBound, bytes[i] == 0x20, i - line.lowerBound < 4 { i += 1 }
            if i < line.upperBound, bytes[i] >= 0x30, bytes[i] <= 0x39 { digitFirst += 1 }
            while i < line.upperBound, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
            if i < line.upperBound { nonBlank += 1 }
        }
        return digitFirst >= 20 && digitFirst * 5 >= nonBlank * 3
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
