import ClickHouseBackend
import Foundation
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// `parley --push URL PATH...` and `parley --server URL -c ...`: the same loading, parser, diagnostics and
/// renderer as the shell, with a ClickHouse cluster holding the documents.
public enum ServerRun {
    /// Reads `paths` (none: the reference document) with Parley's importers and pushes them. Status 64 for
    /// a malformed URL, 69 when the server cannot be used, 66 at the end when a named path gave nothing.
    public static func push(_ url: String, options: RunOptions, output: OutputSink) -> ExitStatus {
        let address: ServerAddress
        do { address = try ServerAddress(url, environment: options.environment) } catch {
            output.writeError("error: \(error.description)\n")
            return .usage
        }
        let loaded = options.paths.isEmpty ? LoadResult(documents: [Loader.embeddedReference()]) : options.loader.load(options.paths)
        for line in Loading.report(loaded.messages, quiet: options.quiet) { output.writeError(line + "\n") }
        let status = push(loaded.documents, to: address, quiet: options.quiet, output: output)
        return status == .success && loaded.failed ? .inputFailed : status
    }

    /// Pushes documents already read (`parley --push`, `.push`): status 69 when the server cannot be used.
    static func push(_ documents: [Document], to address: ServerAddress, quiet: Bool, output: OutputSink) -> ExitStatus {
        do {
            let summary = try Pusher(connection: Connection(address)).push(documents)
            if !quiet {
                output.writeError("pushed \(summary.documents) \(summary.documents == 1 ? "document" : "documents"), "
                                  + "\(summary.utterances) utterances, \(summary.tokens) word forms to \(address)\n")
            }
            return .success
        } catch {
            output.writeError("error: \(error.description)\n")
            return error.isUnavailable ? .unavailable : .internalError
        }
    }

    /// A statement as history and records keep it: the password of a `.push` URL replaced by `***`.
    public static func withoutPassword(_ statement: String) -> String {
        statement.trimmingCharacters(in: .whitespaces).hasPrefix(".push") ? ServerAddress.redacted(statement) : statement
    }

    /// Runs each of `commands` (queries; `#` comments and blank lines pass) on the cluster, printing as the
    /// shell prints. Stops at the first error: 65 for a query error or a construct not compiled, 69 when
    /// the server cannot be used.
    public static func commands(_ url: String, _ commands: [String], options: RunOptions, output: OutputSink) -> ExitStatus {
        let (session, status) = connect(url, options: options, output: output)
        guard let session else { return status }
        for command in commands {
            let status = session.run(command)
            if status != .success { output.flush(); return status }
        }
        output.flush()
        return .success
    }

    /// Connects to the cluster at `url`: the session, or nil and the status to exit with (64 for a
    /// malformed URL, 69 when the server cannot be used).
    public static func connect(_ url: String, options: RunOptions, output: OutputSink) -> (ServerSession?, ExitStatus) {
        let address: ServerAddress
        do { address = try ServerAddress(url, environment: options.environment) } catch {
            output.writeError("error: \(error.description)\n")
            return (nil, .usage)
        }
        let corpus: ServerCorpus
        do { corpus = try ServerCorpus(connection: Connection(address)) } catch {
            output.writeError("error: \(error.description)\n")
            return (nil, error.isUnavailable ? .unavailable : .internalError)
        }
        return (ServerSession(ServerShell(corpus: corpus, format: options.format, quiet: options.quiet, output: output)), .success)
    }
}

/// A shell's queries on a cluster (`parley --server URL` at a terminal).
public final class ServerSession {
    private var shell: ServerShell

    init(_ shell: ServerShell) { self.shell = shell }

    /// The server, as shown (no credentials).
    public var server: String { shell.corpus.connection.address.description }
    /// How many documents the cluster holds.
    public var documentCount: Int { shell.corpus.keys.count }

    /// Runs one statement; its status (65 for a query error, 69 when the server is lost).
    public func run(_ statement: String) -> ExitStatus {
        let status = shell.run(statement)
        shell.output.flush()
        return status
    }
}

