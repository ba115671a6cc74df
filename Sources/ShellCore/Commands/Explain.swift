import ClickHouseBackend
import QueryEngine
import QueryLanguage

extension Command {
    static let explain = Command(
        name: "explain", arguments: "QUERY", summary: "show how a query is grouped and what each part matches",
        help: """
            Prints the query with its grouping made explicit (NOT binds tightest, then AND, then OR) and how many
            utterances (or turns or documents, after `.within`) each part matches. On a ClickHouse cluster
            (`parley --server URL`) each part is counted there, and the SQL of the query's count follows (under
            `.within turn|document`, each part is counted on the documents fetched, and the SQL that names them
            follows).
            """,
        completion: .query) { session, arguments in
            let query = parseQuery(arguments)
            if query.hasErrors {
                session.report(query.diagnostics, in: query.source)
                return .queryError
            }
            if let server = session.server { return explain(query, on: server, in: session) }
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

extension Command {
    /// `.explain` on a cluster: the tree the in-memory `.explain` prints, each part counted there (a count
    /// query each), then the SQL of the whole query's count.
    static func explain(_ query: ParsedQuery, on server: ServerCorpus, in session: Session) -> ExitStatus {
        let compiler = QueryCompiler(corpus: server, settings: session.settings, named: session.named)
        let runner = ServerRunner(corpus: server, local: session.runner)
        func part(_ expression: Expression) -> ParsedQuery {
            var part = query
            part.expression = expression
            part.stages = []
            return part
        }
        defer { for (note, source) in compiler.notes { session.report([note], in: source) } }
        server.connection.shouldStop = session.shouldStop
        defer { server.connection.shouldStop = { false } }
        do {
            let tree = try Explain.render(query, unit: session.settings.scope.rawValue) { e throws in try runner.count(part(e), compiler: compiler) }
            let whole = try compiler.compile(part(query.expression))
            if whole.output == .units {
                // Under `.within`, the query runs on the documents this names.
                session.output.write(tree + "SQL of the documents it runs on:\n  SELECT DISTINCT doc " + ServerCorpus.from(whole.condition) + "\n")
            } else {
                session.output.write(tree + "SQL of its count:\n  " + ServerCorpus.countsSQL(whole) + "\n")
            }
            return .success
        } catch let error as EvaluationError {
            if let lost = compiler.serverError { return session.fail(lost.description, status: lost.isUnavailable ? .unavailable : .internalError) }
            session.report([error.diagnostic], in: error.source)
            return .queryError
        } catch ServerError.cancelled {
            session.terminal.writeError("\ncancelled\n")
            return .success
        } catch let error as ServerError {
            return session.fail(error.description, status: error.isUnavailable ? .unavailable : .internalError)
        } catch {
            return session.fail("\(error)", status: .internalError)
        }
    }
}
