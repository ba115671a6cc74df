import TranscriptModel

/// Regular expressions in Parley queries (`/arrest(ed|s)?/`): the dialect, its parser to an AST, and folding.
///
/// The dialect is a subset of RE2's, matched by an automaton (see `RegexProgram`) in time linear in the text:
///
/// - Literals: any Unicode scalar stands for itself. Metacharacters `\ . [ ] ( ) | * + ? { } ^ $` are escaped
///   with a backslash (`\.`, `\(`, `\\`); any other punctuation may be escaped too (`\/`, `\-`, `\#`).
///   `\n \t \r \f \v \a` are control characters; `\xHH` and `\x{H...}` give a scalar by its hexadecimal value.
///   A `{` that does not begin a well-formed count (`{2}`, `{2,}`, `{2,5}`) and a lone `}` are literals.
/// - `.` matches any scalar except a newline.
/// - Character classes: `[abc]`, `[^abc]`, ranges `[a-z]`, escapes inside (`[\]\-\\]`, `[\d_]`), POSIX names
///   inside (`[[:alpha:]]`, `alnum`, `alpha`, `digit`, `lower`, `upper`, `punct`, `space`, `word`, `xdigit`;
///   ASCII only). A `]` first in a class (`[]a]`, `[^]a]`) and a `-` first or last are literal.
/// - Shorthand classes: `\d` (ASCII digits), `\s` (ASCII and Unicode white space), `\w` (ASCII letters, digits
///   and `_`, and any non-ASCII letter or digit, so `\w+` matches `Rákosi`), and their complements `\D \S \W`.
/// - Anchors: `^` and `\A` match at the start of the text, `$` and `\z` at its end (not before a final newline);
///   `\b` matches at a word boundary and `\B` elsewhere, where a word character is one `\w` matches.
/// - Groups: `(...)`, `(?:...)`, and named groups `(?<name>...)` or `(?P<name>...)`, all only for grouping:
///   the only position reported is the span of the whole match. The flag `(?i)` / `(?i:...)` is accepted and
///   changes nothing, since matching always ignores case.
/// - Alternation `a|b`, with an empty side allowed (`(|s)`).
/// - Quantifiers `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` with n and m at most 1000; a trailing `?` (lazy) is
///   accepted and changes nothing, since only whether a text matches and the leftmost-longest span are reported.
///   After counted repetitions are expanded a program may have at most 10,000 instructions.
/// - Not supported, each with its own error: backreferences (`\1`, `\k<name>`, `(?P=name)`), lookahead and
///   lookbehind (`(?=`, `(?!`, `(?<=`, `(?<!`), Unicode property classes (`\p{L}`), other flags, and a
///   quantifier directly after another (`a*+`, `a{2}*`; write `(?:a*)+`).
///
/// Matching ignores case and diacritics, like the rest of Parley: the pattern's literals and classes and the
/// text are folded the same way, scalar by scalar, by `RegexFolding`, which is Parley's one folding
/// (`TranscriptModel.Folding`) taken a scalar at a time: case folded, compatibility forms folded (`Ｆ` → `f`),
/// every combining mark dropped (so decomposed `a` + U+0301 folds like precomposed `á`), letters with a stroke
/// read as their base letter (`ø` → `o`), `ς` → `σ`. A folding that changes the number of letters applies to
/// words only: inside a regular expression `ß` does not match `ss`, nor `ﬁ` `fi`.
///
/// So `/rakosi/` matches `Comrade Rákosi`, `/AVH/` matches `ÁVH`, and `[A-Z]` matches `é`.

/// A pattern that cannot be compiled: what is wrong, in plain words, and where.
public struct RegexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message, lower case, quoting the user's text in single quotes: `unclosed group: missing ')'`.
    public var message: String
    /// The UTF-8 offset in the pattern (without its slashes) of the problem.
    public var offset: Int

    /// Creates an error with its message and the UTF-8 offset of the problem in the pattern.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// The message alone; the position is rendered separately by whoever shows it.
    public var description: String { message }
}

// MARK: - Folding

/// Folds case and diacritics scalar by scalar, the same way for patterns and texts (see the file's doc comment).
enum RegexFolding {
    /// What `fold` returns for a scalar that folding drops (a combining diacritical mark).
    static let removed: UInt32 = 0xFFFF_FFFE