/// Queries on a cluster, one at a time, printed as the shell prints them.
struct ServerShell {
    let corpus: ServerCorpus
    var format: OutputFormat
    var quiet: Bool
    let output: OutputSink
    var settings = MatchSettings()

    mutating func run(_ statement: String) -> ExitStatus {
        let text = statement.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text.hasPrefix("#") { return .success }
        if text.hasPrefix(".") {
            let name = String(text.split(separator: " ").first ?? "")
            if name == ".explain" { return explain(String(text.dropFirst(name.count))) }
            output.writeError("error: '\(name)' is not answered on a ClickHouse server yet; '.explain QUERY' and queries ending in '| count' or '| count by speaker|doc' are\n")
            return .queryError
        }
        let query = parseQuery(statement)
        for diagnostic in query.diagnostics { report(diagnostic, in: query.source) }
        if query.hasErrors { return .queryError }
        let compiler = QueryCompiler(corpus: corpus, settings: settings)
        let compiled: QueryCompiler.Compiled
        do {
            compiled = try compiler.compile(query)
        } catch {
            if let lost = compiler.serverError {
                output.writeError("error: \(lost.description)\n")
                return lost.isUnavailable ? .unavailable : .internalError
            }
            for (note, source) in compiler.notes { report(note, in: source) }
            report(error.diagnostic, in: error.source)
            return .queryError
        }
        for (note, source) in compiler.notes { report(note, in: source) }
        let answer: QueryOutput
        do {
            switch compiled.output {
            case .count: answer = try corpus.counts(compiled)
            case .countBy(let field): answer = try corpus.countBy(field, compiled, editorial: settings.editorial)
            case .utterances: return .queryError
            }
        } catch {
            output.writeError("error: \(error.description)\n")
            return error.isUnavailable ? .unavailable : .internalError
        }
        let renderer = Renderer(index: corpus.index, format: format)
        let pipeline = Pipeline(index: corpus.index, scope: .utterance, context: 0, stopWords: .perLanguage, highlighter: Highlighter())
        var matched = 0
        if case .counts(let u, _, _) = answer { matched = u }
        if case .table(let table) = answer { matched = table.rows.count }
        renderer.render(answer, pipeline: pipeline, matched: matched) { [output] in output.write($0) }
        return .success
    }

    /// `.explain QUERY` on the cluster: the query's parts with the utterances each matches there, as the
    /// in-memory `.explain` prints them (a count query each), then the SQL of the whole query's count.
    private func explain(_ arguments: String) -> ExitStatus {
        let query = parseQuery(arguments)
        for diagnostic in query.diagnostics { report(diagnostic, in: query.source) }
        if query.hasErrors { return .queryError }
        let compiler = QueryCompiler(corpus: corpus, settings: settings)
        func compiled(_ expression: QueryLanguage.Expression) throws -> QueryCompiler.Compiled {
            var part = query
            part.expression = expression
            part.stages = []
            return try compiler.compile(part, stagesRequired: false)
        }
        do {
            let tree = try Explain.render(query, unit: settings.scope.rawValue) { e throws in
                guard case .counts(let n, _, _) = try corpus.counts(compiled(e)) else { return 0 }
                return n
            }
            output.write(tree + "SQL of its count:\n  " + ServerCorpus.countsSQL(try compiled(query.expression)) + "\n")
            return .success
        } catch let error as EvaluationError {
            if let lost = compiler.serverError {
                output.writeError("error: \(lost.description)\n")
                return lost.isUnavailable ? .unavailable : .internalError
            }
            report(error.diagnostic, in: error.source)
            return .queryError
        } catch let error as ServerError {
            output.writeError("error: \(error.description)\n")
            return error.isUnavailable ? .unavailable : .internalError
        } catch {
            output.writeError("error: \(error)\n")
            return .internalError
        }
    }

    private func report(_ diagnostic: Diagnostic, in source: Source) {
        if quiet, diagnostic.severity == .note { return }
        output.writeError(DiagnosticRenderer().render(diagnostic, in: source) + "\n")
    }
}
