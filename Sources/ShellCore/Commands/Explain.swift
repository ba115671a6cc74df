import ClickHouseBackend
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
        guard session.settings.scope == .utterance else {
            return session.fail("'.explain' under '.within \(session.settings.scope.rawValue)' is not answered on a ClickHouse server yet; "
                                + "'.within utterance' first")
        }
        let compiler = QueryCompiler(corpus: server, settings: session.settings, named: session.named)
        func compiled(_ expression: Expression) throws -> QueryCompiler.Compiled {
            var part = query
            part.expression = expression
            part.stages = []
            return try compiler.compile(part)
        }
        defer { for (note, source) in compiler.notes { session.report([note], in: source) } }
        server.connection.shouldStop = session.shouldStop
        defer { server.connection.shouldStop = { false } }
        do {
            let tree = try Explain.render(query, unit: session.settings.scope.rawValue) { e throws in
                guard case .counts(let n, _, _) = try server.counts(compiled(e)) else { return 0 }
                return n
            }
            session.output.write(tree + "SQL of its count:\n  " + ServerCorpus.countsSQL(try compiled(query.expression)) + "\n")
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
