@testable import ClickHouseBackend
import Foundation
import QueryEngine
import QueryLanguage
import ShellCore
import Testing
import TranscriptFormats
import TranscriptModel
@testable import FTS5Differential

/// `parley --server URL -c STATEMENT ...`: connects, then runs the statements as `-c` runs them.
func serverCommands(_ url: String, _ statements: [String], options: RunOptions, output: OutputSink) -> ShellCore.ExitStatus {
    var options = options
    switch ServerRun.connect(url, environment: options.environment, output: output) {
    case .success(let corpus): options.server = corpus
    case .failure(let failure): return failure.status
    }
    return Run.commands(statements, options: options, output: output)
}

@Test func theEmbeddedSchemaIsSchemaSQLAndItsVersion() throws {
    let file = Cluster.repository.appendingPathComponent("Sources/ClickHouseBackend/Schema.sql")
    #expect(try String(contentsOf: file, encoding: .utf8) == Schema.text)
    #expect(Schema.text.contains("schema version \(Schema.version).") && Schema.text.contains("SELECT \(Schema.version) FROM system.one"))
    #expect(Schema.statements(cluster: "c").allSatisfy { !$0.contains("{cluster}") && !$0.hasSuffix(";") })
}

@Test func malformedURLsAreUsageErrors() throws {
    for url in ["ftp://127.0.0.1", "127.0.0.1:8123", "http://", "http://h/db", "http://h/?cluster=a;b", "http://h/?database=x"] {
        let output = BufferOutput()
        #expect(serverCommands(url, ["* | count"], options: RunOptions(paths: [], environment: [:]), output: output) == .usage, "\(url)")
        #expect(ServerRun.push(url, options: RunOptions(paths: [], environment: [:]), output: output) == .usage, "\(url)")
    }
    let error = try #require(throws: ServerAddress.Malformed.self) { try ServerAddress("ftp://bob:hunter2@host", environment: [:]) }
    #expect(!error.description.contains("hunter2"))
}

@Test func anUnreachableServerIsStatus69() {
    let output = BufferOutput()
    #expect(serverCommands("http://127.0.0.1:1", ["* | count"], options: RunOptions(paths: [], environment: [:]), output: output) == .unavailable)
    #expect(output.errors.hasPrefix("error: cannot reach the ClickHouse server at http://127.0.0.1:1"))
    #expect(output.errors.split(separator: "\n").count == 1)
}

/// A shard of the cluster that does not answer makes the cluster unusable (69), not a statement Parley got
/// wrong (70), in one line that names the shard: ClickHouse 18.16's own answer when 127.0.0.2 is stopped.
@Test func aShardThatDoesNotAnswerIsStatus69() {
    let refused = "Code: 210, e.displayText() = DB::NetException: Connection refused (127.0.0.2:19700), e.what() = DB::NetException"
    let text = "Code: 279, e.displayText() = DB::NetException: All connection tries failed. Log: \n\n" + [refused, refused].joined(separator: "\n")
        + "\n\n, e.what() = DB::NetException\n"
    let error = Connection.failure(status: 500, text: text, server: "http://127.0.0.1:18723")
    #expect(error.isUnavailable)
    #expect(error.description == "cannot reach the ClickHouse server at http://127.0.0.1:18723: a shard of its cluster does not answer "
            + "(DB::NetException: Connection refused (127.0.0.2:19700))", "\(error.description)")
    #expect(!Connection.failure(status: 500, text: "Code: 62, e.displayText() = DB::Exception: Syntax error", server: "s").isUnavailable)
}

/// `.push` in the shell: a malformed URL is a dot-command error, an unreachable server 69, and a password
/// typed in the URL reaches neither the record nor the history (as `***`).
@Test func pushInTheShellFailsCleanlyAndKeepsPasswordsOut() throws {
    let output = BufferOutput()
    let session = Session(documents: [Loader.embeddedReference()], output: output)
    #expect(session.run(".push ftp://127.0.0.1") == .queryError)
    #expect(output.errors.contains("is not an http:// or https:// URL"))
    #expect(session.run(".push") == .queryError)
    let record = FileManager.default.temporaryDirectory.appendingPathComponent("parley-push-record-\(getpid()).parley")
    defer { try? FileManager.default.removeItem(at: record) }
    #expect(session.run(".record \(record.path)") == .success)
    #expect(session.run(".push http://bob:hunter2@127.0.0.1:1") == .unavailable)
    #expect(session.run(".record off") == .success)
    #expect(output.errors.contains("cannot reach the ClickHouse server at http://127.0.0.1:1"))
    #expect(!output.errors.contains("hunter2") && !output.output.contains("hunter2"))
    // A statement that failed is not recorded; one that works is, its password hidden (below, on the cluster).
    #expect(!(try String(contentsOf: record, encoding: .utf8)).contains("hunter2"))
    #expect(ServerRun.withoutPassword("  .push https://ann:p@ss@h:8443") == "  .push https://ann:***@h:8443")
    #expect(ServerRun.withoutPassword("\"http://a:b@c\" | count") == "\"http://a:b@c\" | count")
}

