import Foundation
import TranscriptModel

/// A speaker label found by its shape at the start of a line: optional honorifics or titles, a name of a
/// few capitalised or upper-case words, an optional addressee, and a colon (`Cde. Beria:`,
/// `PRIME MINISTER SUGA:`, `Dr. Kissinger (to General Haig):`, `CDR:`), or the `Q` of a press transcript.
///
/// Labels are recognised by shape, never from a list of names; only honorifics and titles are listed.
struct SpeakerLabel: Equatable {
    /// The label as written, without its colon: `Cde. Beria`.
    var written: String {
        get { fields.written }
        set { if set(\.written, newValue) { fields.capitals = nil } }
    }
    /// Honorifics and titles before the name, as written: `Cde.`, `PRIME MINISTER`.
    var titles: String? {
        get { fields.titles }
        set { if set(\.titles, newValue) { fields.capitals = nil } }
    }
    /// The canonical name: `Beria`; upper-case names in title case (`LIMAN` is `Liman`).
    var name: String {
        get { fields.name }
        set { set(\.name, newValue) }
    }
    var addressee: String? {
        get { fields.addressee }
        set { set(\.addressee, newValue) }
    }
    /// What the label says besides the name, kept on the turn and never part of the name: role,
    /// constituency, party (`Witney`, `Con`), `through interpreter`, or the call sign or office the
    /// person speaks as (`Base 2`, `The Acting Speaker`).
    var qualifiers: [String] {
        get { fields.qualifiers }
        _modify { yield &unique().qualifiers }
    }
    /// UTF-8 length of the label, its colon and the spaces after it: where the speech starts.
    var length: Int {
        get { fields.length }
        set { set(\.length, newValue) }
    }
    /// How the label ends: `Name:` (or `Name :`), or the GPO's period form `Mr. SMITH.`.
    var separator: Separator {
        get { fields.separator }
        set { set(\.separator, newValue) }
    }
    /// Whether Markdown emphasis wrapped the label (`**Name:**`, `**Name**:`, `__Name:__`).
    var emphasised: Bool {
        get { fields.emphasised }
        set { set(\.emphasised, newValue) }
    }
    /// Whether square brackets held the name before the colon (`[SPEAKER_00]:`, `[Tom Reed]:`).
    var bracketed: Bool {
        get { fields.bracketed }
        set { set(\.bracketed, newValue) }
    }
    /// Whether nothing follows the label on its line: the speech is below it.
    var alone: Bool {
        get { fields.alone }
        set { set(\.alone, newValue) }
    }
    /// When the turn starts, in seconds, where that time stands before the label (`[00:00:05] Tom Reed:`).
    var timeBefore: Double? {
        get { fields.timeBefore }
        set { set(\.timeBefore, newValue) }
    }
    var timeFirst: Bool { timeBefore != nil }

    /// Whether the label names an examiner that its text does not (a deposition's `Q`).
    var examined: Bool {
        get { fields.examined }
        set { set(\.examined, newValue) }
    }

    /// A `Q` or an `A` with one space after it (`Q Did you go there?`): a label only beside others (`LineScan`).
    var singleSpace: Bool {
        get { fields.singleSpace }
        set { set(\.singleSpace, newValue) }
    }

    /// What decisions made once per label as written go by: the label as written, and whom it names when
    /// that is not the written label's own (a deposition's `Q`, the question of whichever examiner).
    var decisionKey: String { examined ? written + "\u{1F}" + (titles ?? "") + "\u{1F}" + key : written }

    /// `time`: a name, two spaces or more and the time the turn starts, alone on its line (`Jane Smith  0:05`).
    enum Separator: String, CaseIterable { case colon, period, dash, question, time }

    /// The key under which two labels name the same speaker: the name folded for case and diacritics.
    var key: String {
        get { fields.key }
        set { set(\.key, newValue) }
    }

    init(written: String, titles: String?, name: String, addressee: String?, length: Int) {
        fields = Fields(written: written, titles: titles, name: name, addressee: addressee, length: length, key: Folding.key(name))
    }

    /// The label's fields, shared by its copies until one of them is changed. The reader hands a label on
    /// many times a line (found, decided, grouped, built into a turn), and a copy of a dozen strings and
    /// flags made each hand-over a dozen reference counts; a copy is now one.
    private final class Fields: @unchecked Sendable {
        var written: String
        var titles: String?
        var name: String
        var addressee: String?
        var qualifiers: [String] = []
        var length: Int
        var separator: Separator = .colon
        var emphasised: Bool = false
        var bracketed: Bool = false
        var alone: Bool = false
        var timeBefore: Double?
        var examined: Bool = false
        var singleSpace: Bool = false
        var key: String
        var isTitlesOnly: Bool = false
        var holdsOffice: Bool = false
        /// Whether the name is written in capitals, when known (see `writtenInCapitals`).
        var capitals: Bool?

        init(written: String, titles: String?, name: String, addressee: String?, length: Int, key: String) {
            self.written = written
            self.titles = titles
            self.name = name
            self.addressee = addressee
            self.length = length
            self.key = key
        }

        func copy() -> Fields {
            let copy = Fields(written: written, titles: titles, name: name, addressee: addressee, length: length, key: key)
            copy.qualifiers = qualifiers
            copy.separator = separator
            copy.emphasised = emphasised
            copy.bracketed = bracketed
            copy.alone = alone
            copy.timeBefore = timeBefore
            copy.examined = examined
            copy.singleSpace = singleSpace
            copy.isTitlesOnly = isTitlesOnly
            copy.holdsOffice = holdsOffice
            copy.capitals = capitals
            return copy
        }
    }

    private var fields: Fields

    /// The fields, copied first when another label shares them (only a label's owner changes it, so a
    /// label shared between threads is never changed in place).
    private mutating func unique() -> Fields {
        if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
        return fields
    }

    /// Sets a field to `value` unless it holds it already, and says whether it changed: a label from a
    /// document's cache shares its fields, and setting what is there (its length on a line placed as the
    /// line before) does not copy them.
    @discardableResult @inline(__always)
    private mutating func set<Value: Equatable>(_ field: ReferenceWritableKeyPath<Fields, Value>, _ value: Value) -> Bool {
        guard fields[keyPath: field] != value else { return false }
        unique()[keyPath: field] = value
        return true
    }

    static func == (a: SpeakerLabel, b: SpeakerLabel) -> Bool {
        if a.fields === b.fields { return true }
        return a.written == b.written && a.titles == b.titles && a.name == b.name && a.addressee == b.addressee
            && a.qualifiers == b.qualifiers && a.length == b.length && a.separator == b.separator
            && a.emphasised == b.emphasised && a.bracketed == b.bracketed && a.alone == b.alone
            && a.timeBefore == b.timeBefore && a.examined == b.examined && a.singleSpace == b.singleSpace
            && a.key == b.key && a.isTitlesOnly == b.isTitlesOnly && a.holdsOffice == b.holdsOffice
    }

    /// Whether the whole label is titles (`PRESIDENT`, `VICE PRESIDENT`, `Mr. Deputy Speaker`): an office,
    /// no person's name, so no surname either.
    var isTitlesOnly: Bool {
        get { fields.isTitlesOnly }
        set { set(\.isTitlesOnly, newValue) }
    }

    /// Whether an office named with an article stands before the person (`The Prime Minister (Boris
    /// Johnson)`): the office says as much as a title does.
    var holdsOffice: Bool {
        get { fields.holdsOffice }
        set { set(\.holdsOffice, newValue) }
    }

