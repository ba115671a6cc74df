/// Turns query text into tokens, one at a time, so the parser never holds more of a 10 MB line than it needs.
/// It never fails: characters that start no token become `unexpected` tokens for the parser to report in
/// context, and malformed tokens (an open quote) are reported here, once.
public struct Lexer: Sendable {
    private let bytes: [UInt8]
    private var offset = 0
    /// The token the current `next()` call produced.
    private var pending: Token? = nil
    /// Problems found so far, at most `Parser.maximumErrors + 1` errors of them.
    private(set) var diagnostics: [Diagnostic] = []
    private var errorCount = 0
    private var warningCount = 0
    /// Whether a phrase ran to the end without its closing quote (kept whatever the cap on messages).
    private var endsInsidePhrase = false

    init(_ source: Source) {
        self.bytes = source.bytes
    }

    /// The tokens of a query, ending with an `end` token; for completion and highlighting.
    public static func tokenize(_ source: Source) -> [Token] {
        lex(source).tokens
    }

    /// Whether the text stops inside a phrase or with a `(` not yet closed, so that the next line of a
    /// script or of the shell continues it.
    public static func isUnfinished(_ text: String) -> Bool {
        var lexer = Lexer(Source(text))
        var depth = 0
        while true {
            let token = lexer.next()
            if token.kind == .end { break }
            if token.kind == .leftParen { depth += 1 } else if token.kind == .rightParen { depth = max(0, depth - 1) }
        }
        return depth > 0 || lexer.endsInsidePhrase
    }