/// A document's packet gives back the document: every utterance's text, speaker, turn and place, and
/// the packet it would make itself; a packet cut short or with a byte changed is damaged or another
/// document, never a crash.
@Test func packetsGiveBackTheirDocuments() throws {
    for document in Cluster.documents {
        let packet = SnapshotDocuments.packet(document)
        let back = try SnapshotDocuments.document(fromPacket: packet)
        #expect(SnapshotDocuments.packet(back) == packet)
        #expect(back.utterances.map(\.text) == document.utterances.map(\.text))
        #expect(back.utterances.map(\.location) == document.utterances.map(\.location))
        #expect(back.turns.count == document.turns.count && back.speakers.map(\.name) == document.speakers.map(\.name))
    }
    let packet = SnapshotDocuments.packet(Cluster.documents[0])
    for cut in stride(from: 0, to: packet.count, by: max(1, packet.count / 500)) {
        #expect(throws: (any Error).self) { try SnapshotDocuments.document(fromPacket: Array(packet.prefix(cut))) }
    }
    for k in stride(from: 0, to: min(packet.count, 4000), by: 7) {
        var flipped = packet
        flipped[k] ^= 0xFF
        _ = try? SnapshotDocuments.document(fromPacket: flipped)
    }
}

// The condition is a closure, so that the cluster starts only when these tests run: a run of other tests
// (`swift test --filter ...`) neither starts it nor stops one that another run is using.
@Suite(.serialized, .enabled("the two-shard ClickHouse cluster did not start here; the line above says why") { Cluster.isAvailable })
struct OnTheCluster {
    func corpus() throws -> ServerCorpus { try Cluster.pushed.get() }

    @Test func refusedCredentialsAreStatus69AndNeverShowThePassword() {
        let output = BufferOutput()
        let url = Cluster.url.replacingOccurrences(of: "http://", with: "http://nobody:hunter2@")
        #expect(serverCommands(url, ["* | count"], options: RunOptions(paths: [], environment: [:]), output: output) == .unavailable)
        #expect(output.errors.contains("refused the credentials"))
        #expect(!output.errors.contains("hunter2"))
        let fromEnvironment = BufferOutput()
        let environment = ["PARLEY_CLICKHOUSE_USER": "nobody", "PARLEY_CLICKHOUSE_PASSWORD": "hunter2"]
        #expect(serverCommands(Cluster.url, ["* | count"], options: RunOptions(paths: [], environment: environment), output: fromEnvironment) == .unavailable)
        #expect(!fromEnvironment.errors.contains("hunter2"))
    }

    @Test func anotherSchemaVersionIsStatus69() throws {
        _ = try corpus()
        let connection = try Cluster.connection()
        func setVersion(_ version: Int) throws {
            _ = try connection.execute("DROP TABLE IF EXISTS parley.schema_version")
            _ = try connection.execute("CREATE TABLE parley.schema_version (version UInt32) ENGINE = TinyLog")
            _ = try connection.execute("INSERT INTO parley.schema_version VALUES (\(version))")
        }
        try setVersion(Schema.version + 1)
        defer { try? setVersion(Schema.version) }
        let output = BufferOutput()
        #expect(serverCommands(Cluster.url, ["* | count"], options: RunOptions(paths: [], environment: [:]), output: output) == .unavailable)
        #expect(output.errors.contains("schema version \(Schema.version + 1)"))
        #expect(output.errors.split(separator: "\n").count == 1)
    }

