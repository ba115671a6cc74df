/// Pipeline stages after `|`. Stage names and keywords are ordinary words compared ignoring case, so a
/// stage that goes wrong is skipped up to the next `|` and the stages after it are still read.
extension Parser {
    /// stage ::= show_stage | kwic_stage | count_stage | words_stage | collocates_stage | keywords_stage | ngrams_stage | timeline_stage | interruptions_stage | transitions_stage | cite_stage | limit_stage | sort_stage
    func parseStage() -> Stage {
        let pipe = advance()
        guard current.kind == .word else { return missingStage(after: pipe) }
        let nameToken = current
        let kind: Stage.Kind
        switch nameToken.text.lowercased() {
        case "show": kind = parseShowStage()
        case "kwic": kind = parseKwicStage()
        case "count": kind = parseCountStage()
        case "words": kind = parseWordsStage()
        case "collocates": kind = parseCollocatesStage()
        case "keywords": kind = parseKeywordsStage()
        case "ngrams": kind = parseNgramsStage()
        case "timeline": kind = parseTimelineStage()
        case "interruptions": kind = parseInterruptionsStage()
        case "transitions": kind = parseTransitionsStage()
        case "cite": kind = parseCiteStage()
        case "limit": kind = parseLimitStage()
        case "sort": kind = parseSortStage()
        default:
            advance()
            reportUnknown(.unknownStage, "unknown stage \(Lexer.quoted(nameToken.text))", nameToken.text, at: nameToken.range,
                          among: QueryVocabulary.stageNames,
                          otherwise: "stages are \(Self.list(QueryVocabulary.stageNames, conjunction: "and"))",
                          notes: [.init("'|' starts a stage; to match either of two terms, write 'OR'")])
            kind = .error
        }
        let stage = Stage(kind, range: SourceRange(nameToken.range.start, max(nameToken.range.end, previousEnd)))
        finish(stage)
        return stage
    }

    /// show_stage ::= "show"
    func parseShowStage() -> Stage.Kind {
        advance()
        return .show
    }

    /// kwic_stage ::= "kwic" NUMBER? ( "sort" KEY KEY? KEY? )?
    func parseKwicStage() -> Stage.Kind {
        let name = advance()
        var width: Int?
        if current.kind == .number {
            guard let number = parseStageNumber(after: name) else { return .error }
            width = number
        }
        guard currentIs("sort") else { return .kwic(width: width, sort: []) }
        let sort = advance()
        var keys: [KwicSortKey] = []
        while keys.count < 3, current.kind == .word, let key = Self.kwicSortKey(current.text) {
            advance()
            keys.append(key)
        }
        guard !keys.isEmpty else {
            report(.expectedSortKey, "expected a position after \(quoted(sort.range)), as in 'kwic sort 1R 2R 1L': 1 to 5 words right (R) or left (L) of the match",
                   current.kind == .end || current.kind == .pipe ? sort.range : current.range)
            if current.kind != .end && current.kind != .pipe { advance() }
            return .error
        }
        return .kwic(width: width, sort: keys)
    }

    /// KEY ::= [1-5] ( "L" | "R" )
    ///
    /// Ignoring case.
    static func kwicSortKey(_ text: String) -> KwicSortKey? {
        let scalars = Array(text.uppercased().unicodeScalars)
        guard scalars.count == 2, let distance = Int(String(scalars[0])), (1...5).contains(distance),
              scalars[1] == "L" || scalars[1] == "R" else { return nil }
        return KwicSortKey(distance: distance, right: scalars[1] == "R")
    }

    /// count_stage ::= "count" ( "by" group ( "," group )? )?
    func parseCountStage() -> Stage.Kind {
        let name = advance()
        if currentIs("by") {
            let by = advance()
            guard let first = parseGrouping(after: name, by: by) else { return .error }
            guard current.kind == .comma else { return .count(by: [first]) }
            let comma = advance()
            guard let second = parseGrouping(after: name, by: comma) else { return .error }
            if second.name == first.name {
                report(.invalidStageArgument, "'\(second.name)' is already a grouping of this table; a cross-table takes two different fields", previousRange)
                return .error
            }
            return .count(by: [first, second])
        }
        if current.kind == .word, ResultField(rawValue: current.text.lowercased()) != nil {
            reportMissingBy(after: name)
            return .error
        }
        return .count(by: [])
    }