    /// All tokens and the lexical diagnostics (open quotes, bad `~N`, misplaced `*`).
    static func lex(_ source: Source) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        repeat {
            tokens.append(lexer.next())
        } while tokens.last?.kind != .end
        return (tokens, lexer.diagnostics)
    }

    /// The next token; `end` at the end, and again on every later call. Every call consumes at least one
    /// byte until the end, so a loop over `next()` terminates.
    mutating func next() -> Token {
        while let (scalar, length) = scalar(at: offset) {
            let start = offset
            if Self.isWhitespace(scalar) {
                offset += length
                continue
            }
            pending = nil
            switch scalar {
            case _ where Self.isQuote(scalar):
                lexPhrase(quoteLength: length)
            case "/":
                lexRegex()
            case "(":
                single(.leftParen, length)
            case ")":
                lexRightParen()
            case "|":
                single(.pipe, length)
            case ",":
                single(.comma, length)
            case "-":
                single(.minus, length)
            case "*":
                single(.star, length)
                if let (next, _) = self.scalar(at: offset), Self.isWordChar(next) {
                    report(.misplacedWildcard,
                           "a '*' goes at the end of a word, as in 'collectiv*'; '*' alone matches every utterance",
                           SourceRange(start, offset))
                }
            case "@":
                lexNamedReference()
            case ">", "<":
                let hasEquals = byte(at: offset + 1) == UInt8(ascii: "=")
                let end = offset + (hasEquals ? 2 : 1)
                append(.comparison, SourceRange(start, end), text: text(start, end))
                offset = end
            case "." where byte(at: offset + 1) == UInt8(ascii: "."):
                append(.dots, SourceRange(start, start + 2))
                offset = start + 2
            default:
                if Self.isWordChar(scalar) || ((Self.isSymbol(scalar) || scalar == "'") && matchWord(at: offset) > offset) {
                    lexWordLike()
                } else {
                    lexUnexpected()
                }
            }
            // A defensive guarantee of progress: no branch may leave the offset where it was.
            if offset <= start { offset = start + length }
            if let token = pending { return token }
        }
        return Token(.end, .point(bytes.count))
    }

    /// A `)`, with the number after it when `~N` follows at once: the turns of a sequence
    /// (`after:(...)~3`) or the words before a match of a window (`near:(...)~5`). The parser checks the
    /// number's range, which differs between the two.
    /// TURNS        ::= "~" [0-9]+
    private mutating func lexRightParen() {
        let start = offset
        guard byte(at: start + 1) == UInt8(ascii: "~") else {
            single(.rightParen, 1)
            return
        }
        var digitsEnd = start + 2
        while let b = byte(at: digitsEnd), Self.isDigit(b) { digitsEnd += 1 }
        offset = digitsEnd
        let digits = text(start + 2, digitsEnd)
        let number = digits.count <= 9 ? Int(digits) : nil
        if number == nil {
            report(.invalidTurnCount, digits.isEmpty ? "expected a number after ')~', as in 'after:(speaker:Beria)~3' or 'near:(army)~5 comrade'"
                   : "\(Self.quoted(digits)) after ')~' is too large", SourceRange(start + 1, digitsEnd))
        }
        append(.rightParen, SourceRange(start, digitsEnd), text: ")", argument: number ?? 1)
    }

    // MARK: Words and numbers

    /// Reads a word or number and whatever suffix makes it a field name, prefix or fuzzy word.
    /// FIELD_NAME   ::= WORD ":"
    /// PREFIX       ::= ( WORD | NUMBER ) "*"
    /// FUZZY        ::= ( WORD | NUMBER ) "~" [0-9]*
    private mutating func lexWordLike() {
        let start = offset
        let wordEnd = matchWord(at: start)
        let numberEnd = matchNumber(at: start)
        let end = max(wordEnd, numberEnd)
        let isWord = wordEnd == end
        let isNumber = numberEnd == end
        let value = text(start, end)
        offset = end

        switch byte(at: end) {
        case UInt8(ascii: ":") where isWord:
            offset = end + 1
            append(.fieldName, SourceRange(start, offset), text: value)
        case UInt8(ascii: "*"):
            offset = end + 1
            append(.prefix, SourceRange(start, offset), text: value)
            if let (next, _) = scalar(at: offset), Self.isWordChar(next) {
                let written = text(start, max(offset, matchWord(at: offset)))
                report(.misplacedWildcard, "a '*' can only end a word, as in 'collectiv*'; to search for '\(written)' as written, quote it: '\"\(written)\"'",
                       SourceRange(end, offset))
            }
        case UInt8(ascii: "~"):
            var digitsEnd = end + 1
            while let b = byte(at: digitsEnd), Self.isDigit(b) { digitsEnd += 1 }
            offset = digitsEnd
            let digits = text(end + 1, digitsEnd)
            var distance: Int? = nil
            if !digits.isEmpty {
                distance = Int(digits)
                if distance.map({ !(1...2).contains($0) }) ?? true {
                    report(.invalidFuzzyDistance,
                           "fuzzy matching allows 1 or 2 changes, not \(Self.quoted(digits)); write '\(value)~1' or '\(value)~'",
                           SourceRange(end, digitsEnd))
                }
            }
            append(.fuzzy, SourceRange(start, offset), text: value, argument: distance)
        default:
            let kind: Token.Kind
            switch value {
            case "AND" where isWord: kind = .and
            case "OR" where isWord: kind = .or
            case "NOT" where isWord: kind = .not
            default: kind = isNumber ? .number : .word
            }
            append(kind, SourceRange(start, end), text: value)
        }
    }

    /// The end of the longest word starting at `start` (or `start` if none). A word is read as the index's
    /// tokenizer reads text, so a word typed as it appears in a transcript is one word: `col·laborar`, `U.S.`,
    /// `№4`, `quack@o`, `l’article` (the tokenizer then finds its parts). A final "." belongs to the word only
    /// when a "." already joins two of its parts (`U.S.`, `e.g.`), so `Beria.` is `Beria` and a stray `.`.
    /// A "," joins two digits (`8-10,000`), as in a number; an apostrophe may open a word (`'60s`).
    /// WORD         ::= ( SYMBOL | "'" )* WORD_CHAR+ ( GLUE+ WORD_CHAR+ )* ( "." | "'" )?
    private func matchWord(at start: Int) -> Int {
        var from = start
        while let (scalar, length) = scalar(at: from), Self.isSymbol(scalar) || scalar == "'" { from += length }
        var end = skipWordChars(from: from)
        guard end > from else { return start }
        var dotted = false
        while true {
            var glueEnd = end
            var dot = false
            while let (glue, length) = scalar(at: glueEnd), Self.isJoiner(glue) || Self.isSymbol(glue)
                    || glue == "," && byte(at: glueEnd - 1).map(Self.isDigit) == true && byte(at: glueEnd + 1).map(Self.isDigit) == true {
                if glue == "." {
                    if byte(at: glueEnd + 1) == UInt8(ascii: ".") { break }  // `..` of a range
                    dot = true
                }
                glueEnd += length
            }
            guard glueEnd > end else { break }
            let after = skipWordChars(from: glueEnd)
            guard after > glueEnd else { break }
            dotted = dotted || dot
            end = after
        }
        if dotted, byte(at: end) == UInt8(ascii: "."), byte(at: end + 1) != UInt8(ascii: ".") { end += 1 }
        // `can'*`: an apostrophe ends a prefix.
        if byte(at: end) == UInt8(ascii: "'"), byte(at: end + 1) == UInt8(ascii: "*") { end += 1 }
        return end
    }

    /// The end of the longest number starting at `start` (or `start` if none).
    /// NUMBER       ::= [0-9]+ ( ( "," | "." | ":" ) [0-9]+ )*
    private func matchNumber(at start: Int) -> Int {
        var end = start
        while let b = byte(at: end), Self.isDigit(b) { end += 1 }
        guard end > start else { return start }
        while let separator = byte(at: end),
              separator == UInt8(ascii: ",") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: ":"),
              let next = byte(at: end + 1), Self.isDigit(next) {
            end += 1
            while let b = byte(at: end), Self.isDigit(b) { end += 1 }
        }
        return end
    }

    private func skipWordChars(from start: Int) -> Int {
        var end = start
        while let (scalar, length) = scalar(at: end), Self.isWordChar(scalar) { end += length }
        return end
    }

    // MARK: Phrases, regular expressions, references

    /// Reads a quoted phrase and its optional proximity; an open quote runs to the end and is reported.
    /// QUOTE        ::= '"' | "“" | "”" | "„"
    /// PHRASE       ::= QUOTE ( [^"“”„\] | "\" CHAR )* QUOTE ( "~" [0-9]+ )?
    private mutating func lexPhrase(quoteLength: Int) {
        let start = offset
        var position = start + quoteLength
        var content: [UInt8] = []
        var closed = false
        while let (scalar, length) = scalar(at: position) {
            if Self.isQuote(scalar) {
                position += length
                closed = true
                break
            }
            if scalar == "\\", let (escaped, escapedLength) = self.scalar(at: position + 1),
               Self.isQuote(escaped) || escaped == "\\" {
                content.append(contentsOf: bytes[(position + 1)..<(position + 1 + escapedLength)])
                position += 1 + escapedLength
                continue
            }
            content.append(contentsOf: bytes[position..<(position + length)])
            position += length
        }
        let phrase = String(decoding: content, as: UTF8.self)
        let openingQuote = text(start, start + quoteLength)
        offset = position

        var proximity: Int? = nil
        if !closed {
            endsInsidePhrase = true
            report(.unterminatedQuote, "\(Self.quoted(openingQuote)) is not closed; add '\"' after the phrase",
                   SourceRange(start, start + quoteLength),
                   fixIt: .init(range: .point(position), replacement: "\""))
        } else {
            if phrase.unicodeScalars.allSatisfy(Self.isWhitespace) {
                report(.emptyPhrase, "empty phrase; write words between the quotes", SourceRange(start, position))
            }
            if byte(at: position) == UInt8(ascii: "~") {
                var digitsEnd = position + 1
                while let b = byte(at: digitsEnd), Self.isDigit(b) { digitsEnd += 1 }
                let digits = text(position + 1, digitsEnd)
                proximity = Int(digits)
                if digits.isEmpty {
                    report(.invalidProximity,
                           "expected a number of words after '~', as in '\"army purge\"~5'",
                           SourceRange(position, digitsEnd))
                } else if proximity.map({ $0 < 1 }) ?? true {
                    report(.invalidProximity,
                           "proximity must be a number of words from 1 up, not \(Self.quoted(digits))",
                           SourceRange(position + 1, digitsEnd))
                }
                offset = digitsEnd
            }
            if byte(at: offset) == UInt8(ascii: "*") {
                report(.misplacedWildcard, "a '*' can only end a word, not a phrase", SourceRange(offset, offset + 1))
                offset += 1
            }
        }
        append(.phrase, SourceRange(start, offset), text: phrase, argument: proximity)
    }

    /// Reads a regular expression; the pattern is kept as written for the engine to compile.
    /// REGEX        ::= "/" ( [^/\] | "\" CHAR )+ "/"
    private mutating func lexRegex() {
        let start = offset
        var position = start + 1
        var closed = false
        while let (scalar, length) = scalar(at: position) {
            if scalar == "/" {
                closed = true
                break
            }
            if scalar == "\\" {
                position += 1
                if let (_, escapedLength) = self.scalar(at: position) { position += escapedLength }
                continue
            }
            position += length
        }
        let pattern = text(start + 1, position)
        if !closed {
            offset = position
            report(.unterminatedRegex, "'/' is not closed; add '/' after the regular expression",
                   SourceRange(start, start + 1),
                   fixIt: .init(range: .point(position), replacement: "/"))
            append(.regex, SourceRange(start, offset), text: pattern)
            return
        }
        position += 1
        if pattern.isEmpty {
            report(.emptyRegex, "empty regular expression; write a pattern between the slashes",
                   SourceRange(start, position))
        }
        let flagsEnd = skipWordChars(from: position)
        if flagsEnd > position {
            let flags = text(position, flagsEnd)
            report(.regexFlags,
                   "\(Self.quoted(flags)) after a regular expression is ignored; matching is always case-insensitive",
                   SourceRange(position, flagsEnd), severity: .warning,
                   fixIt: .init(range: SourceRange(position, flagsEnd), replacement: ""))
        }
        offset = flagsEnd
        append(.regex, SourceRange(start, offset), text: pattern)
    }

    /// Reads `@NAME`; a bare `@` is reported and gives a reference with an empty name.
    /// NAMED_REF    ::= "@" WORD
    private mutating func lexNamedReference() {
        let start = offset
        let end = matchWord(at: start + 1)
        offset = end
        if end == start + 1 {
            report(.expectedReferenceName, "expected a name after '@', as in '@security'", SourceRange(start, start + 1))
        }
        append(.namedReference, SourceRange(start, end), text: text(start + 1, end))
    }

    /// Gathers a run of characters that start no token, so `???` is one mistake with one message.
    private mutating func lexUnexpected() {
        let start = offset
        while let (scalar, length) = scalar(at: offset) {
            if offset > start && (Self.isWhitespace(scalar) || startsToken(scalar, at: offset)) { break }
            offset += length
        }
        append(.unexpected, SourceRange(start, offset), text: text(start, offset))
    }

    // MARK: Characters

    /// Whether a token begins with this scalar; ends a run of unexpected characters.
    private func startsToken(_ scalar: Unicode.Scalar, at position: Int) -> Bool {
        switch scalar {
        case _ where Self.isQuote(scalar):
            return true
        case "/", "(", ")", "|", "*", "@", "<", ">", "-":
            return true
        case ".":
            return byte(at: position + 1) == UInt8(ascii: ".")
        default:
            return Self.isWordChar(scalar)
        }
    }

    /// Whether a scalar can be part of a word; marks are included so decomposed accents stay inside words.
    /// WORD_CHAR    ::= LETTER | MARK | UNICODE_DIGIT | "_" | "%"
    static func isWordChar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                || v == 0x5F || v == 0x25
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// The ASCII characters allowed inside a word between word characters (`Péter's`, `co-operatives`,
    /// `1953-06`, `quack@o`).
    /// GLUE         ::= "'" | "-" | "." | "/" | "#" | "@" | "&" | SYMBOL
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "'", "-", ".", "/", "#", "@", "&": return true
        default: return false
        }
    }

    /// Characters outside ASCII that are neither word characters, white space nor quotes (`’`, `·`, `№`):
    /// transcripts have them inside and before words, so a typed word may too.
    /// SYMBOL       ::= [^#x0-#x7F] - ( WORD_CHAR | WHITESPACE | QUOTE )
    static func isSymbol(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII && !isWordChar(scalar) && !isWhitespace(scalar) && !isQuote(scalar)
            && scalar.properties.generalCategory != .control && scalar.properties.generalCategory != .format
    }

    /// Straight and smart double quotes (English “…”, German „…“) all open and close phrases.
    public static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "“" || scalar == "”" || scalar == "„"
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar == "\u{FEFF}"
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: Bytes

    private func byte(at position: Int) -> UInt8? {
        position >= 0 && position < bytes.count ? bytes[position] : nil
    }

    /// The scalar starting at `position` and its length in bytes, or nil at the end.
    private func scalar(at position: Int) -> (Unicode.Scalar, Int)? {
        guard position >= 0, position < bytes.count else { return nil }
        let lead = bytes[position]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, position + length <= bytes.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for index in (position + 1)..<(position + length) {
            value = value << 6 | UInt32(bytes[index] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    private func text(_ start: Int, _ end: Int) -> String {
        let low = min(max(start, 0), bytes.count)
        let high = min(max(end, low), bytes.count)
        return String(decoding: bytes[low..<high], as: UTF8.self)
    }

    private mutating func single(_ kind: Token.Kind, _ length: Int) {
        append(kind, SourceRange(offset, offset + length))
        offset += length
    }

    private mutating func append(_ kind: Token.Kind, _ range: SourceRange, text: String = "", argument: Int? = nil) {
        pending = Token(kind, range, text: text, argument: argument)
    }

    /// Records a problem; past the parser's error cap only the count grows, so a flood stays cheap.
    private mutating func report(
        _ id: Diagnostic.ID, _ message: @autoclosure () -> String, _ range: SourceRange,
        severity: Diagnostic.Severity = .error, fixIt: Diagnostic.FixIt? = nil
    ) {
        if severity == .error {
            errorCount += 1
            guard errorCount <= Parser.maximumErrors + 1 else { return }
        } else {
            warningCount += 1
            guard warningCount <= Parser.maximumErrors else { return }
        }
        diagnostics.append(Diagnostic(id: id, severity: severity, message: message(), range: range, fixIt: fixIt))
    }

    /// The user's text in single quotes, shortened and with control characters made visible.
    static func quoted(_ text: String) -> String {
        "'" + displayable(text) + "'"
    }

    /// Text fit for a one-line message: control characters as `U+0000`, long text cut with `…`.
    static func displayable(_ text: String, limit: Int = 40) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                result += "…"
                break
            }
            if scalar.properties.generalCategory == .control || scalar == "\u{FEFF}" {
                result += "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }
}