    /// Each shard holds some of the generated documents (all the rows of each on one). Their ids repeat in
    /// their paths (`doc-000001` in `.../doc-000001.txt`), which once sent every one to the same shard;
    /// with the sharding key well mixed, the chance that all 15 land on one of two is one in 2^14.
    @Test(.enabled(if: Cluster.sharedCorpusAvailable, "the generated documents need ../shared/bench/gen_corpus.py"))
    func documentsAreSpreadOverBothShards() throws {
        let corpus = try corpus()
        try #require(Cluster.documents.filter { $0.path.contains("parley-clickhouse-generated") }.count == 15, "python3 made no generated corpus")
        let connection = try Cluster.connection()
        let hosts = try connection.shardHosts()
        #expect(hosts.count == 2)
        var total = 0
        for host in hosts {
            let shard = Connection(connection.address.onHost(host))
            let row = try shard.rows("SELECT count(), countIf(path LIKE '%parley-clickhouse-generated%') FROM parley.documents_local").first ?? []
            let strays = try shard.rows("SELECT count() FROM parley.tokens_local WHERE doc NOT IN (SELECT doc FROM parley.documents_local)")
            #expect(row.count == 2 && Int(row[1]) ?? 0 > 0, "shard \(host) holds none of the generated documents: \(row)")
            #expect(strays.first?.first == "0", "shard \(host) holds words of a document it does not hold")
            total += Int(row.first ?? "") ?? 0
        }
        #expect(total >= corpus.keys.count)
    }