    /// group ::= result_field | "date" ( "year" | "month" | "day" ) | "time" DURATION
    func parseGrouping(after name: Token, by: Token) -> Grouping? {
        if currentIs("time") {
            let time = advance()
            guard current.kind == .word || current.kind == .number, let seconds = Self.duration(current.text) else {
                report(.invalidStageArgument, "expected a bucket size after 'time', as in 'count by time 10m' (s, m or h)",
                       current.kind == .end || current.kind == .pipe ? time.range : current.range)
                if current.kind != .end && current.kind != .pipe { advance() }
                return nil
            }
            advance()
            return .time(seconds: seconds)
        }
        guard let field = parseResultField(after: name, by: by) else { return nil }
        if field == .date, current.kind == .word, !currentIs("desc"), !currentIs("asc") {
            guard let precision = DatePrecision(rawValue: current.text.lowercased()) else {
                reportUnknown(.invalidStageArgument, "dates are grouped by year, month or day, not \(Lexer.quoted(current.text))", current.text,
                              at: current.range, among: DatePrecision.allCases.map(\.rawValue), otherwise: "use year, month or day")
                advance()
                return nil
            }
            advance()
            return .date(precision)
        }
        return .field(field)
    }

    /// DURATION ::= [0-9]+ ( "s" | "m" | "h" )
    ///
    /// Ignoring case; at least a second.
    static func duration(_ text: String) -> Int? {
        guard let unit = text.lowercased().last, let n = Int(text.dropLast()), n > 0 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n.multipliedReportingOverflow(by: 60).overflow ? nil : n * 60
        case "h": return n.multipliedReportingOverflow(by: 3600).overflow ? nil : n * 3600
        default: return nil
        }
    }

    /// words_stage ::= "words" NUMBER?
    func parseWordsStage() -> Stage.Kind {
        let name = advance()
        guard current.kind == .number else { return .words(limit: nil) }
        guard let limit = parseStageNumber(after: name) else { return .error }
        return .words(limit: limit)
    }

    /// collocates_stage ::= "collocates" ( "window" NUMBER NUMBER )? ( "by" ( "mi" | "ll" | "t" | "logdice" ) )? ( "min" NUMBER )? "stopwords"?
    func parseCollocatesStage() -> Stage.Kind {
        advance()
        var options = CollocatesOptions()
        while current.kind == .word {
            let keyword = current
            switch keyword.text.lowercased() {
            case "window":
                advance()
                guard current.kind == .number, peek.kind == .number else {
                    report(.expectedStageNumber, "expected two numbers after 'window', words left and right of a match, as in 'collocates window 5 5'",
                           current.kind == .number ? keyword.range.union(current.range) : keyword.range)
                    return .error
                }
                guard let left = parseStageNumber(after: keyword, allowZero: true), let right = parseStageNumber(after: keyword, allowZero: true) else { return .error }
                guard left + right > 0, max(left, right) <= 50 else {
                    report(.invalidStageNumber, "a window is 0 to 50 words left and right, and not 0 on both sides", keyword.range.union(previousRange))
                    return .error
                }
                (options.left, options.right) = (left, right)
            case "by":
                advance()
                guard current.kind == .word, let measure = AssociationMeasure(rawValue: current.text.lowercased()) else {
                    reportUnknown(.invalidStageArgument, "collocates are measured by mi, ll, t or logdice, not \(Lexer.quoted(current.text))", current.text,
                                  at: current.kind == .end || current.kind == .pipe ? keyword.range : current.range,
                                  among: AssociationMeasure.allCases.map(\.rawValue), otherwise: "use mi, ll, t or logdice")
                    if current.kind != .end && current.kind != .pipe { advance() }
                    return .error
                }
                advance()
                options.measure = measure
            case "min":
                advance()
                guard let minimum = parseStageNumber(after: keyword) else { return .error }
                options.minimum = minimum
            case "stopwords":
                advance()
                options.stopWords = true
            default:
                return .collocates(options)
            }
        }
        return .collocates(options)
    }

    /// keywords_stage ::= "keywords" ( "vs" "(" or_expr ")" )? ( "min" NUMBER )?
    func parseKeywordsStage() -> Stage.Kind {
        advance()
        var versus: Expression?
        if currentIs("vs") {
            let vs = advance()
            guard current.kind == .leftParen else {
                report(.invalidStageArgument, "expected a query in parentheses after 'vs', as in 'keywords vs (speaker:Molotov)'",
                       current.kind == .end || current.kind == .pipe ? vs.range : current.range)
                return .error
            }
            let group = parseGroup()
            if group.kind == .error { return .error }
            versus = group
        }
        var minimum = 3
        if currentIs("min") {
            let keyword = advance()
            guard let n = parseStageNumber(after: keyword) else { return .error }
            minimum = n
        }
        return .keywords(versus: versus, minimum: minimum)
    }

    /// ngrams_stage ::= "ngrams" NUMBER ( "min" NUMBER )? ( "containing" WORD )?
    func parseNgramsStage() -> Stage.Kind {
        let name = advance()
        guard current.kind == .number || current.kind == .word, !currentIs("min"), !currentIs("containing") else {
            report(.expectedStageNumber, "expected a length from 2 to 5 after 'ngrams', as in 'ngrams 3'", name.range)
            return .error
        }
        guard let length = parseStageNumber(after: name) else { return .error }
        guard (2...5).contains(length) else {
            report(.invalidStageNumber, "n-grams are 2 to 5 words long, not \(length)", previousRange)
            return .error
        }
        var minimum = 2
        var containing: String?
        while current.kind == .word {
            let keyword = current
            if keyword.text.lowercased() == "min" {
                advance()
                guard let n = parseStageNumber(after: keyword) else { return .error }
                minimum = n
            } else if keyword.text.lowercased() == "containing" {
                advance()
                guard current.kind == .word || current.kind == .number || current.kind == .phrase else {
                    report(.invalidStageArgument, "expected a word after 'containing', as in 'ngrams 3 containing army'", keyword.range)
                    return .error
                }
                let word = advance()
                // Quotes let a word such as `and` through; a phrase would quietly hold in no n-gram.
                guard !word.text.contains(where: \.isWhitespace) else {
                    report(.invalidStageArgument, "'containing' takes one word, not '\(word.text)'; to count the n-grams of a phrase's utterances, search for it: '\"\(word.text)\" | ngrams 3'", word.range)
                    return .error
                }
                containing = word.text
            } else {
                break
            }
        }
        return .ngrams(length: length, minimum: minimum, containing: containing)
    }

    /// timeline_stage ::= "timeline" ( "by" "speaker" )? ( "bins" NUMBER )?
    func parseTimelineStage() -> Stage.Kind {
        advance()
        var bySpeaker = false
        if currentIs("by") {
            let by = advance()
            guard currentIs("speaker") else {
                report(.expectedResultField, "expected 'speaker' after 'timeline by': a timeline has a row per document, or per speaker",
                       current.kind == .end || current.kind == .pipe ? by.range : current.range)
                if current.kind != .end && current.kind != .pipe { advance() }
                return .error
            }
            advance()
            bySpeaker = true
        }
        var bins: Int?
        if currentIs("bins") {
            let keyword = advance()
            guard let n = parseStageNumber(after: keyword) else { return .error }
            guard n <= 1000 else {
                report(.invalidStageNumber, "a timeline has at most 1000 bins, not \(n)", previousRange)
                return .error
            }
            bins = n
        }
        return .timeline(bySpeaker: bySpeaker, bins: bins)
    }

    /// interruptions_stage ::= "interruptions" ( "by" "doc" )?
    func parseInterruptionsStage() -> Stage.Kind {
        let name = advance()
        guard currentIs("by") else { return .interruptions(byDoc: false) }
        let by = advance()
        guard currentIs("doc") else {
            report(.expectedResultField, "expected 'doc' after '\(source.text(in: name.range.union(by.range)))': interruptions are counted by document or not at all",
                   current.kind == .end || current.kind == .pipe ? by.range : current.range)
            if current.kind != .end && current.kind != .pipe { advance() }
            return .error
        }
        advance()
        return .interruptions(byDoc: true)
    }

    /// transitions_stage ::= "transitions"
    func parseTransitionsStage() -> Stage.Kind {
        advance()
        return .transitions
    }

    /// cite_stage ::= "cite" ( "chicago" | "csl-json" | "bibtex" )?
    func parseCiteStage() -> Stage.Kind {
        advance()
        guard current.kind == .word else { return .cite(.chicago) }
        let token = advance()
        if let style = CitationStyle(rawValue: token.text.lowercased()) { return .cite(style) }
        reportUnknown(.unknownResultField, "no citation style \(Lexer.quoted(token.text))", token.text, at: token.range,
                      among: CitationStyle.allCases.map(\.rawValue), otherwise: "cite writes chicago, csl-json or bibtex")
        return .error
    }

    /// limit_stage ::= "limit" NUMBER
    func parseLimitStage() -> Stage.Kind {
        let name = advance()
        guard current.kind == .number || current.kind == .word else {
            report(.expectedStageNumber, "expected a number after \(quoted(name.range)), as in 'limit 10'", name.range)
            return .error
        }
        guard let limit = parseStageNumber(after: name) else { return .error }
        return .limit(limit)
    }

    /// sort_stage ::= "sort" "by" sort_key ( "asc" | "desc" )?
    func parseSortStage() -> Stage.Kind {
        let name = advance()
        guard currentIs("by") else {
            if current.kind == .word, TableColumns.all.contains(current.text.lowercased()) {
                reportMissingBy(after: name)
            } else {
                report(.expectedBy, "expected 'by' after \(quoted(name.range)), as in 'sort by date'", name.range)
            }
            return .error
        }
        let by = advance()
        guard let key = parseSortKey(after: name, by: by) else { return .error }
        var descending = false
        if currentIs("desc") {
            advance()
            descending = true
        } else if currentIs("asc") {
            advance()
        }
        return .sort(by: key, descending: descending)
    }

    /// sort_key ::= group | table_column
    func parseSortKey(after name: Token, by: Token) -> SortKey? {
        guard current.kind == .word, let column = tableColumn(current.text) else {
            return parseGrouping(after: name, by: by).map(SortKey.grouping)
        }
        advance()
        return .column(column)
    }

    /// table_column ::= "utterances" | "share" | "turns" | "words" | "hits" | "rate" | "query" | "word" | "count" | "interrupter" | "interrupted" | "from" | "to" | "o" | "e" | "f_node" | "f_coll" | "mi" | "ll" | "t" | "logdice" | "a" | "b" | "log_ratio" | "ngram"
    func tableColumn(_ text: String) -> String? {
        let name = text.lowercased()
        return TableColumns.all.contains(name) && ResultField(rawValue: name) == nil ? name : nil
    }

    /// result_field ::= "speaker" | "doc" | "kind" | "date" | "turn" | "unit" | "party" | "role"
    func parseResultField(after name: Token, by: Token) -> ResultField? {
        let stage = source.text(in: name.range.union(by.range))
        guard current.kind == .word || current.kind == .number else {
            report(.expectedResultField, "expected a field after '\(stage)', such as 'speaker'",
                   name.range.union(by.range))
            return nil
        }
        let token = advance()
        if let field = ResultField(rawValue: token.text.lowercased()) { return field }
        let names = name.text.lowercased() == "sort" ? TableColumns.all : QueryVocabulary.resultFieldNames
        reportUnknown(.unknownResultField, "cannot \(name.text.lowercased()) by \(Lexer.quoted(token.text))", token.text,
                      at: token.range, among: names,
                      otherwise: "use \(Self.list(names, conjunction: "or"))")
        return nil
    }

    // MARK: Stage types

    /// What the stages so far make: hits (matched units), a table, or printed output.
    enum StageOutput {
        case hits
        /// The columns `sort by` may name.
        case table([String])
        case output
    }

    /// stages ::= ( "|" hits_to_hits )* ( "|" hits_to_output | "|" hits_to_table ( "|" table_to_table )* )?
    ///
    /// Reports the first stage that cannot follow the one before it, with the reason. A stage that did
    /// not parse ends the check: its own message says what is wrong.
    func checkStageTypes(_ stages: [Stage]) {
        var before: (stage: Stage, makes: StageOutput)? = nil
        for stage in stages {
            guard stage.kind != .error else { return }
            let name = source.text(in: stage.range)
            switch before.map({ $0.makes }) {
            case nil, .hits:
                if case .sort(.column, _) = stage.kind {
                    report(.stageCannotFollow, "'\(name)' sorts a table's rows; sort hits by \(Self.list(QueryVocabulary.resultFieldNames, conjunction: "or"))",
                           stage.range, notes: [.init("a table comes from 'count by FIELD', 'words', 'collocates', 'keywords', 'ngrams', 'interruptions' or 'transitions'")])
                    return
                }
                if hitsToHits(stage.kind) {
                    before = (stage, .hits)
                } else if let columns = hitsToTable(stage.kind) {
                    before = (stage, .table(columns))
                } else {
                    assert(hitsToOutput(stage.kind))
                    before = (stage, .output)
                }
            case .table(let columns):
                guard tableToTable(stage.kind, columns: columns) else {
                    let previous = source.text(in: before.map { $0.stage.range } ?? stage.range)
                    if case .sort(let key, _) = stage.kind {
                        report(.stageCannotFollow, "cannot sort the table of '\(previous)' by '\(key.name)'; its columns are \(Self.list(columns, conjunction: "and"))", stage.range)
                    } else {
                        report(.stageCannotFollow, "'\(name)' cannot follow '\(previous)': '\(name)' takes hits, and '\(previous)' makes a table",
                               stage.range, notes: [.init("only 'limit N' and 'sort by COLUMN' can follow a table")])
                    }
                    return
                }
            case .output:
                let previous = source.text(in: before.map { $0.stage.range } ?? stage.range)
                report(.stageCannotFollow, "nothing can follow '\(previous)'; '\(name)' would be ignored", stage.range,
                       notes: [.init("'\(previous)' prints the result, so it must be the last stage")])
                return
            }
        }
    }

    /// hits_to_hits ::= limit_stage | sort_stage
    func hitsToHits(_ kind: Stage.Kind) -> Bool {
        switch kind {
        case .limit, .sort: return true
        default: return false
        }
    }

    /// hits_to_table ::= "count" "by" group ( "," group )? | words_stage | collocates_stage | keywords_stage | ngrams_stage | interruptions_stage | transitions_stage
    ///
    /// The table's columns that `sort by` may name, or nil for a stage that does not make a table.
    func hitsToTable(_ kind: Stage.Kind) -> [String]? {
        TableColumns.of(kind)
    }

    /// hits_to_output ::= show_stage | kwic_stage | cite_stage | timeline_stage | "count"
    func hitsToOutput(_ kind: Stage.Kind) -> Bool {
        switch kind {
        case .show, .kwic, .cite, .timeline, .count(by: []): return true
        default: return false
        }
    }

    /// table_to_table ::= limit_stage | sort_stage
    func tableToTable(_ kind: Stage.Kind, columns: [String]) -> Bool {
        switch kind {
        case .limit: return true
        case .sort(let key, _): return columns.contains(key.name)
        default: return false
        }
    }

    // MARK: Helpers

    /// Reads the number after `limit`, `kwic` or `words`: a whole number from 1 up (from 0 with `allowZero`).
    func parseStageNumber(after name: Token, allowZero: Bool = false) -> Int? {
        let token = advance()
        let isWhole = !token.text.isEmpty && token.text.utf8.allSatisfy(Lexer.isDigit)
        let value = isWhole ? Int(token.text) : nil
        if let value, value > 0 || allowZero { return value }
        let expected: String
        if !isWhole {
            expected = "a whole number"
        } else if value == nil {
            expected = "a smaller number"
        } else {
            expected = "a number greater than 0"
        }
        report(.invalidStageNumber,
               "expected \(expected) after \(quoted(name.range)), not \(Lexer.quoted(token.text))", token.range)
        return nil
    }

    /// `count speaker`: the user left out `by`; say so and consume the field so no second message follows.
    func reportMissingBy(after name: Token) {
        let field = advance()
        let fixed = "\(name.text.lowercased()) by \(field.text.lowercased())"
        report(.expectedBy, "expected 'by' before \(Lexer.quoted(field.text)); write '\(fixed)'", field.range,
               fixIt: .init(range: .point(field.range.start), replacement: "by "))
        if currentIs("desc") || currentIs("asc") { advance() }
    }

    /// A `|` followed by no stage name. `a || b` gets its own message, as it is usually meant as OR.
    func missingStage(after pipe: Token) -> Stage {
        if current.kind == .pipe && current.range.start == pipe.range.end {
            var pipes = pipe.range
            while current.kind == .pipe && current.range.start == pipes.end { pipes = pipes.union(advance().range) }
            report(.doublePipe, "\(quoted(pipes)) is not an operator; write 'OR' to match either term", pipes,
                   fixIt: .init(range: pipes, replacement: "OR"))
        } else if current.kind == .end || current.kind == .pipe {
            report(.expectedStage, "expected a stage after '|', such as 'count' or 'show'", pipe.range)
        } else {
            report(.expectedStage,
                   "expected a stage after '|', such as 'count' or 'show', not \(quoted(current.range))",
                   current.range,
                   notes: [.init("'|' starts a stage; to match either of two terms, write 'OR'")])
        }
        let start = current.range.start
        skipToNextStage()
        return Stage(.error, range: SourceRange(min(start, previousEnd), previousEnd))
    }

    /// Reports anything left after a stage's arguments, then moves to the next `|`.
    func finish(_ stage: Stage) {
        guard current.kind != .pipe && current.kind != .end else { return }
        let first = current
        let afterError = stage.kind == .error
        skipToNextStage()
        // A stage that already failed has its message; a ')' after a '(' reported as open is the same mistake.
        guard !afterError, !(first.kind == .rightParen && reportedUnclosedParen) else { return }
        let extra = SourceRange(first.range.start, previousEnd)
        report(.unexpectedAfterStage, "unexpected \(quoted(extra)) after \(quoted(stage.range))", extra)
    }

    /// Skips tokens up to the next `|` or the end.
    func skipToNextStage() {
        while current.kind != .pipe && current.kind != .end { advance() }
    }
}
