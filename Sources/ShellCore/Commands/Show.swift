import QueryEngine
import QueryLanguage

extension Command {
    static let show = Command(
        name: "show", arguments: "", summary: "show the settings",
        help: "Shows the output mode, scope, context, editorial setting, limit, timer, output file and what is loaded.",
        completion: .none) { session, _ in
            let rows: [[String]] = [
                ["mode", session.format.rawValue],
                ["within", session.settings.scope.rawValue],
                ["context", String(session.context)],
                ["editorial", session.settings.editorial ? "on" : "off"],
                ["limit", session.limitDescription],
                ["echo", session.echo ? "on" : "off"],
                ["timer", session.timer ? "on" : "off"],
                ["output", session.outputFile?.path ?? "screen"],
                ["documents", String(session.documents.count)],
                ["utterances", String(session.index.utteranceCount)],
            ]
            session.output.write(rows.map { $0[0].padding(11) + $0[1] }.joined(separator: "\n") + "\n")
            return .success
        }
}