    /// `.push` from a session writes what it has loaded, as `parley --push` does: the reference document
    /// pushed again replaces itself, and the cluster's answers stay the in-memory engine's.
    @Test func pushFromTheShellReplacesTheDocument() throws {
        let corpus = try corpus()
        let before = try corpus.counts(QueryCompiler(corpus: corpus).compile(parseQuery("* | count")))
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output)
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("parley-push-record-\(getpid()).parley")
        defer { try? FileManager.default.removeItem(at: record) }
        #expect(session.run(".record \(record.path)") == .success)
        // The cluster's `default` user has an empty password: written in the URL, it is still hidden.
        let withPassword = Cluster.url.replacingOccurrences(of: "http://", with: "http://default:@")
        #expect(session.run(".push \(withPassword)") == .success)
        #expect(session.run(".record off") == .success)
        #expect(output.errors.contains("pushed 1 document, "), "\(output.errors)")
        // A replay does not push again: the record notes the push as a comment.
        let hidden = withPassword.replacingOccurrences(of: "default:@", with: "default:***@")
        #expect(try String(contentsOf: record, encoding: .utf8).contains("# .push \(hidden) (not run again"))
        let after = try corpus.counts(QueryCompiler(corpus: corpus).compile(parseQuery("* | count")))
        guard case .counts(let u0, let t0, let d0) = before, case .counts(let u1, let t1, let d1) = after else {
            Issue.record("no counts")
            return
        }
        #expect(u0 == u1 && t0 == t1 && d0 == d1)
        let (memory, server) = try Agreement.answers("\"collective leadership\"", settings: MatchSettings(), corpus: corpus)
        #expect(memory == server)
    }

    /// `.explain` on the cluster prints the in-memory engine's tree with the cluster's count for each
    /// part, which must be the in-memory counts, then the SQL of the whole query's count.
    @Test func explainShowsEachPartsCountOnTheClusterAndTheSQL() throws {
        _ = try corpus()
        for text in ["(army OR leadership) NOT speaker:Malenkov", "\"collective leadership\" AND -speaker:Malenkov", "comrade*"] {
            let query = parseQuery(text)
            let evaluator = Evaluator(index: Cluster.memory, settings: MatchSettings(), named: NamedQueries(), source: query.source)
            let expected = try Explain.render(query, evaluator: evaluator)
            let output = BufferOutput()
            #expect(serverCommands(Cluster.url, [".explain " + text], options: RunOptions(paths: [], environment: [:]), output: output) == .success)
            #expect(output.output.hasPrefix(expected), "\(text): \(output.output) against \(expected)")
            #expect(output.output.contains("SQL of its count:\n  SELECT count(), "), "\(text)")
            #expect(output.errors.isEmpty)
        }
        // What is not compiled is refused by name, as a query is.
        let output = BufferOutput()
        #expect(serverCommands(Cluster.url, [".explain topic:*"], options: RunOptions(paths: [], environment: [:]), output: output) == .queryError)
        #expect(output.errors.contains("'topic:*' would match everything or nothing"), "\(output.errors)")
        // Under `.within`, each part is counted in turns on the fetched documents, as in memory.
        for text in ["army AND peace", "(army OR Hungary) -speaker:Malenkov"] {
            let memory = BufferOutput(), server = BufferOutput()
            let session = Session(index: Cluster.memory, output: memory)
            _ = session.run(".within turn")
            _ = session.run(".explain " + text)
            #expect(serverCommands(Cluster.url, [".within turn", ".explain " + text], options: RunOptions(paths: [], environment: [:]), output: server) == .success)
            #expect(!memory.output.isEmpty && server.output.hasPrefix(memory.output), "\(text): \(server.output) against \(memory.output)")
            #expect(server.output.contains("SQL of the documents it runs on:\n  SELECT DISTINCT doc FROM parley.utterances"))
        }
    }

    @Test func literalsReachTheServerAsTyped() throws {
        let connection = try Cluster.connection()
        let values = ["it's", "back\\slash", "nul\0byte", "tab\tnew\nline\r", "'; DROP TABLE parley.tokens_local; --", "Rákosi ÁVH Nguyễn",
                      "\u{7F}\u{1}", String(repeating: "x'\\", count: 120_000)]
        for value in values {
            let hex = try connection.rows("SELECT hex(\(SQL.literal(value)))").first?.first
            #expect(hex == value.utf8.map { String(format: "%02X", $0) }.joined(), "\(value.prefix(40))")
        }
        // Through the compiler: a query word with quotes and backslashes is a word, not SQL.
        let corpus = try corpus()
        for text in ["\"it's\" | count", "\"back\\slash\" | count", "speaker:\"O'Brien\" | count", "doc:\"a'b\" | count", "doc:\"a\\b\" | count",
                     String(repeating: "a", count: 300_000) + " | count", "\"" + String(repeating: "x'", count: 100_000) + "x\" | count",
                     "\"" + String(repeating: "army ", count: 200) + "\" | count"] {
            let compiler = QueryCompiler(corpus: corpus)
            let compiled = try compiler.compile(parseQuery(text))
            _ = try corpus.counts(compiled)
        }
    }

    @Test func queriesTheInMemoryEngineRejectsAreRejectedInItsWords() throws {
        let corpus = try corpus()
        // Every construct is answered now; what the in-memory engine rejects is rejected with its words.
        for text in ["topic:* | count", "Rakosy~ OR topic:*"] {
            let compiler = QueryCompiler(corpus: corpus)
            let error = try #require(throws: EvaluationError.self) { try compiler.compile(parseQuery(text)) }
            #expect(error.diagnostic.message.hasPrefix("'topic:*' would match everything or nothing"), "\(text): \(error.diagnostic.message)")
        }
        // Queries with errors are errors on the server too, whatever they would compile to.
        for text in ["kind:i | count", "\"\" | count", "!!! | count", "army OR | count"] {
            #expect(throws: EvaluationError.self) { try QueryCompiler(corpus: corpus).compile(parseQuery(text)) }
        }
        let within = QueryCompiler(corpus: corpus, settings: MatchSettings(scope: .turn))
        #expect(try within.compile(parseQuery("army | count by unit")).output == .units)
    }

    /// What would fetch more than the limit from the server is refused, saying how much and what to do.
    @Test func fetchesPastTheLimitAreRefused() throws {
        let corpus = try corpus()
        corpus.fetchLimit = 1000
        defer { corpus.fetchLimit = 192 << 20 }
        let output = BufferOutput()
        var options = RunOptions(paths: [], environment: [:])
        options.server = corpus
        let (session, _) = Run.start(options, output: output)
        #expect(session.run("/\\d/ | count") == .queryError)
        #expect(output.errors.contains("needs the text of") && output.errors.contains("put a longer run of plain letters"), "\(output.errors)")
        #expect(session.run("army | kwic") == .queryError)
        #expect(output.errors.contains("this answer needs") && output.errors.contains("'| limit N'"), "\(output.errors)")
        // The session's limit on show fetches only the documents shown: one here.
        #expect(session.run(".limit 1") == .success)
        #expect(session.run("Rakosy~") == .queryError)
        #expect(session.run("army | limit 1 | kwic") == .queryError)
    }

    /// A server that goes away in the middle of a query: one line, status 69, nothing printed as an answer.
    /// A proxy passes the connection's first statements to the cluster, then takes the next one and
    /// closes the connection without an answer.
    @Test func aServerLostMidQueryIsOneLineAndStatus69() throws {
        let proxy = """
            import http.server, sys, urllib.request
            passed = 0
            class P(http.server.BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def do_POST(self):
                    global passed
                    body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    if passed >= int(sys.argv[2]):
                        self.connection.close()
                        return
                    passed += 1
                    answer = urllib.request.urlopen(urllib.request.Request(sys.argv[1] + self.path, data=body)).read()
                    self.send_response(200); self.send_header("Content-Length", str(len(answer))); self.end_headers()
                    self.wfile.write(answer)
            s = http.server.HTTPServer(("127.0.0.1", 18424), P)
            print("ready", flush=True)
            s.serve_forever()
            """
        _ = try corpus()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Connecting asks four statements: the schema's version, the server's, the documents, the speakers.
        process.arguments = ["python3", "-c", proxy, Cluster.url, "4"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { Cluster.end(process) }
        _ = out.fileHandleForReading.availableData
        let output = BufferOutput()
        let status = serverCommands("http://127.0.0.1:18424", ["army | count"], options: RunOptions(paths: [], environment: [:]), output: output)
        #expect(status == .unavailable, "\(output.errors)")
        #expect(output.output.isEmpty)
        let lines = output.errors.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: lost the ClickHouse server at http://127.0.0.1:18424"), "\(output.errors)")
    }

    /// Ctrl-C stops a statement on the server as well as in the shell: `KILL QUERY` by its id.
    @Test func aStoppedStatementStopsOnTheServer() throws {
        let connection = try Cluster.connection()
        let started = Date()
        connection.shouldStop = { Date().timeIntervalSince(started) > 0.5 }
        // Counting 10^12 numbers takes hours.
        let slow = "SELECT count() FROM numbers(1000000000000) WHERE number % 7 = 3"
        #expect(throws: ServerError.cancelled) { _ = try connection.execute(slow) }
        #expect(Date().timeIntervalSince(started) < 30)
        let observer = try Cluster.connection()
        var running = 1
        for _ in 0..<50 where running > 0 {
            Thread.sleep(forTimeInterval: 0.2)
            running = Int(try observer.rows("SELECT count() FROM system.processes WHERE query LIKE '%numbers(1000000000000)%' AND query NOT LIKE '%system.processes%'").first?.first ?? "") ?? 1
        }
        #expect(running == 0, "the statement still runs on the server")
        // In a session, a stopped query says so and is no error.
        let output = BufferOutput()
        var options = RunOptions(paths: [], environment: [:])
        options.server = try corpus()
        let (session, _) = Run.start(options, output: output)
        session.shouldStop = { true }
        #expect(session.run("army | count") == .success)
        #expect(output.errors.contains("cancelled") && output.output.isEmpty)
    }

    /// A file pushed beside another of its name is `namesake-2`, as in a session. Pushed alone later it is
    /// `namesake` as read, yet the same document: it replaces itself, keeps its place and its id; and a
    /// document pushed again keeps its place, so the documents stand in the session's order.
    @Test func aDocumentPushedAgainAloneReplacesItselfInItsPlace() throws {
        _ = try corpus()
        let path = try #require(Cluster.documents.first { $0.id == "namesake-2" }?.path)
        let alone = Loader().load([path]).documents
        #expect(alone.map(\.id) == ["namesake"])
        let pusher = Pusher(connection: try Cluster.connection())
        _ = try pusher.push(alone)
        _ = try pusher.push([Cluster.documents[0]])
        let again = try ServerCorpus(connection: try Cluster.connection())
        #expect(again.index.documents.map(\.id) == Cluster.memory.documents.map(\.id))
        for text in ["doc:namesake-2", "doc:namesake", "*"] {
            let (memory, server) = try Agreement.answers(text, settings: MatchSettings(), corpus: again)
            #expect(!memory.isEmpty && memory == server, "\(text): memory \(memory.count), server \(server.count)")
        }
    }

    /// `parley --push` loads as the shell loads: a file with the same text as another is skipped with a
    /// note, not pushed as a second document.
    @Test func pushSkipsAFileWithTheTextOfAnother() throws {
        _ = try corpus()
        let path = try #require(Cluster.documents.first { $0.id == "namesake" }?.path)
        let copy = NSTemporaryDirectory() + "parley-clickhouse-namesake-copy.txt"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let output = BufferOutput()
        #expect(ServerRun.push(Cluster.url, options: RunOptions(paths: [path, copy], environment: [:]), output: output) == .success)
        #expect(output.errors.contains("skipped: the same text as") && output.errors.contains("pushed 1 document, 1 utterance, "), "\(output.errors)")
        let again = try ServerCorpus(connection: try Cluster.connection())
        #expect(again.keys.count == Cluster.memory.documents.count)
    }

    @Test func handWrittenQueriesAgree() throws { try Agreement.handWrittenQueriesAgree(corpus()) }
    @Test func statementsPrintTheSame() throws { try Agreement.statementsPrintTheSame(corpus()) }
    @Test func generatedQueriesAgree() throws { try Agreement.generatedQueriesAgree(corpus()) }

    @Test func pushingAgainReplacesAndAFailedPushLeavesNothing() throws {
        let connection = try Cluster.connection()
        let corpus = try corpus()
        let before = try corpus.counts(try QueryCompiler(corpus: corpus).compile(parseQuery("* | count")))
        // The reference document again, under a new load: the same counts, no rows twice.
        _ = try Pusher(connection: connection).push([Cluster.documents[0]])
        let again = try ServerCorpus(connection: connection)
        #expect(again.keys.count == corpus.keys.count)
        let after = try again.counts(try QueryCompiler(corpus: again).compile(parseQuery("* | count")))
        guard case .counts(let u0, let t0, let d0) = before, case .counts(let u1, let t1, let d1) = after else { return }
        #expect(u0 == u1 && t0 == t1 && d0 == d1)
        // A push that stopped before its `loads` row: its rows are there and never seen.
        let doc = again.keys[0]
        _ = try connection.execute("INSERT INTO parley.utterances (doc, load, u, turn, speaker, kind, text, folded) VALUES (\(doc), 99999999999999999, 0, 1, 0, 'speech', 'half', 'half')",
                                   settings: ["insert_distributed_sync": "1"])
        let stopped = try again.counts(try QueryCompiler(corpus: again).compile(parseQuery("* | count")))
        guard case .counts(let u2, _, _) = stopped else { return }
        #expect(u2 == u1)
    }
}