    /// A label with a title, or an office before the person, is sure by its shape; one without is accepted
    /// only when confirmed.
    var isStrong: Bool { titles != nil || holdsOffice }

    /// Whether the name is written in a script without case (`王丽`): its shape cannot tell it from words
    /// of prose before a colon (`他说：`).
    var isCaseless: Bool {
        !name.unicodeScalars.contains { $0.properties.isUppercase || $0.properties.isLowercase }
    }

    /// The label's shape (Grammar/Labels.md) as a number, one for each: case of the name (1: capitals),
    /// title or none (2: titled), emphasis or brackets or neither (4, 8), whether it stands alone on its
    /// line (16), a time before it (32), and its separator (by 64). Indentation (`SpeakerLabel.indented`)
    /// is added by the reader, which knows the line. A number, not words, so that the reader compares and
    /// counts the shapes of a document's labels without hashing a string a line.
    var shape: Int {
        (writtenInCapitals ? 1 : 0) | (titles == nil ? 0 : 2) | (emphasised ? 4 : bracketed ? 8 : 0) | (alone ? 16 : 0)
            | (Separator.allCases.firstIndex(of: separator) ?? 0) << 6 | (timeFirst ? 32 : 0)
    }

    /// The bit of `shape` a reader adds for a label on an indented line.
    static let indented = 1 << 9

    /// Whether the name is written in capitals (`JERROD`, `Mr. SMITH`, `THE CHAIRMAN`): the name as written,
    /// after its titles and before its qualifiers, not the canonical name, which is in title case. Worked
    /// out when a label text is analysed, and kept with it (`LabelCache.analyses`).
    var writtenInCapitals: Bool {
        fields.capitals ?? LabelCache.capitals.value(LabelCache.WrittenWithTitles(written: written, titles: titles)) { key in
            Self.isInCapitals(key.written, titles: key.titles)
        }
    }

    /// The same label with `writtenInCapitals` worked out and kept.
    func withCapitalsKnown() -> SpeakerLabel {
        var label = self
        label.unique().capitals = writtenInCapitals
        return label
    }

