import TranscriptModel

/// Terms, fields and field values, checked against `QueryVocabulary.fields` so that a value a field cannot
/// take (`turn:five`, `speaker:>3`, `kind:speach`) is an error before the query runs.
extension Parser {
    /// term ::= WORD | NUMBER | PHRASE | PREFIX | FUZZY | REGEX
    func parseTerm() -> Term {
        let token = advance()
        switch token.kind {
        case .phrase:
            return Term(.phrase(proximity: token.argument), token.text, range: token.range)
        case .prefix:
            return Term(.prefix, token.text, range: token.range)
        case .fuzzy:
            // The lexer reported a distance outside 1...2; clamping keeps the tree usable for completion.
            let distance = min(max(token.argument ?? 2, 1), 2)
            return Term(.fuzzy(distance: distance), token.text, range: token.range)
        case .regex:
            return Term(.regex, token.text, range: token.range)
        default:
            return Term(.word, token.text, range: token.range)
        }
    }

    /// field ::= FIELD_NAME field_value
    func parseField() -> Expression {
        let nameToken = advance()
        let name = nameToken.text.lowercased()
        let nameRange = SourceRange(nameToken.range.start, max(nameToken.range.start, nameToken.range.end - 1))
        let spec = QueryVocabulary.field(named: name)
        if spec == nil {
            reportUnknown(.unknownField, "unknown field \(Lexer.quoted(nameToken.text))", nameToken.text, at: nameRange,
                          among: QueryVocabulary.fieldNames,
                          otherwise: "fields are \(Self.list(QueryVocabulary.fieldNames, conjunction: "and"))"
                            + "; to search for '\(nameToken.text):' as written, quote it: '\"\(nameToken.text):\"'")
        }
        let value = parseFieldValue(after: nameToken, spec: spec)
        let field = Field(name: name, nameRange: nameRange, value: value)
        return Expression(.field(field), range: nameToken.range.union(value.range))
    }

    /// field_value ::= comparison | range | term | "-" NUMBER | "*"
    func parseFieldValue(after nameToken: Token, spec: FieldSpec?) -> FieldValue {
        switch current.kind {
        case .comparison:
            return parseComparison(spec: spec)
        case .word where peek.kind == .dots, .number where peek.kind == .dots:
            return parseRange(spec: spec)
        case .minus where startsSignedNumber:
            // `time:-00:00:00:10`, alone or opening a range: the sign belongs to the value, not a NOT.
            guard let bound = parseBound() else { return .missing(.point(previousEnd)) }
            if current.kind == .dots { return parseRange(from: bound, spec: spec) }
            if let spec { validate(bound, for: spec) }
            return .term(bound)
        case .word, .number, .phrase, .prefix, .fuzzy, .regex:
            let term = parseTerm()
            if let spec { validate(term, for: spec) }
            return .term(term)
        case .star:
            return .any(advance().range)
        default:
            // An unknown field already has its message; a missing value would be a second one for one mistake.
            if let spec {
                let written = quoted(nameToken.range)
                let message = current.kind == .leftParen
                    ? "expected a value after \(written); for several values write '\(spec.name):a OR \(spec.name):b'"
                    : "expected a value after \(written), as in '\(spec.example)'"
                report(.expectedFieldValue, message, nameToken.range)
            }
            return .missing(.point(nameToken.range.end))
        }
    }

    /// comparison ::= ( ">=" | ">" | "<=" | "<" ) bound
    func parseComparison(spec: FieldSpec?) -> FieldValue {
        let operatorToken = advance()
        let comparison = ComparisonOperator(rawValue: operatorToken.text) ?? .greater
        guard let bound = parseBound() else {
            let example = spec.map { "\($0.name):\(operatorToken.text)\(Self.sampleValue(for: $0.values))" }
                ?? "number:\(operatorToken.text)100"
            report(.expectedComparisonValue, "expected a value after '\(operatorToken.text)', as in '\(example)'",
                   operatorToken.range)
            return .missing(.point(operatorToken.range.end))
        }
        if let spec {
            if spec.values.isOrdered {
                validate(bound, for: spec)
            } else {
                report(.comparisonNotAllowed,
                       "'\(spec.name):' does not take a comparison; comparisons work with \(Self.orderedFieldList)",
                       operatorToken.range.union(bound.range))
            }
        }
        return .comparison(comparison, bound)
    }

    /// range ::= bound ".." bound
    func parseRange(spec: FieldSpec?) -> FieldValue {
        guard let low = parseBound() else { return .missing(.point(previousEnd)) }
        return parseRange(from: low, spec: spec)
    }