    /// Scalars below this value are folded by a table lookup; ASCII never reaches the table.
    static let tableLimit: UInt32 = 0x2000

    /// The folding of every scalar from U+0080 up to `tableLimit`, built once from `Folding.scalar`.
    static let table: [UInt32] = (UInt32(0x80)..<tableLimit).map(computeFold)

    /// Whether `value` is a mark that folding drops.
    @inline(__always)
    static func isDroppedMark(_ value: UInt32) -> Bool {
        value >= 0x80 && fold(value) == removed
    }

    /// The folding of a scalar without the table: the one folding of Parley, a scalar at a time.
    private static func computeFold(_ value: UInt32) -> UInt32 {
        let folded = Folding.scalar(value)
        return folded == Folding.removed ? removed : folded
    }

    /// The folding of one scalar, given `table` (pass `RegexFolding.table`, read once per loop); `removed` if dropped.
    @inline(__always)
    static func fold(_ value: UInt32, table: [UInt32]) -> UInt32 {
        if value < 0x80 {
            return (value >= 0x41 && value <= 0x5A) ? value + 0x20 : value
        }
        if value < tableLimit {
            let index = Int(value) - 0x80
            return index < table.count ? table[index] : value
        }
        return computeFold(value)
    }

    /// The folding of one scalar; `removed` if dropped.
    static func fold(_ value: UInt32) -> UInt32 {
        fold(value, table: table)
    }

    /// Whether a folded scalar is a word character: ASCII letter, digit or `_`, or a non-ASCII letter or digit.
    @inline(__always)
    static func isWord(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) || value == 0x5F
                || (value >= 0x41 && value <= 0x5A)
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.generalCategory == .decimalNumber
    }

    /// Whether a scalar is white space for `\s`: ASCII `\t \n \v \f \r` and space, or Unicode white space.
    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        guard let scalar = Unicode.Scalar(value) else { return false }
        return scalar.properties.isWhitespace
    }
}

// MARK: - Abstract syntax

/// A zero-width test at a position between two scalars.
enum RegexAssertion: Int32, Sendable {
    /// `^` or `\A`: the start of the text.
    case startOfText
    /// `$` or `\z`: the end of the text.
    case endOfText
    /// `\b`: a word character on exactly one side.
    case wordBoundary
    /// `\B`: word characters on both sides or on neither.
    case notWordBoundary
}

/// A set of folded scalars: a bitmap for ASCII and sorted ranges plus predicates for the rest.
struct RegexCharacterClass: Sendable, Equatable {
    /// Members 0 to 63, after negation.
    var asciiLow: UInt64 = 0
    /// Members 64 to 127, after negation.
    var asciiHigh: UInt64 = 0
    /// Non-ASCII members before negation: sorted, disjoint, non-adjacent ranges.
    var ranges: [ClosedRange<UInt32>] = []
    /// Non-ASCII predicates before negation: every scalar, word scalars, non-word scalars, spaces, non-spaces.
    var allNonASCII = false
    var nonASCIIWord = false
    var nonASCIINotWord = false
    var nonASCIISpace = false
    var nonASCIINotSpace = false
    /// Whether the non-ASCII part is complemented (the ASCII bitmap already is).
    var negated = false

    /// Whether the folded scalar `value` is a member.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return (asciiLow >> UInt64(value)) & 1 != 0 }
        if value < 128 { return (asciiHigh >> UInt64(value - 64)) & 1 != 0 }
        return nonASCIIMember(value) != negated
    }

    /// Whether the non-ASCII scalar `value` is in the class before negation.
    private func nonASCIIMember(_ value: UInt32) -> Bool {
        if allNonASCII { return true }
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        if nonASCIIWord || nonASCIINotWord {
            let word = RegexFolding.isWord(value)
            if (word && nonASCIIWord) || (!word && nonASCIINotWord) { return true }
        }
        if nonASCIISpace || nonASCIINotSpace {
            let space = RegexFolding.isSpace(value)
            if (space && nonASCIISpace) || (!space && nonASCIINotSpace) { return true }
        }
        return false
    }

    /// Whether some non-ASCII scalar may be a member (used to decide where a match can start).
    var mayContainNonASCII: Bool {
        if negated { return true }
        return allNonASCII || !ranges.isEmpty || nonASCIIWord || nonASCIINotWord || nonASCIISpace || nonASCIINotSpace
    }
}