    private static func isInCapitals(_ written: String, titles: String?) -> Bool {
        var head = Substring(written.prefix { $0 != "(" && $0 != "," }.trimmingSpaces)
        if let titles, head.hasPrefix(titles), head.count > titles.count { head = head.dropFirst(titles.count) }
        guard head.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return false }
        return head.split(separator: " ").allSatisfy { word in
            let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
            if letters.allSatisfy({ $0.properties.isUppercase }) { return true }
            // `McDONALD`, `MacLEOD`: a capital, then capitals after the first three letters.
            return letters.count >= 5 && letters.first?.properties.isUppercase == true
                && letters.dropFirst(3).allSatisfy { $0.properties.isUppercase }
        }
    }

    /// Reads a label at the start of `line` (a line's UTF-8 bytes, leading spaces included). A document
    /// repeats few labels many times, so `cache` keeps each analysed label text.
    /// label_line ::= INDENT? ( emphasised_label | bracketed_label | question_label | colon_label | period_label | dash_label | timed_label ) SPACE* speech?
    /// colon_label ::= label_text SPACE* ( ":" ( SPACE | EOL ) | "：" )
    /// speech ::= [^#xA]*
    static func parse(_ line: ArraySlice<UInt8>, cache: LabelCache? = nil) -> SpeakerLabel? {
        var start = line.startIndex
        while start < line.endIndex, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        guard start < line.endIndex else { return nil }
        if let emphasis = emphasisMarker(line[start...]) {
            return parseEmphasised(line, from: start, marker: emphasis, cache: cache)
        }
        if line[start] == 0x5B { return parseBracketed(line, from: start, cache: cache) }
        if var q = questionLabel(line[start...]) {
            // Its length runs from the line's start, indentation included, as every label's does.
            q.length += start - line.startIndex
            return q
        }
        // A label is short: its colon comes within the first 80 bytes (160 with qualifiers in parentheses),
        // followed by a space or the end.
        var limit = min(line.endIndex, start + 80)
        var colon: Int?
        var i = start
        var depth = 0
        while i < limit {
            let b = line[i]
            if b == 0x3A && depth == 0 {
                let next = i + 1
                if next == line.endIndex || line[next] == 0x20 || line[next] == 0x09 || line[next] == 0x0D || isNBSP(line, next) { colon = i }
                break
            }
            // The full-width colon of Chinese and Japanese (`王丽：`), which no space follows; one that opens
            // a quotation (`他说：“我们走吧。”`) is prose.
            if b == 0xEF && depth == 0, i + 2 < line.endIndex, line[i + 1] == 0xBC, line[i + 2] == 0x9A {
                let quotes: [[UInt8]] = [Array("“".utf8), Array("「".utf8), Array("『".utf8), [0x22]]
                guard i > start, !quotes.contains(where: { line[(i + 3)...].starts(with: $0) }) else { return nil }
                return label(line, from: start, textEnd: i, speechFrom: i + 3, cache: cache)
            }
            if b == 0x28 || b == 0x22 || b == 0x5B { if i == start { return nil } }
            if b == 0x28 {
                depth += 1
                limit = min(line.endIndex, start + 160)
            } else if b == 0x29 {
                depth -= 1
            }
            i += 1
        }
        guard let colon, colon > start else { return nil }
        return label(line, from: start, textEnd: colon, speechFrom: colon + 1, cache: cache)
    }

    /// The label whose text runs from `start` to `textEnd`, its speech from `speechFrom` on (after spaces).
    private static func label(_ line: ArraySlice<UInt8>, from start: Int, textEnd: Int, speechFrom: Int,
                              cache: LabelCache?) -> SpeakerLabel? {
        let bytes = line[start..<textEnd]
        if let known = cache?.known(bytes) { return known.map { placed($0, line, speechFrom: speechFrom) } }
        // Trimmed on the line's bytes, one string made, where the bytes can tell (see `Text.trimmingSpaces`).
        let written = (bytes.withContiguousStorageIfAvailable(Text.trimmingSpaces) ?? nil)
            ?? String(decoding: bytes, as: UTF8.self).trimmingSpaces
        let found = written.isEmpty ? nil : analysis(written, cache: cache).map { placed($0, line, speechFrom: speechFrom) }
        // Kept placed: the label's next line most often places it the same, and then shares its fields.
        cache?.remember(bytes, found)
        return found
    }

    /// The label written as `written` (analysed once per document through `cache`), with where its speech
    /// starts on the line after any spaces, and whether it stands alone on its line.
    private static func analysed(_ written: String, _ line: ArraySlice<UInt8>, speechFrom: Int, cache: LabelCache?) -> SpeakerLabel? {
        analysis(written, cache: cache).map { placed($0, line, speechFrom: speechFrom) }
    }

    /// What `written` is as a label, before it is placed on a line: analysed once per document through
    /// `cache`, and once per process (`LabelCache.analyses`).
    private static func analysis(_ written: String, cache: LabelCache?) -> SpeakerLabel? {
        if let cache, let known = cache.labels[written] { return known }
        let analysed = LabelCache.analyses.value(written) { SpeakerLabel.analyse($0)?.withCapitalsKnown() }
        cache?.labels[written] = .some(analysed)
        return analysed
    }

    /// `label` with where its speech starts on `line` after any spaces, and whether it stands alone there.
    private static func placed(_ label: SpeakerLabel, _ line: ArraySlice<UInt8>, speechFrom: Int) -> SpeakerLabel {
        var label = label
        var end = speechFrom
        while end < line.endIndex {
            if line[end] == 0x20 || line[end] == 0x09 || line[end] == 0x0D { end += 1 } else if isNBSP(line, end) { end += 2 } else { break }
        }
        label.length = end - line.startIndex
        label.alone = end == line.endIndex
        return label
    }

    /// `[SPEAKER_00]: text`, `[Tom Reed]: text`: a name in square brackets before a colon, as WhisperX's
    /// text output writes each segment's voice. A sound or a note the editor bracketed (`[Laughter]:`,
    /// `[inaudible]:`) names no one.
    /// bracketed_label ::= "[" label_text "]" ":" ( SPACE | EOL )
    private static func parseBracketed(_ line: ArraySlice<UInt8>, from start: Int, cache: LabelCache?) -> SpeakerLabel? {
        let inner = start + 1
        guard let close = line[inner..<min(line.endIndex, inner + 80)].firstIndex(of: 0x5D), close > inner,
              close + 1 < line.endIndex, line[close + 1] == 0x3A,
              close + 2 == line.endIndex || line[close + 2] == 0x20 || line[close + 2] == 0x09 || line[close + 2] == 0x0D,
              !line[inner..<close].contains(0x5B) else { return nil }
        let written = String(decoding: line[inner..<close], as: UTF8.self).trimmingSpaces
        guard !written.isEmpty, !CaptionText.isNonSpeech(written),
              var label = analysed(written, line, speechFrom: close + 2, cache: cache) else { return nil }
        label.bracketed = true
        return label
    }

    /// `**` or `__` opening a line.
    private static func emphasisMarker(_ line: ArraySlice<UInt8>) -> UInt8? {
        guard line.count > 4, let first = line.first, first == 0x2A || first == 0x5F,
              line[line.startIndex + 1] == first else { return nil }
        return first
    }

    /// `**Name:** text` or `**Name**: text` (or with `__`): the label inside the emphasis (a Markdown file's
    /// character references are decoded before, with the rest of its text).
    /// emphasised_label ::= ( "**" label_text ":" "**" | "**" label_text "**" ":" | "__" label_text ":" "__" | "__" label_text "__" ":" ) ( SPACE | EOL )
    private static func parseEmphasised(_ line: ArraySlice<UInt8>, from start: Int, marker: UInt8,
                                        cache: LabelCache?) -> SpeakerLabel? {
        let inner = start + 2
        var close: Int?
        var i = inner
        while i + 1 < min(line.endIndex, inner + 160) {
            if line[i] == marker && line[i + 1] == marker { close = i; break }
            i += 1
        }
        guard let close, close > inner else { return nil }
        let textEnd: Int
        let speechFrom: Int
        if line[close - 1] == 0x3A {
            // `**Name:**`
            textEnd = close - 1
            speechFrom = close + 2
        } else if close + 2 < line.endIndex, line[close + 2] == 0x3A {
            // `**Name**:`
            textEnd = close
            speechFrom = close + 3
        } else {
            return nil
        }
        guard speechFrom == line.endIndex || [0x20, 0x09, 0x0D, 0xC2].contains(line[speechFrom]) else { return nil }
        let raw = String(decoding: line[inner..<textEnd], as: UTF8.self)
        let written = raw.trimmingSpaces
        guard !written.isEmpty, written.first != "(", written.first != "[" else { return nil }
        guard var label = analysed(written, line, speechFrom: speechFrom, cache: cache) else { return nil }
        label.emphasised = true
        return label
    }

    /// dash_label ::= label_text ( SPACE "-" | ".-" ) ( SPACE | EOL )
    ///
    /// `El señor ORTIZ.- Gracias.` or `SMITH - Thank you.`: a label ending in ` -` or `.-`. Taken only where the
    /// reader finds it is the document's most common label shape, as the period form is.
    static func parseDashForm(_ line: ArraySlice<UInt8>) -> SpeakerLabel? {
        var start = line.startIndex
        while start < line.endIndex, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        guard start < line.endIndex, (0x41...0x5A).contains(line[start]) || line[start] >= 0xC0 else { return nil }
        guard let i = dashAfterName(line[start..<min(line.endIndex, start + 80)]) else { return nil }
        let after = i + 2
        guard after == line.endIndex || line[after] == 0x20 || line[after] == 0x0D, i > start else { return nil }
        let written = String(decoding: line[start..<i], as: UTF8.self).trimmingSpaces
        // A word ending a sentence before the dash (`Mr. Graves. Yes - we`) is no label's name.
        let words = written.split(separator: " ")
        let named = words.dropFirst(Titles.prefixLength(words))
        guard !named.contains(where: { $0.hasSuffix(".") && $0.count > 2 }), var label = analyse(written) else { return nil }
        var end = after
        while end < line.endIndex, line[end] == 0x20 || line[end] == 0x09 || line[end] == 0x0D { end += 1 }
        label.separator = .dash
        label.length = end - line.startIndex
        label.alone = end == line.endIndex
        return label
    }

    /// Where in `head` the dash form's label may end: the index of the full stop or space before its
    /// first dash that has one, unless a colon comes first (`Note: see - below`); nil when there is none.
    /// Dashes and colons are found eight bytes at a time, the byte before a dash looked at alone.
    static func dashAfterName(_ head: ArraySlice<UInt8>) -> Int? {
        head.withUnsafeBufferPointer { bytes in
            var from = 0
            while let at = ByteSearch.first(in: bytes, from: from, { ByteSearch.equal($0, 0x2D) | ByteSearch.equal($0, 0x3A) }) {
                if bytes[at] == 0x3A { return nil }
                if at > 0, bytes[at - 1] == 0x2E || bytes[at - 1] == 0x20 { return head.startIndex + at - 1 }
                from = at + 1
            }
            return nil
        }
    }

    /// The GPO's period form, `Mr. SMITH. Thank you.` or `Chairwoman Velazquez.` alone: titles, a name of one
    /// to three words, a full stop, then a space or the end of the line. Taken only where the reader finds
    /// it is the document's most common label shape.
    /// The Congressional Record tells members of one surname apart by their state: `Mr. GRAVES of
    /// Louisiana.` is the speaker `Graves of Louisiana`.
    /// period_label ::= TITLE+ NAME_WORD ( SPACE NAME_WORD )? ( SPACE NAME_WORD )? ( SPACE "of" SPACE NAME_WORD ( SPACE NAME_WORD )? )? "." ( SPACE | EOL )
    static func parsePeriodForm(_ line: ArraySlice<UInt8>) -> SpeakerLabel? {
        var start = line.startIndex
        while start < line.endIndex, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        // Most lines cannot be one: no capital first, no title first, or no full stop followed by a space or the end.
        guard start < line.endIndex, (0x41...0x5A).contains(line[start]) || line[start] >= 0xC0 else { return nil }
        let window = line[start..<min(line.endIndex, start + 80)]
        // Nor can a line whose first word opens no title: most prose lines are passed over here, before
        // their first bytes are searched for a full stop.
        guard Titles.firstWordOpensTitle(window),
              window.indices.contains(where: { Self.endsCapitalisedWord(window, at: $0, in: line) })
        else { return nil }
        let head = String(decoding: window, as: UTF8.self)
        let words = head.splitAtSpaces(maxSplits: 9, omittingEmptySubsequences: false)
        let titleCount = Titles.prefixLength(Array(words.prefix(5)))
        guard titleCount > 0 else { return nil }
        for count in 1...6 where titleCount + count <= words.count {
            let last = words[titleCount + count - 1]
            guard last.hasSuffix("."), last.count > 2 else { continue }
            let all = Array(words[titleCount..<(titleCount + count - 1)] + [last.dropLast()])
            // `GRAVES of Louisiana`: the name, then its state.
            let of = all.firstIndex(of: "of")
            let nameWords = of.map { Array(all[..<$0]) } ?? all
            let state = of.map { Array(all[($0 + 1)...]) } ?? []
            guard (1...3).contains(nameWords.count), of == nil || (1...2).contains(state.count) && Names.isName(state) else {
                if count > 3, of == nil { return nil }
                continue
            }
            guard Names.isName(nameWords), !all.contains(where: { $0.isEmpty }) else { return nil }
            // A title abbreviation (`Mr.`) or a single initial is not the end of a name.
            guard Titles.prefixLength([last]) == 0, all.last.map({ $0.count > 1 }) == true else { continue }
            let written = words[..<(titleCount + count)].joined(separator: " ")
            let name = Names.canonical(nameWords) + (state.isEmpty ? "" : " of " + state.joined(separator: " "))
            var label = SpeakerLabel(written: String(written.dropLast()), titles: words[..<titleCount].joined(separator: " "),
                                     name: name, addressee: nil, length: 0)
            label.separator = .period
            var end = start + written.utf8.count
            while end < line.endIndex, line[end] == 0x20 || line[end] == 0x09 || line[end] == 0x0D { end += 1 }
            label.length = end - line.startIndex
            label.alone = end == line.endIndex
            return label
        }
        return nil
    }

    /// Whether `window[i]` is a full stop that can end the period form's label: at the end of the window,
    /// or before a space or the line's end, after a word that starts with a capital or a letter outside ASCII,
    /// as a name's word does (`Names.isName`). A line of prose whose sentences end in lower-case words (`The
    /// party newspaper reported this.`) is passed over before it is made a string and split.
    private static func endsCapitalisedWord(_ window: ArraySlice<UInt8>, at i: Int, in line: ArraySlice<UInt8>) -> Bool {
        guard window[i] == 0x2E,
              i + 1 == window.endIndex || i + 1 == line.endIndex || line[i + 1] == 0x20 || line[i + 1] == 0x0D else { return false }
        var wordStart = i
        while wordStart > window.startIndex, window[wordStart - 1] != 0x20, window[wordStart - 1] != 0x09 { wordStart -= 1 }
        let first = window[wordStart]
        return (0x41...0x5A).contains(first) || first >= 0xC0
    }

    /// `BY MR. SMITH`, `By Ms. Brown:`, `BY THE COURT:`: in a deposition, who examines next; a heading,
    /// never a speaker.
    static func isExaminer(_ text: some StringProtocol) -> Bool {
        (text.hasPrefix("BY ") || text.hasPrefix("By "))
            && Titles.prefixLength(Substring(text).dropFirst(3).split(whereSeparator: { $0 == " " || $0 == ":" })) > 0
    }

    /// Otter's form: a name, two spaces or more, then the time the turn starts and nothing else, the speech
    /// on the lines below (`Jane Smith  0:05`). The label ends before the time, which the reader takes as the
    /// turn's start.
    /// Copied from Otter's screen, the speech follows on the same line after one space (`Tom Reed 0:09 Hi
    /// Jane.`): the label ends before the time, which opens the speech.
    /// Zoom's saved captions put the name in brackets, one space and the time of day alone on the line, the
    /// speech below (`[Tom Reed] 10:02:33`).
    /// timed_label ::= personal_name ( SPACE SPACE+ TIME EOL | SPACE TIME SPACE speech ) | "[" personal_name "]" SPACE+ TIME EOL
    static func parseTimedForm(_ line: ArraySlice<UInt8>) -> SpeakerLabel? {
        guard let last = line.last else { return nil }
        // Most lines end in a letter or a full stop, not a digit.
        if last >= 0x30 && last <= 0x39, line.count <= 80, let alone = parseBracketedName(line) ?? parseTimeAlone(line) { return alone }
        return parseTimeInline(line)
    }

    /// `[Tom Reed] 10:02:33`, the speech below.
    private static func parseBracketedName(_ line: ArraySlice<UInt8>) -> SpeakerLabel? {
        var start = line.startIndex
        while start < line.endIndex, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        guard start < line.endIndex, line[start] == 0x5B, let close = line[start...].firstIndex(of: 0x5D),
              close + 1 < line.endIndex, line[close + 1] == 0x20 else { return nil }
        var timeStart = close + 1
        while timeStart < line.endIndex, line[timeStart] == 0x20 { timeStart += 1 }
        guard timeStart < line.endIndex, !line[timeStart...].contains(0x20), LineScan.timeAlone(line[timeStart...]) != nil,
              case let name = String(decoding: line[(start + 1)..<close], as: UTF8.self),
              // `[Laughter] 00:12:30`, `[Music playing] 00:00:05`: a sound the editor noted, at a time.
              !name.lowercased().split(separator: " ").contains(where: { CaptionText.soundWords.contains(String($0)) }),
              var label = personalName(name) else { return nil }
        label.separator = .time
        label.length = timeStart - line.startIndex
        return label
    }

    /// `Jane Smith  0:05`, the speech below.
    private static func parseTimeAlone(_ line: ArraySlice<UInt8>) -> SpeakerLabel? {
        var timeStart = line.endIndex
        while timeStart > line.startIndex, line[timeStart - 1] != 0x20 { timeStart -= 1 }
        var nameEnd = timeStart
        while nameEnd > line.startIndex, line[nameEnd - 1] == 0x20 { nameEnd -= 1 }
        var start = line.startIndex
        while start < nameEnd, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        guard timeStart - nameEnd >= 2, nameEnd > start, LineScan.timeAlone(line[timeStart...]) != nil,
              var label = personalName(String(decoding: line[start..<nameEnd], as: UTF8.self)) else { return nil }
        label.separator = .time
        label.length = timeStart - line.startIndex
        return label
    }

    /// `Tom Reed 0:09 Hi Jane.`: a name, one space, minutes and seconds (or hours too), a space and speech.
    private static func parseTimeInline(_ line: ArraySlice<UInt8>) -> SpeakerLabel? {
        // A name opens with a capital or a letter beyond ASCII; its time stands within the first 64 bytes.
        guard let first = line.first, (0x41...0x5A).contains(first) || first >= 0xC3,
              let colon = line.prefix(64).firstIndex(of: 0x3A) else { return nil }
        var timeStart = colon
        while timeStart > line.startIndex, (0x30...0x39).contains(line[timeStart - 1]) { timeStart -= 1 }
        var timeEnd = colon + 1
        while timeEnd < line.endIndex, (0x30...0x39).contains(line[timeEnd]) || line[timeEnd] == 0x3A { timeEnd += 1 }
        guard (1...2).contains(colon - timeStart), timeStart - 1 > line.startIndex, line[timeStart - 1] == 0x20, line[timeStart - 2] != 0x20,
              timeEnd + 1 < line.endIndex, line[timeEnd] == 0x20, line[timeEnd + 1] != 0x20,
              LineScan.timeAlone(line[timeStart..<timeEnd]) != nil,
              var label = personalName(String(decoding: line[line.startIndex..<(timeStart - 1)], as: UTF8.self)) else { return nil }
        label.separator = .time
        label.length = timeStart - line.startIndex
        return label
    }

    /// `Q` or `A` followed by two or more spaces (non-breaking ones included), a colon or a full stop.
    /// question_label ::= ( "Q" | "A" ) ( ":" | "." | ( SPACE SPACE+ | SPACE* TAB ) ( SPACE | TAB )* | SPACE [A-Z0-9] )
    private static func questionLabel(_ line: ArraySlice<UInt8>) -> SpeakerLabel? {
        guard let first = line.first, first == 0x51 || first == 0x41 else { return nil }
        var i = line.startIndex + 1
        guard i < line.endIndex else { return nil }
        var singleSpace = false
        if line[i] == 0x3A || line[i] == 0x2E {
            i += 1
        } else {
            // Two spaces or more, or a tab (`Q<TAB>Did you see him?`, as court reporters set it): a gap
            // between columns, where one space would be a sentence (`A man came in.`).
            var spaces = 0
            while i < line.endIndex {
                if line[i] == 0x09 { i += 1; spaces += 2 } else if line[i] == 0x20 { i += 1; spaces += 1 } else if isNBSP(line, i) { i += 2; spaces += 1 } else { break }
            }
            // One space and a capital or a digit (`Q Did you go there?`, `A 2010.`, as pdftotext and web pages
            // give it) is decided by the reader: `A Yes.` may be an answer, `A Lincoln` never.
            singleSpace = spaces == 1 && i < line.endIndex && ((0x41...0x5A).contains(line[i]) || (0x30...0x39).contains(line[i]))
            guard spaces >= 2 || singleSpace else { return nil }
        }
        while i < line.endIndex {
            if line[i] == 0x20 || line[i] == 0x09 { i += 1 } else if isNBSP(line, i) { i += 2 } else { break }
        }
        let letter = first == 0x51 ? "Q" : "A"
        var label = SpeakerLabel(written: letter, titles: nil, name: letter, addressee: nil, length: i - line.startIndex)
        label.separator = .question
        label.alone = i == line.endIndex
        label.singleSpace = singleSpace
        return label
    }

    private static func isNBSP(_ line: ArraySlice<UInt8>, _ i: Int) -> Bool {
        i + 1 < line.endIndex && line[i] == 0xC2 && line[i + 1] == 0xA0
    }

    /// `SPEAKER_00`, `SPEAKER_01`: a voice a diarizer tells apart and numbers (pyannote's names, which
    /// WhisperX writes at the start of each cue, `[SPEAKER_00]: ...`): letters, an underscore and a number.
    static func isDiarizedVoice(_ text: String) -> Bool {
        guard let underscore = text.lastIndex(of: "_") else { return false }
        let word = text[..<underscore]
        let number = text[text.index(after: underscore)...]
        return !word.isEmpty && word.allSatisfy { $0.isASCII && $0.isLetter }
            && (1...3).contains(number.count) && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Splits the text before the colon into titles, name, addressee and qualifiers, or rejects it.
    ///
    /// Parenthesised parts at the end (nested ones too) and parts after a comma are qualifiers when the part
    /// before them is a personal name (`Mr. David Cameron (Witney) (Con)`); `(to X)` is the addressee. When
    /// the part before is a call sign (one word, with an optional number: `Base 2`) or an office
    /// (`The Acting Speaker`, `El conseller de Justícia`), the parenthesised person is the speaker and the
    /// call sign or office is kept as a qualifier.
    /// After the groups, Hansard's `moved` (`Hon. Paul Martin (Minister of Finance, Lib.) moved:`, then the
    /// motion and the mover's speech) is what the member does, not part of the name.
    /// label_text ::= head ( "," qualifier )* group* ( SPACE "moved" )?
    /// head ::= personal_name | call_sign | office | diarized_voice
    /// group ::= "(" ( ( "to" | "To" | "TO" ) SPACE addressee | qualifier ( "," qualifier )* ) ")"
    /// qualifier ::= ( [^(),] | "(" [^()]* ")" )+
    /// addressee ::= [^()]+
    ///
    /// A voice a diarizer numbers (`SPEAKER_00`, as pyannote names them and WhisperX writes them, in
    /// brackets or bare) is a name as it is written, in title case.
    /// diarized_voice ::= LETTER+ "_" DIGIT DIGIT? DIGIT?
    static func analyse(_ written: String) -> SpeakerLabel? {
        if isDiarizedVoice(written) {
            return SpeakerLabel(written: written, titles: nil, name: Names.canonical([Substring(written)]), addressee: nil, length: 0)
        }
        // `主持人（王丽）`: full-width parentheses are parentheses.
        let text = written.utf8.contains(0xEF) ? written.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")") : written
        var main = Substring(text.trimmingSpaces)
        // `BY MR. SMITH`, `CROSS-EXAMINATION BY MS. BROWN`: who examines next (`LineScan.examiner`).
        if isExaminer(main) || main.contains("EXAMINATION BY ") { return nil }
        if main.hasSuffix(") moved") { main = main.dropLast(" moved".count) }
        var groups: [String] = []
        while main.last == ")" {
            guard let open = matchingOpen(main) else { return nil }
            groups.insert(String(main[main.index(after: open)..<main.index(before: main.endIndex)]).trimmingSpaces, at: 0)
            main = main[..<open].trimmingSpaces[...]
        }
        // Bytes, not `contains("(")`, which Foundation answers by a search through NSString.
        guard !main.isEmpty, !main.utf8.contains(0x28), !main.utf8.contains(0x29) else { return nil }
        var addressee: String?
        var qualifiers: [String] = []
        for group in groups {
            if isAddressee(group) {
                addressee = String(group.dropFirst(3)).trimmingSpaces
            } else {
                guard !group.isEmpty else { return nil }
                qualifiers += topLevelParts(group)
            }
        }
        if let comma = main.firstIndex(of: ",") {
            let rest = main[main.index(after: comma)...].split(separator: ",").map { $0.trimmingSpaces }
            // `THE WITNESS, having been duly sworn, testified as follows:` swears a witness in.
            guard !rest.isEmpty, rest.allSatisfy({ !$0.isEmpty && $0.count <= 40 }),
                  !rest.contains(where: { $0.contains("sworn") || $0.contains("affirmed") }) else { return nil }
            qualifiers = rest + qualifiers
            main = main[..<comma]
        }
        // `The Acting Speaker (Ms. Thibeault)`: an office named with an article is no personal name.
        let office = main.split(separator: " ").first.map { articles.contains($0.lowercased()) } ?? false
        // The person in parentheses after an office or a call sign: titled, or of two words or more (`Ms.
        // Thibeault`, `Carles Mundó`); a word alone (`Petrov`) only where `alone` says so. What the speaker
        // does (`reading`, `Crying`, `Addressing the jury`) or a place (`Witney`) is no one.
        func holder(alone: Bool) -> SpeakerLabel? {
            // `(R-OH)`, `(D-CA)`: a party and a state; `(D)`, `(Lab)`, `(V.O.)`: a party or a screenplay's note.
            guard let group = groups.first(where: { !isAddressee($0) }), !isDirection(group), !(group.contains("-") && group.count <= 6),
                  group.filter(\.isLetter).count > 1, !notes.contains(group.lowercased()), let person = personalName(group) else { return nil }
            return person.titles != nil || group.split(separator: " ").count >= 2 || alone ? person : nil
        }
        let named = personalName(main)
        // `The Acting Speaker (Ms. Thibeault)`: an office, then the person who holds it; `Base 2 (Petrov)`: a
        // call sign that is no name, then the person.
        if office || named == nil, main.first?.isUppercase == true, main.split(separator: " ").count <= 6,
           let person = holder(alone: !office && main.contains(where: { $0.isLowercase || $0.isNumber })) {
            var label = person
            label.written = written.trimmingSpaces
            label.addressee = addressee
            label.qualifiers = [String(main)] + qualifiers.filter { $0 != groups.first(where: { !isAddressee($0) }) }
            // `The Prime Minister`, `La Presidenta`: an office in capitals; `The producer (Jane Miller)` is a credit.
            let small: Set<String> = ["of", "for", "and", "on", "the", "de", "del", "la", "el"]
            label.holdsOffice = office && main.split(separator: " ").dropFirst().allSatisfy { small.contains($0.lowercased()) || $0.first?.isUppercase == true }
            return label
        }
        // A name, or an office that names no one in its parentheses (`THE CLERK (reading)`, `THE WITNESS
        // (Crying)`): it speaks.
        guard var label = named else { return nil }
        label.written = written.trimmingSpaces
        label.addressee = addressee
        label.qualifiers = qualifiers
        // `Cedar (Petrov)`, `CANDIDATE (Brown)`: a call sign alone before a person in parentheses is the
        // person's call sign, so that `CANDIDATE (Green)` is someone else; `SMITH (Witney)` too is read so.
        // Only a person in parentheses: after a comma (`Smith, John`) the name goes on. Not in a script
        // without case: `王丽（主持人）` and `主持人（王丽）` look alike, so the name before the parentheses
        // speaks, as `Mr. Smith (Con)` does.
        if !office, label.titles == nil, !label.isCaseless, isCallSign(main), qualifiers.first == groups.first,
           let person = holder(alone: true) {
            label.name = person.name
            label.titles = person.titles
            label.key = person.key
            label.qualifiers = [String(main)] + qualifiers.dropFirst()
        }
        return label
    }

    /// Parties and a screenplay's notes in parentheses after a name (`SMITH (Lab)`, `EVANS (Lib Dem)`,
    /// `BROWN (V.O.)`): no person, whatever their case.
    static let notes: Set<String> = ["lab", "con", "ind", "dem", "rep", "lib", "lib dem", "ld", "snp", "dup", "sdlp", "sf", "pc",
                                     "grn", "ukip", "cpc", "ndp", "bq", "gop", "v.o.", "o.s.", "o.c.", "cont'd", "vo", "os"]

    /// `(to General Haig)`, `(TO THE JURY)`: whom the speaker addresses.
    static func isAddressee(_ group: String) -> Bool {
        group.count > 3 && ["to ", "To ", "TO "].contains(group.prefix(3))
    }

    /// What the speaker does, not who the speaker is: `(reading)`, `(continuing)`, `(Through Interpreter)`,
    /// `(In Spanish)`: a group in lower case, or one that opens with a word of such directions.
    static func isDirection(_ group: String) -> Bool {
        guard let first = group.first else { return false }
        if first.isLowercase { return true }
        let word = group.prefix { $0.isLetter }.lowercased()
        return directionWords.contains(word)
    }

    /// The first words of directions in a label's parentheses, in any case (`isDirection`).
    static let directionWords: Set<String> = ["through", "via", "in", "reading", "reads", "continuing", "continued", "resuming",
                                              "resumed", "interpreting", "interpreted", "translating", "translated",
                                              "presiding", "speaking", "off", "on", "aside", "interrupting", "indicating",
                                              "inaudible", "cont", "contd", "with", "by", "from", "over", "after",
                                              "crying", "laughing", "laughs", "sighing", "crosstalk", "indiscernible",
                                              "unintelligible", "sidebar", "remotely", "telephonically", "virtually",
                                              "voice", "voiceover", "addressing", "outside", "out", "at", "moderator",
                                              "sighs", "whispers", "whispering", "applause", "chuckles", "chuckling", "pause",
                                              "recorded", "live", "offstage", "smiling", "yelling", "shouting", "singing",
                                              "spanish", "french", "english", "russian", "chinese", "arabic", "german"]

    /// Titles and a name (`Mr. David Cameron`, `CDR`, `THE PRESIDENT`), or nil when the words are no name.
    /// personal_name ::= TITLE* NAME_WORD ( SPACE NAME_WORD )? ( SPACE NAME_WORD )? ( SPACE NAME_WORD )? | TITLE+ | QUANTIFIER SPACE TITLE+ NAME_WORD
    static func personalName(_ text: some StringProtocol) -> SpeakerLabel? {
        let words = Substring(text).split(whereSeparator: { $0 == " " || $0 == "\u{A0}" || $0 == "\t" })
        guard !words.isEmpty, words.count <= 6 else { return nil }
        // Hansard's `Some hon. Members`, `Several hon. Members`: part of a House speaking together, named as the
        // whole (`Hon. Members`) is.
        if words.count >= 3, Names.quantifiers.contains(words[0].lowercased()), Titles.prefixLength(Array(words.dropFirst())) > 0,
           var group = personalName(words.dropFirst().joined(separator: " ")), group.titles != nil {
            group.written = String(text).trimmingSpaces
            group.titles = words[0] + " " + (group.titles ?? "")
            return group
        }
        let titleCount = Titles.prefixLength(words)
        let nameWords = Array(words[titleCount...])
        let titles = titleCount > 0 ? words[..<titleCount].joined(separator: " ") : nil
        let written = String(text).trimmingSpaces
        // The whole label is a title: `THE PRESIDENT`, `The Chairman`; an office after titles is no name
        // (`Mr. Deputy Speaker`, `Deputy Clerk`), or it would be the `Speaker`'s or the `Clerk`'s.
        if nameWords.isEmpty {
            guard let titles else { return nil }
            var label = SpeakerLabel(written: written, titles: titles, name: Names.canonical(words), addressee: nil, length: 0)
            label.isTitlesOnly = true
            return label
        }
        if titleCount > 0, nameWords.count == 1, Titles.offices.contains(nameWords[0].lowercased()) {
            // Named without the honorific, as the Speaker is: `Mr. Deputy Speaker` is the `Deputy Speaker`.
            let office = words.drop { Titles.honorifics.contains(Folding.key($0.hasSuffix(".") ? $0.dropLast() : $0)) }
            let honorifics = words.prefix(words.count - office.count).joined(separator: " ")
            var label = SpeakerLabel(written: written, titles: honorifics.isEmpty ? titles : honorifics, name: Names.canonical(Array(office)),
                                     addressee: nil, length: 0)
            label.isTitlesOnly = true
            return label
        }
        // Up to four words of the name itself; particles (`José María de la Cruz`) come beside them.
        guard nameWords.filter({ !Names.particles.contains(String($0)) }).count <= 4,
              Names.isName(nameWords, afterTitles: titleCount > 0) else { return nil }
        return SpeakerLabel(written: written, titles: titles, name: Names.canonical(nameWords), addressee: nil, length: 0)
    }

    /// Why a line that is no label still looks like one: titles and a capitalised name, then a colon later
    /// on the line or a parenthesis left open. Nil when it does not look like a label.
    static func labelLike(_ line: ArraySlice<UInt8>) -> String? {
        let window = line.prefix(160)
        // Titles first, or no label: most lines are passed over on their first word's bytes. (One that opens
        // with a byte outside ASCII, a non-breaking space or a mark on a space, is left to its string.)
        let opening = window.droppingLeadingSpaces
        if let first = opening.first, first < 0x80, !Titles.firstWordOpensTitle(opening) { return nil }
        guard window.contains(0x28) || window.contains(0x3A) else { return nil }
        let text = String(decoding: line.prefix(160), as: UTF8.self).trimmingSpaces
        let words = text.splitAtSpaces(maxSplits: 5)
        let titleCount = Titles.prefixLength(Array(words.prefix(4)))
        guard titleCount > 0, titleCount < words.count,
              let first = words[titleCount].unicodeScalars.first, first.properties.isUppercase else { return nil }
        let opens = text.filter { $0 == "(" }.count
        if opens > text.filter({ $0 == ")" }).count, text.count <= 80 { return "a label cut off: its parenthesis is not closed" }
        if let colon = text.firstIndex(of: ":"), opens > 0, text[..<colon].utf8.contains(0x29) {
            return "titles, a name and qualifiers, but words between them and the colon"
        }
        return nil
    }

    /// Articles that open the name of an office (`The Acting Speaker`, `El conseller de Justícia`).
    /// office ::= ARTICLE ( SPACE WORD )+
    static let articles: Set<String> = ["the", "el", "la", "le", "les", "los", "las", "der", "die", "das", "il", "lo"]

    /// A call sign: one word, with an optional number after it (`Cedar`, `Base 2`, `CHASE1`).
    /// call_sign ::= WORD ( SPACE DIGIT+ )?
    static func isCallSign(_ text: some StringProtocol) -> Bool {
        let words = text.splitAtSpaces()
        return words.count == 1 || (words.count == 2 && words[1].allSatisfy(\.isNumber))
    }

    /// `Secretary of State (Latin America and Africa), Lib.` split at its commas outside parentheses.
    static func topLevelParts(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == ",", depth == 0 {
                parts.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current.trimmingSpaces)
        return parts.filter { !$0.isEmpty }
    }

    /// The `(` that the final `)` of `text` closes.
    private static func matchingOpen(_ text: Substring) -> Substring.Index? {
        var depth = 0
        var i = text.endIndex
        while i > text.startIndex {
            i = text.index(before: i)
            if text[i] == ")" { depth += 1 }
            if text[i] == "(" {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return nil
    }
}

/// Labels already analysed while reading one document, by their text.
final class LabelCache {
    var labels: [String: SpeakerLabel?] = [:]

    /// The colon labels met last, by their bytes as the line holds them, with what they were: a document's
    /// turns go back and forth between a few speakers, and a label found here is neither made a string nor
    /// hashed. (Bytes the same, texts the same: what `labels` gives for them does not change.)
    private var recent = RecentBytes<SpeakerLabel?>()

    /// What the label text of `bytes` was, if it is among the last met; `.some(nil)`: no label.
    func known(_ bytes: ArraySlice<UInt8>) -> SpeakerLabel?? {
        bytes.withUnsafeBufferPointer { recent.value(for: $0) }
    }

    /// Keeps what the label text of `bytes` was among the last met.
    func remember(_ bytes: ArraySlice<UInt8>, _ label: SpeakerLabel?) {
        bytes.withUnsafeBufferPointer { recent.keep($0, label) }
    }

    /// What `SpeakerLabel.analyse` made of each label text, for every document of the process: it depends
    /// on the text alone, and the documents of an archive share their speakers' labels, each of which
    /// took tens of thousands of instructions to analyse anew in every document.
    static let analyses = ProcessCache<String, SpeakerLabel?>()

    /// Whether a label's name as written is in capitals (`SpeakerLabel.writtenInCapitals`), by its text and
    /// titles: the Unicode properties of its letters were looked up anew for the labels of every document.
    static let capitals = ProcessCache<WrittenWithTitles, Bool>()

    struct WrittenWithTitles: Hashable {
        let written: String
        let titles: String?
    }
}

/// Answers that depend on their key alone, kept for every document of the process and shared by the
/// threads that read them.
final class ProcessCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [Key: Value] = [:]
    /// Past this many keys, new ones are answered and not kept: a file of a million lines each opening
    /// with a different `Word:` does not grow the process for good.
    static var capacity: Int { 50_000 }

    /// The answer for `key`, made by `make` the first time.
    func value(_ key: Key, _ make: (Key) -> Value) -> Value {
        if let found = lock.withLock({ known[key] }) { return found }
        let made = make(key)
        lock.withLock {
            if known.count < Self.capacity { known[key] = made }
        }
        return made
    }
}