/// The comparisons of both engines' answers, run on each ClickHouse: Debian's 18.16 cluster (`OnTheCluster`)
/// and a current release through chdb (`OnCurrentClickHouse`).
enum Agreement {
    /// Queries written to cover each compiled construct, on both engines: counts and utterances.
    static func handWrittenQueriesAgree(_ corpus: ServerCorpus) throws {
        let queries = [
            "*", "army", "ÁVH", "avh", "rakosi", "Péter", "you", "it's", "co-operatives", "cooperatives", "\"8-10,000\"", "U.S.",
            "\"collective leadership\"", "\"army purge\"~5", "\"army purge plan\"~2", "\"the the\"", "\"Red Army\"",
            "collectiv*", "rák*", "Rakosy~", "Rakosy~1", "leadrship~", "ávh~2", "zzzzzzzzz~", "qqqq~", "qqqq~ zzqq", "qqqq~ 00qq", "qqqq~1", "speaker:Berija~", "army leadership", "army AND leadership", "army OR leadership", "army -leadership",
            "NOT army", "-(army OR peace)", "(army OR peace) Hungary", "speaker:Beria", "speaker:beria army", "speaker:rak*",
            "speaker:\"Imre Nagy\"", "speaker:cde", "speaker:*", "-speaker:*", "speaker:Berija", "speaker:President",
            "doc:1953*", "doc:kremlin", "doc:\"Memorandum of Conversation\"", "doc:rusk", "doc:*", "doc:nothing",
            "date:1953", "date:1953-06..1962-10", "date:>=1960", "date:<1961", "date:*", "-date:*",
            "kind:interjection", "kind:speech", "kind:direction", "kind:narrative", "kind:*",
            "turn:5", "turn:3..7", "turn:>20", "turn:*", "-turn:*", "text:\"Red Army\"", "text:army",
            "speaker:Beria OR kind:interjection army", "pre*", "pre5*", "pre* speaker:Smith", "party:JuntsPelSí", "party:C*", "role:*", "-role:*", "sex:*", "age:*", "party:JuntsPelSí Catalunya",
            "/arrest(ed)?/", "/rakosi/", "/RÁKOSI/", "/\\bpurg/", "/[A-Z]{3}/", "/\\d+/", "/^yes/", "/army|peace/", "/colle[ck]tive\\s+leader/",
            "/ß/", "/(ab){2}/", "/a\\bb/", "/x{0}/", "/leader(ship)? of/ speaker:Beria", "-/the/",
            "after:(speaker:Beria)~1", "before:(army)~2", "after:(speaker:Berija)~1 army", "near:(army)~3 purge", "near:(\"Red Army\")~2,6 Hungary",
            "-near:(army) the", "written:Army", "written:\"Red Army\"", "-written:the", "to:*", "-to:*", "label:*", "mentions:Rákosi",
            "mentions:Beria army", "host:Beria", "interrupter:*", "interrupted:Rákosi", "party:*", "role:*", "time:*", "unit:*", "number:>100",
            "code:*", "editorial:*", "sex:*", "age:*", "next:*", "_", "army _", "-_", "\"_\"~3", "doc:namesake-2", "doc:namesake",
        ]
        var agreed = 0
        for text in queries {
            for editorial in [true, false] {
                let settings = MatchSettings(editorial: editorial)
                let (memory, server) = try answers(text, settings: settings, corpus: corpus)
                #expect(memory == server, "\(text) (editorial \(editorial ? "on" : "off")): memory \(memory.count), server \(server.count)")
                if memory == server { agreed += 1 }
            }
        }
        #expect(agreed == queries.count * 2)
    }