/// The shorthand classes `\d \w \s` and their complements.
enum RegexShorthand: Sendable {
    case digit, notDigit, word, notWord, space, notSpace
}

/// Collects the members of a class as written, then folds and negates them into a `RegexCharacterClass`.
struct RegexClassBuilder {
    private var ranges: [ClosedRange<UInt32>] = []
    private var shorthands: [RegexShorthand] = []

    /// Adds the scalars from `low` through `high`, as written (unfolded).
    mutating func add(_ low: UInt32, _ high: UInt32) {
        ranges.append(low...high)
    }

    /// Adds a shorthand class.
    mutating func add(_ shorthand: RegexShorthand) {
        shorthands.append(shorthand)
    }

    /// Ranges longer than this are not folded member by member (they are kept as written).
    private static let foldLimit: UInt32 = 0x3000

    /// The folded class, complemented when `negated`.
    func build(negated: Bool) -> RegexCharacterClass {
        let table = RegexFolding.table
        var all = ranges
        for range in ranges {
            guard range.upperBound - range.lowerBound <= Self.foldLimit else { continue }
            for value in range {
                let folded = RegexFolding.fold(value, table: table)
                if folded != value && folded != RegexFolding.removed { all.append(folded...folded) }
            }
        }
        var result = RegexCharacterClass()
        var bits: (UInt64, UInt64) = (0, 0)
        func setASCII(_ value: UInt32) {
            if value < 64 { bits.0 |= 1 << UInt64(value) } else if value < 128 { bits.1 |= 1 << UInt64(value - 64) }
        }
        for shorthand in shorthands {
            for value in UInt32(0)..<128 {
                let member: Bool
                switch shorthand {
                case .digit: member = value >= 0x30 && value <= 0x39
                case .notDigit: member = !(value >= 0x30 && value <= 0x39)
                case .word: member = RegexFolding.isWord(value)
                case .notWord: member = !RegexFolding.isWord(value)
                case .space: member = RegexFolding.isSpace(value)
                case .notSpace: member = !RegexFolding.isSpace(value)
                }
                if member { setASCII(value) }
            }
            switch shorthand {
            case .digit: break
            case .notDigit: result.allNonASCII = true
            case .word: result.nonASCIIWord = true
            case .notWord: result.nonASCIINotWord = true
            case .space: result.nonASCIISpace = true
            case .notSpace: result.nonASCIINotSpace = true
            }
        }
        var nonASCII: [ClosedRange<UInt32>] = []
        for range in all {
            if range.lowerBound < 128 {
                for value in range.lowerBound...min(range.upperBound, 127) { setASCII(value) }
            }
            if range.upperBound >= 128 { nonASCII.append(max(range.lowerBound, 128)...range.upperBound) }
        }
        nonASCII.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for range in nonASCII {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        result.ranges = merged
        result.asciiLow = negated ? ~bits.0 : bits.0
        result.asciiHigh = negated ? ~bits.1 : bits.1
        result.negated = negated
        return result
    }
}

/// A node of a parsed pattern, with the UTF-8 offset in the pattern where it was written.
struct RegexNode: Sendable {
    /// What a node is.
    indirect enum Kind: Sendable {
        /// Matches the empty string (an empty pattern, group or alternative).
        case empty
        /// A folded scalar.
        case literal(UInt32)
        /// `.`: any scalar but a newline.
        case anyButNewline
        /// `[...]` or a shorthand such as `\d`, already folded.
        case characterClass(RegexCharacterClass)
        /// `^ $ \A \z \b \B`.
        case assertion(RegexAssertion)
        /// Nodes one after another.
        case concatenation([RegexNode])
        /// `a|b|c`.
        case alternation([RegexNode])
        /// A quantified node: at least `min` times and at most `max` (nil: no limit).
        case repetition(RegexNode, min: Int, max: Int?)
    }

    /// What the node is.
    var kind: Kind
    /// The UTF-8 offset in the pattern: of the atom, or of the quantifier for a repetition.
    var offset: Int
}

// MARK: - Parser

/// Parses a pattern to a `RegexNode`, throwing the first `RegexError`. One method per grammar rule.
struct RegexParser {
    /// The largest count allowed in `{n}`, `{n,}` and `{n,m}`.
    static let maxRepetition = 1000
    /// The deepest nesting of groups allowed (the parser and compiler recurse per level).
    static let maxDepth = 200