    /// The rest of a range whose lower bound has been read; the cursor is on "..".
    func parseRange(from low: Term, spec: FieldSpec?) -> FieldValue {
        let dots = advance()
        guard let high = parseBound() else {
            let example = spec?.example ?? "turn:3..7"
            report(.expectedRangeEnd, "expected a value after '..', as in '\(example)'", dots.range)
            return .missing(.point(dots.range.end))
        }
        if let spec {
            if spec.values.isOrdered {
                let errorsBefore = errorCount
                validate(low, for: spec)
                validate(high, for: spec)
                if errorCount == errorsBefore { checkNotEmpty(low, high, for: spec) }
            } else {
                report(.rangeNotAllowed,
                       "'\(spec.name):' does not take a range; ranges work with \(Self.orderedFieldList)",
                       low.range.union(high.range))
            }
        }
        return .range(low, high)
    }

    /// bound ::= "-"? ( WORD | NUMBER )
    func parseBound() -> Term? {
        if startsSignedNumber {
            let sign = advance()
            let number = advance()
            return Term(.word, "-" + number.text, range: sign.range.union(number.range))
        }
        guard current.kind == .word || current.kind == .number else { return nil }
        let token = advance()
        return Term(.word, token.text, range: token.range)
    }

    /// Whether the cursor is on a `-` written right against a number: a sign, as in `time:-00:00:00:10`.
    var startsSignedNumber: Bool {
        current.kind == .minus && peek.kind == .number && peek.range.start == current.range.end
    }

    // MARK: Values without a field

    /// `>5` on its own: says which field it needs rather than "unexpected '>'".
    func comparisonWithoutField() -> Expression {
        let operatorToken = advance()
        let bound = parseBound()
        let range = operatorToken.range.union(bound?.range ?? operatorToken.range)
        let example: String
        if let bound, let field = Self.likelyField(for: [bound.text], ranged: false) {
            example = "\(field):\(operatorToken.text)\(bound.text)"
        } else {
            example = "date:>=1960"
        }
        report(.comparisonWithoutField, "a comparison needs a field, as in '\(example)'", range)
        return Expression(.error, range: range)
    }

    /// `3..7` on its own: says which field it needs.
    func rangeWithoutField() -> Expression {
        let start = current.range.start
        let low = parseBound()
        if current.kind == .dots { advance() }
        let high = parseBound()
        let range = SourceRange(start, previousEnd)
        let example: String
        if let low, let high, let field = Self.likelyField(for: [low.text, high.text], ranged: true) {
            example = "\(field):\(low.text)..\(high.text)"
        } else {
            example = "turn:3..7"
        }
        report(.rangeWithoutField, "a range needs a field, as in '\(example)'", range)
        return Expression(.error, range: range)
    }

    // MARK: Checking values

    /// Checks one value against what its field accepts.
    func validate(_ term: Term, for spec: FieldSpec) {
        let isPlain: Bool
        if case .word = term.kind { isPlain = true } else { isPlain = false }
        // A proximity counts words between words of the text; a name, id, unit or kind has none, and
        // `speaker:"Imre Nagy"~3` would be read as `speaker:"Imre Nagy"` without a word said.
        if case .phrase(let proximity?) = term.kind, spec.field != .text {
            let phrase = source.text(in: term.range)
            let written = phrase.lastIndex(of: "~").map { String(phrase[..<$0]) } ?? phrase
            report(.invalidFieldValue,
                   "'\(spec.name):' takes a phrase without '~\(proximity)': a proximity counts the words between words said, "
                   + "as in 'text:\(written)~\(proximity)'; write '\(spec.name):\(written)'",
                   term.range)
            return
        }
        switch spec.values {
        case .text:
            return
        case .choice(let options):
            let lowered = term.text.lowercased()
            let known: Bool
            switch term.kind {
            case .word, .phrase: known = options.contains(lowered)
            case .prefix: known = options.contains { $0.hasPrefix(lowered) }
            default: known = false
            }
            guard !known else { return }
            // Only a plain word is close enough to a choice to be replaced by it.
            reportUnknown(.unknownFieldValue, "unknown \(spec.name) \(quoted(term.range))", term.text,
                          at: term.range, among: isPlain ? options : [],
                          otherwise: "\(spec.name) is \(Self.list(options, conjunction: "or"))")
        case .wholeNumber, .number, .date, .time:
            guard !isPlain || !Self.isValid(term.text, as: spec.values) else { return }
            report(.invalidFieldValue,
                   "'\(spec.name):' takes \(Self.describe(spec.values)), as in '\(spec.example)', not \(quoted(term.range))",
                   term.range)
        }
    }

