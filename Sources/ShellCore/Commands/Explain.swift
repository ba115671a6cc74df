import QueryEngine
import QueryLanguage

extension Command {
    static let explain = Command(
        name: "explain", arguments: "QUERY", summary: "show how a query is grouped and what each part matches",
        help: """
            Prints the query with its grouping made explicit (NOT binds tightest, then AND, then OR) and how many
            utterances (or turns or documents, after `.within`) each part matches. On a ClickHouse cluster
            (`parley --server URL`) each part is counted there, and the SQL of the query's count follows.
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
}