    private let scalars: [Unicode.Scalar]
    private let offsets: [Int]
    private let endOffset: Int
    private var index = 0
    private var depth = 0

    /// Prepares to parse `pattern`, given without its surrounding slashes.
    init(_ pattern: String) {
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var offset = 0
        for scalar in pattern.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        self.scalars = scalars
        self.offsets = offsets
        self.endOffset = offset
    }

    /// Parses the whole pattern.
    ///
    /// `pattern ::= alternation`
    mutating func parse() throws(RegexError) -> RegexNode {
        let node = try parseAlternation()
        if index < scalars.count {
            // parseAlternation stops only at the end or at a ')' that closes no group.
            throw RegexError(message: "unmatched ')': there is no '(' before it to close", offset: offset(index))
        }
        return node
    }

    // MARK: Rules

    /// `alternation ::= concatenation ("|" concatenation)*`
    private mutating func parseAlternation() throws(RegexError) -> RegexNode {
        let start = offset(index)
        var alternatives = [try parseConcatenation()]
        while peek() == "|" {
            index += 1
            alternatives.append(try parseConcatenation())
        }
        if alternatives.count == 1, let only = alternatives.first { return only }
        return RegexNode(kind: .alternation(alternatives), offset: start)
    }

    /// `concatenation ::= repetition*`
    private mutating func parseConcatenation() throws(RegexError) -> RegexNode {
        let start = offset(index)
        var items: [RegexNode] = []
        while let scalar = peek(), scalar != "|", scalar != ")" {
            let before = index
            items.append(try parseRepetition())
            if index == before {
                // Every loop makes progress; parseRepetition always consumes, this is a guard.
                throw RegexError(message: "unexpected '\(scalar)'", offset: offset(index))
            }
        }
        switch items.count {
        case 0: return RegexNode(kind: .empty, offset: start)
        case 1: return items[0]
        default: return RegexNode(kind: .concatenation(items), offset: start)
        }
    }

    /// `repetition ::= atom (quantifier "?"?)?`
    /// `quantifier ::= "*" | "+" | "?" | "{" digits "}" | "{" digits ",}" | "{" digits "," digits "}"`
    private mutating func parseRepetition() throws(RegexError) -> RegexNode {
        if let quantifier = try scanQuantifier() {
            throw RegexError(
                message: "nothing to repeat before '\(text(quantifier.start, quantifier.end))'",
                offset: offset(quantifier.start))
        }
        var node = try parseAtom()
        guard let quantifier = try scanQuantifier() else { return node }
        index = quantifier.end
        if peek() == "?" { index += 1 }  // lazy: accepted, matched as greedy
        if let again = try scanQuantifier() {
            let first = text(quantifier.start, quantifier.end)
            let second = text(again.start, again.end)
            throw RegexError(
                message: "'\(second)' cannot repeat the repetition '\(first)': use a group, as in '(?:x\(first))\(second)'",
                offset: offset(again.start))
        }
        node = RegexNode(
            kind: .repetition(node, min: quantifier.min, max: quantifier.max), offset: offset(quantifier.start))
        return node
    }

    /// `atom ::= literal | "." | "^" | "$" | class | escape | group`
    private mutating func parseAtom() throws(RegexError) -> RegexNode {
        let start = offset(index)
        guard let scalar = peek() else { return RegexNode(kind: .empty, offset: start) }
        switch scalar {
        case "(":
            return try parseGroup()
        case "[":
            return try parseClass()
        case "\\":
            let node = try parseEscape()
            skipDroppedMarks()
            return node
        case ".":
            index += 1
            return RegexNode(kind: .anyButNewline, offset: start)
        case "^":
            index += 1
            return RegexNode(kind: .assertion(.startOfText), offset: start)
        case "$":
            index += 1
            return RegexNode(kind: .assertion(.endOfText), offset: start)
        default:
            index += 1
            skipDroppedMarks()
            return literal(scalar.value, offset: start)
        }
    }

    /// `group ::= "(" ("?:" | "?i:" | "?<" name ">" | "?P<" name ">")? alternation ")" | "(?i)"`
    private mutating func parseGroup() throws(RegexError) -> RegexNode {
        let open = index
        index += 1
        if peek() == "?" {
            if let flagOnly = try parseGroupPrefix(open: open) { return flagOnly }
        }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw RegexError(
                message: "groups are nested too deeply: more than \(Self.maxDepth) levels", offset: offset(open))
        }
        let inner = try parseAlternation()
        guard peek() == ")" else {
            throw RegexError(message: "unclosed group: missing ')'", offset: offset(open))
        }
        index += 1
        return inner
    }