    /// Statements print the same on both engines, character for character: counts, tables with their
    /// drill-down queries, and the stages that run on the fetched documents, under the session's settings.
    static func statementsPrintTheSame(_ corpus: ServerCorpus) throws {
        let script = [
            "* | count", "army | count", "speaker:Beria | count", "* | count by speaker", "* | count by doc",
            "kind:interjection | count by speaker", "date:1953 | count by doc", "-speaker:* | count by doc",
            "army | count by speaker", "\"collective leadership\" | count by doc", "army OR peace | count by speaker | sort by hits desc",
            "army", "army | kwic", "army | kwic 20 sort right", "speaker:Beria army | show", "army | limit 3", "army | limit 3 | count",
            "army | sort by speaker | limit 4", "Hungary | cite", "speaker:Malenkov | words 10", "army | ngrams 2",
            "army | timeline", "collectiv* | kwic | limit 2", "Rakosy~ | kwic",
            ".define force = army OR military", "@force | count by speaker", "@force | kwic", "topic:ÁVH | count", "topic:nothing | count",
            ".drill 1", ".limit 2", "army", "army | kwic", ".limit 0", ".context 1", "\"collective leadership\"", ".context 0",
            ".mode kwic", "peace", ".mode text", ".editorial off", "army | count by speaker", "army | words 5", ".editorial on",
            "army | limit 1000 | count by doc", "zzzzzz", "zzzzzz | kwic", "zzzzzz | count by speaker",
            "/arrest(ed)?/ | kwic", "/\\d{4}/ | count by doc", "/(/", "topic:* | count",
            "after:(speaker:Beria)~1 | count by speaker", "after:(speaker:Berija)~1 | count", "near:(army)~3 purge | kwic",
            "written:Army | count by speaker", "* | interruptions", "speaker:Beria | interruptions by doc", "* | transitions",
            "kind:interjection | transitions | sort by count desc | limit 3",
            "army | collocates", "army OR peace | collocates window 2 3 by ll min 1", "Hungary | collocates by logdice stopwords",
            "speaker:Beria | keywords", "speaker:Beria | keywords vs (speaker:Malenkov) min 2", "/arrest/ | keywords | limit 5",
            "zzzzzz | collocates", "* | keywords", ".editorial off", "army | collocates by t", "speaker:Molotov | keywords", ".editorial on",
            "army | count by date", "* | count by speaker, doc", "army | count by doc, speaker", "* | count by date year",
            "speaker:Beria | count by date, speaker", "kind:interjection | count by date month, doc", ".editorial off",
            "army | count by speaker, doc", "army | count by kind", ".editorial on", "army | count by kind", "* | count by turn",
            "army | count by speaker, kind", "kind:interjection | count by turn, doc", "peace | count by date, kind",
            "* | count by party", "* | count by role", "Catalunya | count by party", "Catalunya | count by party, doc", "party:* | count",
            "party:JuntsPelSí | count by speaker", "role:* | count by doc", "* | count by unit", "unit:* | count by unit, doc",
            "pre* | count", "pre* | kwic | limit 3", "qqqq~ | count", "qqqq~ | count by doc", "pre59* | count by doc", "* | count by time 1m", "* | count by time 30s, speaker",
            "kind:interjection | count by time 10m", "* | count by kind, unit", "sex:* | count", "-party:* | count",
            "Catalunya | count by role, kind", "namesake | kwic", "namesake | count by doc, speaker",
            ".within turn", "army AND peace | count", "army | collocates", "army | count by date", "speaker:Beria | keywords vs (speaker:Malenkov)", "army peace | limit 2", "-army | count", "speaker:Beria army | count by speaker",
            "(army OR Hungary) -speaker:Malenkov | count by doc", "after:(speaker:Beria)~1 army | count", "/arrest/ comrade | kwic",
            ".within document", "army AND peace | count", "army | count by speaker", "-army | limit 1", ".within utterance", "mentions:Rákosi | kwic | limit 3", "to:nobody | count", "after:(/(/)~1",
        ]
        let memoryOutput = BufferOutput(), serverOutput = BufferOutput()
        let memory = Session(index: Cluster.memory, output: memoryOutput)
        var options = RunOptions(paths: [], environment: [:])
        options.server = corpus
        let (server, _) = Run.start(options, output: serverOutput)
        #expect(server.server != nil)
        for statement in script {
            let start = (memoryOutput.output.count, memoryOutput.errors.count, serverOutput.output.count, serverOutput.errors.count)
            let statuses = (memory.run(statement), server.run(statement))
            #expect(statuses.0 == statuses.1, "\(statement)")
            let printed = (String(memoryOutput.output.dropFirst(start.0)), String(serverOutput.output.dropFirst(start.2)))
            let said = (String(memoryOutput.errors.dropFirst(start.1)), String(serverOutput.errors.dropFirst(start.3)))
            #expect(printed.0 == printed.1, "\(statement):\n\(printed.0)\nagainst\n\(printed.1)")
            #expect(said.0 == said.1, "\(statement):\n\(said.0)\nagainst\n\(said.1)")
        }
        // The comparison compared something: every stage printed.
        #expect(serverOutput.output.count > 20_000 && serverOutput.output.contains("⟦"))
    }