    /// Reports a name the language does not know (`subject` says which), with a did-you-mean and its fix
    /// when one of `known` is close to `written`, else with `otherwise`, the list of what is known.
    func reportUnknown(_ id: Diagnostic.ID, _ subject: String, _ written: String, at range: SourceRange,
                       among known: [String], otherwise: String, notes: [Diagnostic.Note] = []) {
        if let suggestion = Suggestions.nearest(to: written, among: known) {
            report(id, "\(subject); did you mean '\(suggestion)'?", range, fixIt: .init(range: range, replacement: suggestion))
        } else {
            report(id, "\(subject); \(otherwise)", range, notes: notes)
        }
    }

    /// Warns about `turn:7..3`, which can match nothing; dates compare when written to the same precision.
    func checkNotEmpty(_ low: Term, _ high: Term, for spec: FieldSpec) {
        let empty: Bool
        switch spec.values {
        case .wholeNumber, .number:
            guard let a = Self.numericValue(low.text), let b = Self.numericValue(high.text) else { return }
            empty = a > b
        case .date where low.text.utf8.count == high.text.utf8.count:
            empty = low.text > high.text
        case .time:
            guard let a = ClockTime(low.text), let b = ClockTime(high.text) else { return }
            empty = a.seconds > b.seconds
        default:
            return
        }
        guard empty else { return }
        let range = low.range.union(high.range)
        report(.emptyRange,
               "the range \(quoted(range)) is empty because it starts after it ends; write '\(high.text)..\(low.text)'",
               range, severity: .warning,
               fixIt: .init(range: range, replacement: "\(high.text)..\(low.text)"))
    }

    /// Whether a plain word is a value of the given ordered kind.
    static func isValid(_ text: String, as kind: FieldValueKind) -> Bool {
        switch kind {
        case .wholeNumber:
            return !text.isEmpty && text.utf8.allSatisfy(Lexer.isDigit) && Int(text) != nil
        case .number:
            return numericValue(text) != nil
        case .date:
            return isDate(text)
        case .time:
            return ClockTime(text) != nil
        case .text, .choice:
            return true
        }
    }

    /// The value of `100,000` or `1.5`; nil for anything that is not a plain number.
    static func numericValue(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, Lexer.isDigit(first),
              bytes.allSatisfy({ Lexer.isDigit($0) || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") }),
              bytes.filter({ $0 == UInt8(ascii: ".") }).count <= 1
        else { return nil }
        return Double(String(decoding: bytes.filter { $0 != UInt8(ascii: ",") }, as: UTF8.self))
    }

    /// Whether the text is `1953`, `1953-06` or `1953-06-13` with a real month and day.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let widths = [4, 2, 2]
        guard (1...3).contains(parts.count) else { return false }
        for (index, part) in parts.enumerated() {
            guard part.utf8.count == widths[index], part.utf8.allSatisfy(Lexer.isDigit) else { return false }
        }
        if parts.count >= 2, let month = Int(parts[1]), !(1...12).contains(month) { return false }
        if parts.count == 3, let day = Int(parts[2]), !(1...31).contains(day) { return false }
        return true
    }

    /// The ordered field whose values these all are (`date` for 1953-06, `turn` for small whole numbers,
    /// `number` for other numbers and comparisons), for the example in a message; nil when none fits.
    static func likelyField(for values: [String], ranged: Bool) -> String? {
        if values.allSatisfy(isDate) { return "date" }
        if values.allSatisfy({ ClockTime($0) != nil }) { return "time" }
        if ranged, values.allSatisfy({ isValid($0, as: .wholeNumber) && (Int($0) ?? 1000) < 1000 }) { return "turn" }
        if values.allSatisfy({ numericValue($0) != nil }) { return "number" }
        return nil
    }

    /// How a kind of value is described in messages.
    static func describe(_ kind: FieldValueKind) -> String {
        switch kind {
        case .wholeNumber: return "a whole number"
        case .number: return "a number"
        case .date: return "a date written 1953, 1953-06 or 1953-06-13"
        case .time: return "a time written MM:SS, HH:MM:SS or DD:HH:MM:SS"
        case .text: return "a word or phrase"
        case .choice(let options): return list(options, conjunction: "or")
        }
    }

    /// A value to show in an example for a kind of field.
    static func sampleValue(for kind: FieldValueKind) -> String {
        switch kind {
        case .date: return "1960"
        case .time: return "45:00"
        case .wholeNumber: return "5"
        default: return "100"
        }
    }

    /// "date:, time:, turn: and number:", from the field table.
    static var orderedFieldList: String {
        list(QueryVocabulary.orderedFieldNames.map { "\($0):" }, conjunction: "and")
    }

    /// "a, b and c" or "a, b or c".
    static func list(_ items: [String], conjunction: String) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