    /// Reads what follows `(?`: returns an empty node for a complete `(?i)`, nil when a group body follows.
    private mutating func parseGroupPrefix(open: Int) throws(RegexError) -> RegexNode? {
        let next = peek(1)
        switch next {
        case ":":
            index += 2
            return nil
        case "=", "!":
            throw RegexError(
                message: "lookahead '\(text(open, open + 3))' is not supported", offset: offset(open))
        case "<" where peek(2) == "=" || peek(2) == "!":
            throw RegexError(
                message: "lookbehind '\(text(open, open + 4))' is not supported", offset: offset(open))
        case "<":
            index += 2
            try skipGroupName(open: open)
            return nil
        case "P" where peek(2) == "<":
            index += 3
            try skipGroupName(open: open)
            return nil
        case "P" where peek(2) == "=":
            throw RegexError(message: "backreferences are not supported", offset: offset(open))
        case "i":
            if peek(2) == ")" {
                index += 3
                return RegexNode(kind: .empty, offset: offset(open))
            }
            if peek(2) == ":" {
                index += 3
                return nil
            }
        default:
            break
        }
        throw RegexError(
            message: "unsupported group '\(text(open, min(open + 3, scalars.count)))': "
                + "use '(' or '(?:' for a group; only the flag '(?i)' is accepted",
            offset: offset(open))
    }