    /// The seeded generator of the FTS5 differential test (words, rare words, diacritics, apostrophes,
    /// prefixes, phrases, proximity, `speaker:`, AND, OR, NOT, parentheses: all compiled), on both engines.
    static func generatedQueriesAgree(_ corpus: ServerCorpus) throws {
        var generator = QueryGenerator(index: Cluster.memory, seed: 18)
        var asked = 0, agreed = 0
        var seen: Set<String> = []
        while asked < 500 {
            guard let generated = generator.query() else { continue }
            guard seen.insert(generated.parley).inserted else { continue }
            asked += 1
            let (memory, server) = try answers(generated.parley, settings: MatchSettings(), corpus: corpus)
            if memory == server { agreed += 1 } else {
                Issue.record("\(generated.kind) '\(generated.parley)': memory \(memory.count), server \(server.count)")
            }
        }
        print("ClickHouse \(corpus.version) differential: \(agreed) of \(asked) generated queries agree")
        #expect(agreed == asked)
    }

    /// Both engines' answers to one query: the matched utterances as (document id, utterance).
    static func answers(_ text: String, settings: MatchSettings, corpus: ServerCorpus) throws -> ([String], [String]) {
        var runner = QueryRunner(index: Cluster.memory, settings: settings, named: NamedQueries(), stopWords: .perLanguage)
        runner.displayLimit = nil
        let result = runner.run(text + " | count")
        let memory = (result.matched?.members ?? []).map { u -> String in
            let a = Cluster.memory.address(u)
            return Cluster.memory.documents[a.document].id + "#" + String(a.index)
        }.sorted()
        let query = parseQuery(text)
        if query.hasErrors { Issue.record("'\(text)' does not parse") }
        let compiler = QueryCompiler(corpus: corpus, settings: settings)
        let compiled = try compiler.compile(query)
        let server = try corpus.matches(compiled).map { corpus.index.documents[$0.document].id + "#" + String($0.utterance) }.sorted()
        return (memory, server)
    }
}