/// Honorifics and titles that may stand before a name in a label; they are kept apart from the name.
enum Titles {
    /// Each title as lower-case words; longer titles are tried first.
    static let all: [[String]] = [
        "cde.", "comrade", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "dr.", "dr", "prof.", "professor",
        "sir", "dame", "lord", "lady", "hon.", "rev.", "senator", "sen.", "rep.", "representative",
        "congressman", "congresswoman", "chairman", "chairwoman", "chair", "ambassador", "general", "gen.",
        "colonel", "col.", "lt.", "lieutenant", "major", "maj.", "captain", "capt.", "admiral", "adm.",
        "marshal", "sergeant", "sgt.", "president", "vice president", "prime minister", "minister",
        "foreign minister", "secretary", "secretary of state", "deputy", "chancellor", "premier", "governor",
        "gov.", "mayor", "judge", "justice", "attorney", "commissioner", "councilmember", "council member", "councilor",
        "councillor", "director", "king", "queen", "prince", "princess", "madam", "madame", "monsieur", "herr",
        "frau", "señor", "sr.", "sra.", "chief", "the president", "the vice president", "the chairman",
        "the speaker", "the witness", "the court", "the clerk", "the secretary", "the interpreter", "mme.",
        "m.", "comrades", "right hon.", "right honourable", "honourable", "the hon.", "el president", "la presidenta", "el senyor", "la senyora", "el señor", "la señora", "el conseller", "la consellera",
    ].map { $0.split(separator: " ").map(String.init) }.sorted { $0.count > $1.count }

