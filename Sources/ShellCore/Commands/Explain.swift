import QueryEngine
import QueryLanguage

extension Command {
    static let explain = Command(
        name: "explain", arguments: "QUERY", summary: "show how a query is grouped and what each part matches",
        help: """
            Prints the query with its grouping made explicit (NOT binds tightest, then AND, then OR) and how many
            utterances (or turns or documents, after `.within`) each part matches.
            """,
        completion: .query) { session, arguments in
            let query = parseQuery(arguments)
            if query.hasErrors {
                session.report(query.diagnostics, in: query.source)
                return .queryError
            }
            let evaluator = Evaluator(index: session.index, settings: session.settings, named: session.named,
                                      source: query.source, shouldStop: session.shouldStop)
            do throws(EvaluationError) {
                session.output.write(try Explain.render(query, evaluator: evaluator))
                session.reportNotes(evaluator)
                return .success
            } catch {
                session.reportNotes(evaluator)
                session.report([error.diagnostic], in: error.source)
                return .queryError
            }
        }

    static let help = Command(
        name: "help", arguments: "[COMMAND]", summary: "list the commands, or explain one",
        help: "`.help` lists the dot-commands; `.help explain` explains one.",
        completion: .command) { session, arguments in
            if arguments.isEmpty {
                let width = Commands.all.map { $0.name.count + $0.arguments.count + 2 }.max() ?? 0
                var out = ""
                for command in Commands.all {
                    let head = ".\(command.name) \(command.arguments)"
                    out += head + String(repeating: " ", count: max(1, width - head.count + 2)) + command.summary + "\n"
                }
                session.output.write(out)
                return .success
            }
            let name = arguments.hasPrefix(".") ? String(arguments.dropFirst()) : arguments
            let matches = Commands.candidates(name.lowercased())
            guard matches.count == 1 else {
                return session.fail("no command '.\(name)' to explain; '.help' lists them")
            }
            let command = matches[0]
            session.output.write(".\(command.name) \(command.arguments)\n\(command.help)\n")
            return .success
        }
}