    /// Skips `name>` after `(?<` or `(?P<`.
    private mutating func skipGroupName(open: Int) throws(RegexError) {
        let nameStart = index
        while let scalar = peek(), scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar) {
            index += 1
        }
        guard index > nameStart, peek() == ">" else {
            throw RegexError(
                message: "bad group name in '\(text(open, index))': write '(?<name>' with letters, digits or '_'",
                offset: offset(open))
        }
        index += 1
    }

    /// `class ::= "[" "^"? "]"? class_item* "]"`
    /// `class_item ::= "[:" name ":]" | class_atom ("-" class_atom)?`
    /// `class_atom ::= escape | any scalar but "]"`
    private mutating func parseClass() throws(RegexError) -> RegexNode {
        let open = index
        index += 1
        var negated = false
        if peek() == "^" {
            negated = true
            index += 1
        }
        var builder = RegexClassBuilder()
        var first = true
        while true {
            guard let scalar = peek() else {
                throw RegexError(message: "unclosed character class: missing ']'", offset: offset(open))
            }
            if scalar == "]" && !first {
                index += 1
                break
            }
            first = false
            if scalar == "[" && peek(1) == ":", let posix = try scanPOSIXClass() {
                posix(&builder)
                continue
            }
            let itemStart = index
            guard let low = try parseClassAtom(into: &builder) else { continue }
            if peek() == "-", let after = peek(1), after != "]" {
                let lowEnd = index
                index += 1
                let highStart = index
                var scratch = RegexClassBuilder()
                guard let high = try parseClassAtom(into: &scratch) else {
                    throw RegexError(
                        message: "a range cannot end with '\(text(highStart, index))': it is not a single character",
                        offset: offset(highStart))
                }
                guard low <= high else {
                    throw RegexError(
                        message: "invalid range '\(text(itemStart, index))' in character class: "
                            + "'\(text(itemStart, lowEnd))' comes after '\(text(highStart, index))'",
                        offset: offset(itemStart))
                }
                builder.add(low, high)
            } else {
                builder.add(low, low)
            }
        }
        return RegexNode(kind: .characterClass(builder.build(negated: negated)), offset: offset(open))
    }

    /// Reads one scalar or escape in a class: returns the scalar, or nil after adding a shorthand to `builder`.
    private mutating func parseClassAtom(into builder: inout RegexClassBuilder) throws(RegexError) -> UInt32? {
        guard let scalar = peek() else { return nil }
        guard scalar == "\\" else {
            index += 1
            return scalar.value
        }
        let start = index
        switch try scanEscape(inClass: true) {
        case .scalar(let value):
            return value
        case .shorthand(let shorthand):
            builder.add(shorthand)
            return nil
        case .assertion:
            throw RegexError(
                message: "'\(text(start, index))' is an anchor and cannot be used inside '[...]'",
                offset: offset(start))
        }
    }

    /// Reads `[:name:]` inside a class; nil (and nothing consumed) when it is not one.
    private mutating func scanPOSIXClass() throws(RegexError) -> ((inout RegexClassBuilder) -> Void)? {
        let start = index
        var end = index + 2
        while end + 1 < scalars.count, scalars[end] != ":" || scalars[end + 1] != "]" {
            if scalars[end] == "]" { return nil }
            end += 1
        }
        guard end + 1 < scalars.count else { return nil }
        let name = text(start + 2, end)
        index = end + 2
        switch name {
        case "alpha": return { $0.add(0x61, 0x7A); $0.add(0x41, 0x5A) }
        case "digit": return { $0.add(0x30, 0x39) }
        case "alnum": return { $0.add(0x61, 0x7A); $0.add(0x41, 0x5A); $0.add(0x30, 0x39) }
        case "lower": return { $0.add(0x61, 0x7A) }
        case "upper": return { $0.add(0x41, 0x5A) }
        case "space": return { $0.add(0x09, 0x0D); $0.add(0x20, 0x20) }
        case "word": return { $0.add(0x61, 0x7A); $0.add(0x41, 0x5A); $0.add(0x30, 0x39); $0.add(0x5F, 0x5F) }
        case "xdigit": return { $0.add(0x30, 0x39); $0.add(0x61, 0x66); $0.add(0x41, 0x46) }
        case "punct":
            return { $0.add(0x21, 0x2F); $0.add(0x3A, 0x40); $0.add(0x5B, 0x60); $0.add(0x7B, 0x7E) }
        default:
            throw RegexError(
                message: "unknown class '\(text(start, index))': use one of alnum, alpha, digit, lower, "
                    + "punct, space, upper, word, xdigit",
                offset: offset(start))
        }
    }

    /// `escape ::= "\" (shorthand | anchor | control | hex | punctuation | non-ASCII)` outside a class.
    private mutating func parseEscape() throws(RegexError) -> RegexNode {
        let start = offset(index)
        switch try scanEscape(inClass: false) {
        case .scalar(let value):
            return literal(value, offset: start)
        case .shorthand(let shorthand):
            var builder = RegexClassBuilder()
            builder.add(shorthand)
            return RegexNode(kind: .characterClass(builder.build(negated: false)), offset: start)
        case .assertion(let assertion):
            return RegexNode(kind: .assertion(assertion), offset: start)
        }
    }

    /// What an escape stands for.
    private enum Escape {
        case scalar(UInt32)
        case shorthand(RegexShorthand)
        case assertion(RegexAssertion)
    }

    /// Reads an escape starting at the backslash.
    private mutating func scanEscape(inClass: Bool) throws(RegexError) -> Escape {
        let start = index
        index += 1
        guard let scalar = peek() else {
            throw RegexError(
                message: "the pattern ends with a lone '\\': write '\\\\' for a backslash", offset: offset(start))
        }
        index += 1
        switch scalar {
        case "d": return .shorthand(.digit)
        case "D": return .shorthand(.notDigit)
        case "w": return .shorthand(.word)
        case "W": return .shorthand(.notWord)
        case "s": return .shorthand(.space)
        case "S": return .shorthand(.notSpace)
        case "b": return .assertion(.wordBoundary)
        case "B": return .assertion(.notWordBoundary)
        case "A": return .assertion(.startOfText)
        case "z": return .assertion(.endOfText)
        case "n": return .scalar(0x0A)
        case "t": return .scalar(0x09)
        case "r": return .scalar(0x0D)
        case "f": return .scalar(0x0C)
        case "v": return .scalar(0x0B)
        case "a": return .scalar(0x07)
        case "x": return .scalar(try scanHex(start: start))
        case "1"..."9", "k", "g":
            throw RegexError(message: "backreferences are not supported", offset: offset(start))
        case "p", "P":
            throw RegexError(
                message: "Unicode property classes such as '\\\(scalar){L}' are not supported: "
                    + "'\\w' matches letters in any script",
                offset: offset(start))
        default:
            if scalar.value >= 0x80 || !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                return .scalar(scalar.value)
            }
            throw RegexError(
                message: "unknown escape '\(text(start, index))': write '\(scalar)' without the backslash, "
                    + "or '\\\\' for a backslash",
                offset: offset(start))
        }
    }

    /// Reads the digits of `\xHH` or `\x{H...}` after the `x`.
    private mutating func scanHex(start: Int) throws(RegexError) -> UInt32 {
        var digits: [UInt32] = []
        if peek() == "{" {
            index += 1
            while let scalar = peek(), let digit = hexValue(scalar), digits.count <= 8 {
                digits.append(digit)
                index += 1
            }
            guard peek() == "}", !digits.isEmpty else { throw badHex(start: start) }
            index += 1
        } else {
            for _ in 0..<2 {
                guard let scalar = peek(), let digit = hexValue(scalar) else { throw badHex(start: start) }
                digits.append(digit)
                index += 1
            }
        }
        guard digits.count <= 6 else { throw badHex(start: start) }
        let value = digits.reduce(UInt32(0)) { $0 * 16 + $1 }
        guard Unicode.Scalar(value) != nil else {
            throw RegexError(
                message: "'\(text(start, index))' is not a Unicode scalar value", offset: offset(start))
        }
        return value
    }

    private func badHex(start: Int) -> RegexError {
        RegexError(
            message: "bad hexadecimal escape '\(text(start, index))': write two digits as in '\\x41' "
                + "or braces as in '\\x{263A}'",
            offset: offset(start))
    }

    private func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }

    /// A quantifier at the current position, without consuming it; nil when there is none
    /// (a `{` that does not begin a well-formed count is a literal).
    private func scanQuantifier() throws(RegexError) -> (min: Int, max: Int?, start: Int, end: Int)? {
        guard let scalar = peek() else { return nil }
        switch scalar {
        case "*": return (0, nil, index, index + 1)
        case "+": return (1, nil, index, index + 1)
        case "?": return (0, 1, index, index + 1)
        case "{": break
        default: return nil
        }
        var position = index + 1
        guard let low = scanCount(&position) else { return nil }
        var high: (value: Int, start: Int, digits: String)? = low
        if position < scalars.count, scalars[position] == "," {
            position += 1
            high = scanCount(&position)  // nil: no maximum
        }
        guard position < scalars.count, scalars[position] == "}" else { return nil }
        let end = position + 1
        for count in [low, high].compactMap({ $0 }) where count.value > Self.maxRepetition {
            throw RegexError(
                message: "repetition count \(count.digits) is more than \(Self.maxRepetition)",
                offset: offset(count.start))
        }
        if let high, high.value < low.value {
            throw RegexError(
                message: "invalid repetition '\(text(index, end))': the minimum \(low.value) is more than "
                    + "the maximum \(high.value)",
                offset: offset(index))
        }
        return (low.value, high?.value, index, end)
    }

    /// Reads decimal digits at `position`: their value (saturated), text and start index; nil if there are none.
    private func scanCount(_ position: inout Int) -> (value: Int, start: Int, digits: String)? {
        let start = position
        var value = 0
        while position < scalars.count, ("0"..."9").contains(scalars[position]) {
            value = min(value * 10 + Int(scalars[position].value - 0x30), 1_000_000)
            position += 1
        }
        guard position > start else { return nil }
        return (value, start, text(start, position))
    }

    // MARK: Helpers

    /// A literal node for `value`, folded; empty when folding drops it.
    private func literal(_ value: UInt32, offset: Int) -> RegexNode {
        let folded = RegexFolding.fold(value)
        if folded == RegexFolding.removed { return RegexNode(kind: .empty, offset: offset) }
        return RegexNode(kind: .literal(folded), offset: offset)
    }

    /// Skips combining marks after a literal, so that a quantifier after `a` + U+0301 repeats the `a`.
    private mutating func skipDroppedMarks() {
        while let scalar = peek(), RegexFolding.isDroppedMark(scalar.value) { index += 1 }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let position = index + ahead
        return position >= 0 && position < scalars.count ? scalars[position] : nil
    }

    /// The UTF-8 offset in the pattern of the scalar at `position` (the pattern's length past the end).
    private func offset(_ position: Int) -> Int {
        position >= 0 && position < offsets.count ? offsets[position] : endOffset
    }

    /// The pattern's scalars from `start` up to `end`, clamped to the pattern.
    private func text(_ start: Int, _ end: Int) -> String {
        let low = max(0, min(start, scalars.count))
        let high = max(low, min(end, scalars.count))
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[low..<high])
        return String(result)
    }
}