    /// Offices that are no title before a name, but may follow one: `Deputy Speaker`, `Mr. Speaker`.
    static let offices: Set<String> = ["speaker", "clerk", "sheriff", "registrar", "whip", "leader", "coroner"]
    /// Titles that say how to address a person, not what office they hold (a key, without its period).
    static let honorifics: Set<String> = ["mr", "mrs", "ms", "miss", "mister", "madam", "madame", "sir", "dame"]

    /// The titles by their first word, longer ones first.
    static let byFirstWord: [String: [[String]]] = Dictionary(grouping: all) { $0[0] }

    /// Whether a title starts with this word (any case), which every label with titles starts with. Asked
    /// of the first word of most lines of prose: a word of up to eight ASCII bytes is looked up as one
    /// number, its letters lowered, without a string made of it.
    static func opensTitle(_ word: ArraySlice<UInt8>) -> Bool {
        if let packed = Text.packedLowercase(word) { return shortFirstWords.contains(packed) }
        return byFirstWord[String(decoding: word, as: UTF8.self).lowercased()] != nil
    }

    /// Whether the first word of `text` (up to its first space) opens a title.
    static func firstWordOpensTitle(_ text: ArraySlice<UInt8>) -> Bool {
        opensTitle(text[..<(text.firstIndex(of: 0x20) ?? text.endIndex)])
    }

