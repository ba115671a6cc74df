/// Pipeline stages after `|`. Stage names and keywords are ordinary words compared ignoring case, so a
/// stage that goes wrong is skipped up to the next `|` and the stages after it are still read.
extension Parser {
    /// stage ::= show_stage | kwic_stage | count_stage | words_stage | interruptions_stage | transitions_stage | cite_stage | limit_stage | sort_stage
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

    /// kwic_stage ::= "kwic" NUMBER?
    func parseKwicStage() -> Stage.Kind {
        let name = advance()
        guard current.kind == .number else { return .kwic(width: nil) }
        guard let width = parseStageNumber(after: name) else { return .error }
        return .kwic(width: width)
    }

    /// count_stage ::= "count" ( "by" result_field )?
    func parseCountStage() -> Stage.Kind {
        let name = advance()
        if currentIs("by") {
            let by = advance()
            guard let field = parseResultField(after: name, by: by) else { return .error }
            return .count(by: field)
        }
        if current.kind == .word, ResultField(rawValue: current.text.lowercased()) != nil {
            reportMissingBy(after: name)
            return .error
        }
        return .count(by: nil)
    }

    /// words_stage ::= "words" NUMBER?
    func parseWordsStage() -> Stage.Kind {
        let name = advance()
        guard current.kind == .number else { return .words(limit: nil) }
        guard let limit = parseStageNumber(after: name) else { return .error }
        return .words(limit: limit)
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
            if current.kind == .word, SortKey(rawValue: current.text.lowercased()) != nil {
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

    /// sort_key ::= result_field | table_column
    func parseSortKey(after name: Token, by: Token) -> SortKey? {
        guard current.kind == .word, let column = tableColumn(current.text) else {
            return parseResultField(after: name, by: by).flatMap { SortKey(rawValue: $0.rawValue) }
        }
        advance()
        return column
    }

    /// table_column ::= "utterances" | "share" | "word" | "count" | "interrupter" | "interrupted" | "from" | "to"
    func tableColumn(_ text: String) -> SortKey? {
        let key = SortKey(rawValue: text.lowercased())
        return key?.field == nil ? key : nil
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
        let names = name.text.lowercased() == "sort" ? SortKey.allCases.map(\.rawValue) : QueryVocabulary.resultFieldNames
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
        case table([SortKey])
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
                if case .sort(let key, _) = stage.kind, key.field == nil {
                    report(.stageCannotFollow, "'\(name)' sorts a table's rows; sort hits by \(Self.list(QueryVocabulary.resultFieldNames, conjunction: "or"))",
                           stage.range, notes: [.init("a table comes from 'count by FIELD' or 'words'")])
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
                        report(.stageCannotFollow, "cannot sort the table of '\(previous)' by '\(key.rawValue)'; its columns are \(Self.list(columns.map(\.rawValue), conjunction: "and"))", stage.range)
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

    /// hits_to_table ::= "count" "by" result_field | words_stage | interruptions_stage | transitions_stage
    ///
    /// The table's columns that `sort by` may name, or nil for a stage that does not make a table.
    func hitsToTable(_ kind: Stage.Kind) -> [SortKey]? {
        switch kind {
        case .count(by: let field?): return SortKey.allCases.filter { $0.field == field } + [.utterances, .share]
        case .words: return [.word, .count]
        case .interruptions(let byDoc): return (byDoc ? [.doc] : []) + [.interrupter, .interrupted, .count]
        case .transitions: return [.from, .to, .count, .share]
        default: return nil
        }
    }

    /// hits_to_output ::= show_stage | kwic_stage | cite_stage | "count"
    func hitsToOutput(_ kind: Stage.Kind) -> Bool {
        switch kind {
        case .show, .kwic, .cite, .count(by: nil): return true
        default: return false
        }
    }

    /// table_to_table ::= limit_stage | sort_stage
    func tableToTable(_ kind: Stage.Kind, columns: [SortKey]) -> Bool {
        switch kind {
        case .limit: return true
        case .sort(let key, _): return columns.contains(key)
        default: return false
        }
    }

    // MARK: Helpers

    /// Reads the number after `limit`, `kwic` or `words`: a whole number from 1 up.
    func parseStageNumber(after name: Token) -> Int? {
        let token = advance()
        let isWhole = !token.text.isEmpty && token.text.utf8.allSatisfy(Lexer.isDigit)
        let value = isWhole ? Int(token.text) : nil
        if let value, value > 0 { return value }
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
