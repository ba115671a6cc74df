import QueryEngine
import QueryLanguage
import TranscriptModel

extension Command {
    static let help = Command(
        name: "help", arguments: "[COMMAND|syntax|fields|stages|examples]", summary: "list the commands, or explain one or a topic",
        help: "`.help` lists the dot-commands; `.help explain` explains one; `.help syntax`, `.help fields`, `.help stages` and `.help examples` explain the query language.",
        completion: .command) { session, arguments in
            if arguments.isEmpty {
                let width = Commands.all.map { $0.name.displayWidth + $0.arguments.displayWidth + 2 }.max() ?? 0
                var out = ""
                for command in Commands.all {
                    let head = ".\(command.name) \(command.arguments)"
                    out += head + String(repeating: " ", count: max(1, width - head.displayWidth + 2)) + command.summary + "\n"
                }
                out += "\nQueries: .help syntax, .help fields, .help stages, .help examples\n"
                session.writeFitted(out)
                return .success
            }
            if let topic = HelpTopics.text(arguments.lowercased()) {
                session.writeFitted(topic)
                return .success
            }
            let entries = HelpTopics.entries(named: arguments)
            guard !entries.isEmpty else {
                let names = Commands.all.map(\.name) + QueryVocabulary.fieldNames + QueryVocabulary.stageNames + HelpTopics.names
                let nearest = Suggestions.nearest(to: arguments, among: names).map { "; did you mean '\($0)'?" } ?? ""
                return session.fail("no command, field, stage or topic '\(arguments)'\(nearest); '.help' lists them")
            }
            session.writeFitted(entries.joined(separator: "\n"))
            return .success
        }
}

/// The help topics about queries, read from the query vocabulary so they cannot drift from it.
enum HelpTopics {
    static let names = ["syntax", "fields", "stages", "examples"]
    static let sessionNameWidth = EmbeddedData.sessionSummaries.map(\.name.displayWidth).max() ?? 0

    /// Every command, field and stage of this name (`show` is a command and a stage); when none has it
    /// exactly, those it is a prefix of.
    static func entries(named typed: String) -> [String] {
        let name = typed.hasPrefix(".") ? String(typed.dropFirst()) : typed
        let lowered = name.lowercased().trimmingCharacters(in: [":", "|", " "])
        func entries(_ matches: (String) -> Bool) -> [String] {
            let commands = typed.hasSuffix(":") ? [] : Commands.all.filter { matches($0.name) }.map { ".\($0.name) \($0.arguments)\n\($0.help)\n" }
            let fields = typed.hasPrefix(".") ? [] : QueryVocabulary.fields.filter { matches($0.name) }.map {
                "\($0.name):  (field) \($0.summary), as in '\($0.example)'\n"
            }
            let stages = typed.hasPrefix(".") || typed.hasSuffix(":") ? [] : QueryVocabulary.stages.filter { matches($0.name) }.map {
                "| \($0.syntax)  (stage, \($0.type)) \($0.summary)\n"
            }
            let queryFields = typed.hasPrefix(".") ? [] : QueryVocabulary.queryFields.filter { matches($0.name) }.map {
                "\($0.syntax)  (field) \($0.summary), as in '\($0.example)'\n"
            }
            let columns = typed.hasPrefix(".") || typed.hasSuffix(":") ? [] : TableColumns.countMeanings.filter { matches($0.key) }.map {
                "\($0.key)  (column of count by) \($0.value)\n"
            }
            return commands + fields + queryFields + stages + columns
        }
        let exact = entries { $0 == lowered }
        return exact.isEmpty && !lowered.isEmpty ? entries { $0.hasPrefix(lowered) } : exact
    }

    static func text(_ topic: String) -> String? {
        switch topic {
        case "syntax":
            return """
                A query is search terms, combined, then optional stages after |:
                  army                    a word (case and diacritics ignored: rakosi finds Rákosi)
                  "collective leadership" a phrase;  "army purge"~5  at most 5 words between, either order
                  collectiv*              a prefix;  Rakosy~  a fuzzy word (~1: one edit)
                  /arrest(ed|s)?/         a regular expression over the text
                  a b, a AND b            both;  a OR b  either;  NOT a, -a  not
                  ( ... )                 grouping; NOT binds tightest, then AND, then OR
                  *                       everything;  @NAME  a query named with .define
                  field:value             see .help fields
                  query | stage | stage   see .help stages
                The grammar is Grammar/ParleyQuery.ebnf in Parley's repository.

                """
        case "fields":
            let width = QueryVocabulary.fields.map(\.name.displayWidth).max() ?? 0
            return QueryVocabulary.fields.map { f in
                (f.name + ":").padding(width + 2) + f.summary + "  (" + f.example + ")"
            }.joined(separator: "\n") + "\n\n" + QueryVocabulary.queryFields.map { "\($0.syntax)  \($0.summary)  (\($0.example))" }.joined(separator: "\n") + "\n\n"
        case "stages":
            let width = QueryVocabulary.stages.map(\.syntax.displayWidth).max() ?? 0
            let typeWidth = QueryVocabulary.stages.map(\.type.displayWidth).max() ?? 0
            return QueryVocabulary.stages.map { $0.syntax.padding(width + 2) + $0.type.padding(typeWidth + 2) + $0.summary }.joined(separator: "\n")
                + """

                \nStages run in order. limit and sort take hits (what the query matched) and give hits; show, kwic, count, timeline and cite print, and nothing may follow them; count by, words, collocates, keywords, ngrams, interruptions and transitions make a table, which limit N and sort by COLUMN (any of its columns) may follow. A stage that cannot follow the one before it is an error there.

                """
        case "examples":
            return EmbeddedData.sessionSummaries.isEmpty ? "No example sessions are built in.\n"
                : "Example sessions (Examples/sessions in Parley's repository; parley --replay FILE plays one):\n"
                + EmbeddedData.sessionSummaries.map { "  " + $0.name.padding(sessionNameWidth) + "  " + $0.summary }
                    .joined(separator: "\n") + "\n"
        default:
            return nil
        }
    }
}