    /// The first words of titles of up to eight ASCII bytes, as `Text.packedLowercase` gives them.
    private static let shortFirstWords = Set(byFirstWord.keys.compactMap { Text.packedLowercase(ArraySlice($0.utf8)) })

    /// How many of `words` at the start form honorifics and titles (`Mr.`, `PRIME MINISTER`, `Dr. Prof.`).
    static func prefixLength(_ words: [Substring]) -> Int {
        let lower = words.map { $0.lowercased() }
        var n = 0
        outer: while n < words.count {
            for title in byFirstWord[lower[n]] ?? [] where n + title.count <= words.count {
                if title.elementsEqual(lower[n..<(n + title.count)]) {
                    n += title.count
                    continue outer
                }
            }
            break
        }
        return n
    }
}

/// The shape of a person's name, and its canonical spelling.
enum Names {
    /// Lower-case particles that may stand inside a name: `de Gaulle`, `van der Berg`.
    static let particles: Set<String> = ["de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "del",
                                         "bin", "ibn", "al", "y", "dos", "das", "ter", "zu"]

    /// Words of Chinese prose that a full-width colon follows (`首先：`, "first of all"), which no case tells
    /// from a name: points of a speech and notes.
    static let chineseMarkers: Set<String> = ["首先", "其次", "然后", "最后", "另外", "此外", "总之", "例如", "比如", "注", "注意", "备注", "其一", "其二", "图", "表"]

