import QueryEngine
import QueryLanguage
import TranscriptModel

extension Command {
    static let mode = Command(
        name: "mode", arguments: "text|kwic|table|json|csv|markdown", summary: "set how results are printed",
        help: "`.mode csv` prints the results of the queries that follow as CSV; `--format` sets it from the command line.",
        completion: .choices(OutputFormat.allCases.map(\.rawValue))) { session, arguments in
            if arguments.isEmpty { return session.showSetting("mode", session.format.rawValue) }
            guard let format = OutputFormat(rawValue: arguments.lowercased()) else {
                let nearest = Suggestions.nearest(to: arguments, among: OutputFormat.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                return session.fail("'.mode' takes text, kwic, table, json, csv or markdown, not '\(arguments)'\(nearest)")
            }
            session.format = format
            return .success
        }
}
