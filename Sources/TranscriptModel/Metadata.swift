/// A named metadata field; `value` is nil when the source names the field but leaves it empty.
public struct MetadataField: Hashable, Sendable {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }
}

/// A source line that the importer did not place in any utterance or field, and why.
public struct UnplacedLine: Hashable, Sendable {
    public var line: Int
    public var text: String
    public var reason: String

    public init(line: Int, text: String, reason: String) {
        self.line = line
        self.text = text
        self.reason = reason
    }

    /// Whether the reader skipped the line as what is known to be no one's words (web page chrome, markup
    /// without text, page furniture), rather than failing to place it.
    public var isKnownLayout: Bool { reason.hasSuffix(", skipped") || reason == "page furniture" }
}

/// A line that looks like a speaker label but was not taken, or a label taken on weak evidence (once only,
/// or confirmed only by a list), and why: what `--check` lists as doubtful labels.
public struct DoubtfulLabel: Hashable, Sendable {
    public var line: Int
    public var text: String
    public var reason: String
    /// Whether the line was taken as a label.
    public var taken: Bool

    public init(line: Int, text: String, reason: String, taken: Bool) {
        self.line = line
        self.text = text
        self.reason = reason
        self.taken = taken
    }
}

/// Where the source prints a line: the page (when a page number stands above it) and the line number in
/// the margin, as court reporters print them. Kept per file line of a line-numbered document.
public struct PrintedLine: Hashable, Sendable {
    public var line: Int
    public var page: Int?
    public var printedLine: Int

    public init(line: Int, page: Int?, printedLine: Int) {
        self.line = line
        self.page = page
        self.printedLine = printedLine
    }
}

/// Where a printed page starts in the source file: `<pb n="710"/>` at line 230.
public struct PageStart: Hashable, Sendable {
    public var line: Int
    public var page: String
    /// A break inside a paragraph: the utterances of that paragraph, which start on an earlier line, run
    /// onto this page (FRUS's `... no better <pb n="443"/>way out ...`).
    public var inParagraph: Bool

    public init(line: Int, page: String, inParagraph: Bool = false) {
        self.line = line
        self.page = page
        self.inParagraph = inParagraph
    }
}

/// A code of a transcription system kept on an utterance: neither speech nor an editor's voice (CHAT's
/// `[* p:w]`, `[x 2]`, `[+ bch]`, `[/]`, `[?]`, the form marker `@o`).
public struct Annotation: Hashable, Sendable {
    /// Index of the utterance in its document.
    public var utterance: Int
    /// The code: `*`, `x`, `+`, `/`, `?`, `@o` ...
    public var code: String
    /// The annotation as written: `[* p:w]`, `@o`.
    public var text: String
    /// UTF-8 byte offsets in the utterance's text.
    public var range: Range<Int>

    /// The code of a word written with the part not said in parentheses (CHAT's `op(en)`), which the index
    /// reads whole (`open`).
    public static let partlySaid = "()"

    public init(utterance: Int, code: String, text: String, range: Range<Int>) {
        self.utterance = utterance
        self.code = code
        self.text = text
        self.range = range
    }
}