    /// Words of English prose that a colon follows as it follows a name (`First: build more houses.`,
    /// `Note: the tape ends here.`): the points of a speech and notes, never confirmed as a speaker however
    /// often or in whatever shape they come (a key, as `Folding.key` gives it).
    static let proseMarkers: Set<String> = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                                            "ninth", "tenth", "firstly", "secondly", "thirdly", "finally", "lastly",
                                            "next", "then", "also", "note", "nb", "n.b.", "ps", "p.s.", "important", "update", "edit",
                                            "warning", "caution", "reminder", "example", "tip", "last", "correction",
                                            "disclaimer", "summary", "spoiler", "recap", "conclusion", "music", "credits", "sound", "sfx",
                                            "editor's note", "editor’s note", "transcriber's note", "transcriber’s note",
                                            "translator's note", "translator’s note"]

    /// The `proseMarkers` that cue a sound, never anyone's words: their paragraph is narrative.
    static let cues: Set<String> = ["music", "sound", "sfx", "credits"]
    /// Words before titles that make a group of a House speak (`Some hon. Members`, `Several hon. Members`).
    static let quantifiers: Set<String> = ["some", "several", "many", "other", "all"]

    /// A Chinese ordinal (`第一`, `第2`) or marker, or a verb of saying after a pronoun or a name of two
    /// characters (`他说`, `她问`, `王丽说`): prose before a colon, never a speaker.
    static func isChineseProse(_ word: Substring) -> Bool {
        if chineseMarkers.contains(String(word)) { return true }
        if word.first == "第", word.count >= 2, word.dropFirst().allSatisfy({ "一二三四五六七八九十百两0123456789".contains($0) }) { return true }
        guard word.hasSuffix("说") || word.hasSuffix("问") else { return false }
        return word.count == 3 || (word.count == 2 && word.first.map { "他她我你它".contains($0) } == true)
    }

    /// Each word capitalised or upper case (role codes such as `S-1` included), particles allowed inside.
    /// NAME_WORD ::= PARTICLE | ( UPPER | CASELESS ) ( LETTER | DIGIT | "." | "'" | "’" | "-" )*
    /// A particle may open a name after titles (`Mr. de Gaulle`, `General van Buren`), never alone.
    static func isName(_ words: [Substring], afterTitles: Bool = false) -> Bool {
        if words.count == 1, let word = words.first, word.unicodeScalars.first?.properties.generalCategory == .otherLetter,
           isChineseProse(word) { return false }
        // `Speaker 1`, `Caller 12`, `Base 2`: a word and a number, the call sign of a voice the transcriber
        // numbers (call_sign ::= WORD ( SPACE DIGIT+ )?).
        if words.count == 2, words[1].count <= 3, words[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // A voice word (`Speaker 1`), or a call sign in capitals (`BASE 2`); `Step 1:` is no one.
            let word = words[0]
            return isName([word]) && (Speaker.voiceWords.contains(word.lowercased()) || !word.contains(where: \.isLowercase))
        }
        for (n, word) in words.enumerated() {
            if particles.contains(String(word)) && (n > 0 || afterTitles) && n < words.count - 1 { continue }
            // A capital, or a letter of a script without case (`王丽`, `محمد علي`).
            guard let first = word.unicodeScalars.first,
                  first.properties.isUppercase || first.properties.generalCategory == .otherLetter else { return false }
            guard word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil
                || $0 == "." || $0 == "'" || $0 == "’" || $0 == "-" }) else { return false }
        }
        return true
    }

    /// Joins the words, showing upper-case names in title case; role codes without vowels stay (`CDR`).
    static func canonical(_ words: [Substring]) -> String {
        words.map { word -> String in
            // A lower-case ASCII letter rules out a word all in capitals, without Unicode's tables.
            if word.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return String(word) }
            let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
            // Two capitals are initials (`AA`), kept as written like role codes; a particle before more of
            // the name is not (`DE GAULLE` is `De Gaulle`).
            let particle = words.count > 1 && word != words.last && particles.contains(word.lowercased())
            guard letters.count >= 3 || particle, letters.allSatisfy({ $0.properties.isUppercase }),
                  letters.contains(where: { "AEIOUYÁÉÍÓÖŐÚÜŰÀÈÌÒÙÂÊÎÔÛÄËÏ".unicodeScalars.contains($0) }) else { return String(word) }
            var result = ""
            var startOfPart = true
            for ch in word {
                result += startOfPart ? String(ch) : ch.lowercased()
                startOfPart = ch == "-" || ch == "'" || ch == "’" || ch == "."
            }
            return result
        }.joined(separator: " ")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and non-breaking spaces: on its bytes where
    /// `Text.trimmingSpaces` can tell, by Characters otherwise.
    var trimmingSpaces: String {
        (utf8.withContiguousStorageIfAvailable(Text.trimmingSpaces) ?? nil) ?? trimmingCharacters(in: " \t\u{A0}")
    }
}

extension Text {
    /// UTF-8 `bytes` without leading and trailing spaces and tabs, as a string: what trimming Characters
    /// gives, or nil when only Characters can tell. A space taken off must be a Character of its own, so
    /// the byte after a leading run and the one before a trailing run must be ASCII (a combining mark after
    /// a space, or a prepended mark before one, joins it into a Character that is no space), and a
    /// non-breaking space at either end is left to Characters.
    static func trimmingSpaces(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var low = 0
        var high = bytes.count
        while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 { low += 1 }
        guard low < high else { return "" }
        while bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 { high -= 1 }
        if low > 0, bytes[low] >= 0x80 { return nil }
        if high < bytes.count, bytes[high - 1] >= 0x80 { return nil }
        if bytes[low] == 0xC2 && low + 1 < high && bytes[low + 1] == 0xA0 { return nil }
        if bytes[high - 1] == 0xA0 && high - low >= 2 && bytes[high - 2] == 0xC2 { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self)
    }
}

extension BidirectionalCollection<UInt8> {
    /// Whether the text breaks off, spaces after it aside: it ends with `--` or `—` (`I think --`), a
    /// speaker cut off, whose sentence does not go on into the next line.
    var breaksOff: Bool {
        var text = self[...]
        while text.last == 0x20 || text.last == 0x09 { text = text.dropLast() }
        return text.suffix(2).elementsEqual([0x2D, 0x2D]) || text.suffix(3).elementsEqual([0xE2, 0x80, 0x94])
    }
}

extension Collection<UInt8> {
    /// UTF-8 bytes without the leading spaces `trimmingSpaces` trims (space, tab, non-breaking space), for
    /// tests that look at a line's bytes before making a string of it.
    var droppingLeadingSpaces: SubSequence {
        // By index, and one slice made at the end: a slice made at each byte retained and released its storage.
        var i = startIndex
        while i != endIndex {
            let first = self[i]
            if first == 0x20 || first == 0x09 {
                formIndex(after: &i)
            } else if first == 0xC2, case let next = index(after: i), next != endIndex, self[next] == 0xA0 {
                i = index(after: next)
            } else {
                break
            }
        }
        return self[i...]
    }
}
