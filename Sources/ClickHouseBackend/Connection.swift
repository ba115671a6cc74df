import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where a ClickHouse cluster answers, and as whom: `http://[USER[:PASSWORD]@]HOST[:PORT][/?cluster=NAME]`.
/// `PARLEY_CLICKHOUSE_USER` and `PARLEY_CLICKHOUSE_PASSWORD` stand in for what the URL leaves out. The
/// password is kept apart and never appears in `description`.
public struct ServerAddress: Sendable, CustomStringConvertible {
    /// The URL without user or password.
    public let endpoint: URL
    public let user: String?
    let password: String?
    /// The name of the cluster in the servers' `remote_servers` that the Distributed tables span.
    public let cluster: String

    /// Why a URL cannot be used, in words for the command line.
    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Malformed) {
        guard var parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased() else {
            throw Malformed(description: "'\(ServerAddress.redacted(text))' is not a URL; write http://HOST:PORT, for example http://127.0.0.1:8123")
        }
        guard scheme == "http" || scheme == "https" else {
            throw Malformed(description: "'\(ServerAddress.redacted(text))' is not an http:// or https:// URL; ClickHouse answers Parley over HTTP, for example http://127.0.0.1:8123")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw Malformed(description: "'\(ServerAddress.redacted(text))' names no host; write http://HOST:PORT")
        }
        _ = host
        if let port = parts.port, !(1...65535).contains(port) {
            throw Malformed(description: "'\(ServerAddress.redacted(text))' has no valid port")
        }
        var cluster = "parley"
        for item in parts.queryItems ?? [] {
            switch item.name {
            case "cluster":
                guard let value = item.value, !value.isEmpty,
                      value.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }) else {
                    throw Malformed(description: "the cluster in '\(ServerAddress.redacted(text))' must be a name of letters, digits and '_'")
                }
                cluster = value
            default:
                throw Malformed(description: "'\(ServerAddress.redacted(text))' has an unknown setting '\(item.name)'; the only one is 'cluster'")
            }
        }
        guard parts.path.isEmpty || parts.path == "/" else {
            throw Malformed(description: "'\(ServerAddress.redacted(text))' has a path; write http://HOST:PORT")
        }
        user = parts.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PARLEY_CLICKHOUSE_USER"].flatMap { $0.isEmpty ? nil : $0 }
        password = parts.password ?? environment["PARLEY_CLICKHOUSE_PASSWORD"]
        self.cluster = cluster
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.path = "/"
        guard let url = parts.url else { throw Malformed(description: "'\(ServerAddress.redacted(text))' is not a URL") }
        endpoint = url
    }

    /// The URL as shown: without user, password or settings.
    public var description: String {
        var text = endpoint.absoluteString
        if text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// A URL as it may be shown: any password replaced by `***`.
    public static func redacted(_ text: String) -> String {
        // The last `@`: a password with an `@` in it, written as it is, is still all hidden.
        guard let at = text.range(of: "@", options: .backwards), let scheme = text.range(of: "://"), scheme.upperBound < at.lowerBound else { return text }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at.lowerBound...])
    }

    /// The same server on another host (a shard of the cluster), with the same credentials and port.
    func onHost(_ host: String) -> ServerAddress {
        guard var parts = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else { return self }
        parts.host = host
        return ServerAddress(endpoint: parts.url ?? endpoint, user: user, password: password, cluster: cluster)
    }

    private init(endpoint: URL, user: String?, password: String?, cluster: String) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.cluster = cluster
    }
}

/// Why the server could not answer; every case is one line for the user and exit status 69, except a
/// query the server rejected, which is Parley's own mistake (status 70).
public enum ServerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No connection (refused, timed out, no such host).
    case unreachable(String, String)
    /// The connection was made and then lost before the answer came (the server stopped, a proxy dropped it).
    case lost(String, String)
    /// The server refused the user or password.
    case refused(String, String)
    /// The cluster holds no Parley tables, or another version of them.
    case schema(String, String)
    /// The server answered with an error to a statement Parley made.
    case rejected(String, String)
    /// The user stopped the statement (Ctrl-C); it was stopped on the server too.
    case cancelled

    public var description: String {
        switch self {
        case .unreachable(let server, let why): return "cannot reach the ClickHouse server at \(server): \(why)"
        case .lost(let server, let why): return "lost the ClickHouse server at \(server) before it answered: \(why)"
        case .refused(let server, let why): return "the ClickHouse server at \(server) refused the credentials: \(why)"
        case .schema(let server, let why): return "the ClickHouse server at \(server) \(why)"
        case .rejected(let server, let why): return "the ClickHouse server at \(server) rejected a statement: \(why)"
        case .cancelled: return "cancelled"
        }
    }

    /// Whether the server is unusable (status 69) rather than Parley at fault.
    public var isUnavailable: Bool {
        switch self {
        case .rejected, .cancelled: return false
        default: return true
        }
    }
}

/// One ClickHouse server spoken to over its HTTP interface: each statement is one POST, the statement in
/// the body (so no URL length limit applies), settings in the URL, credentials in a Basic header.
public final class Connection: @unchecked Sendable {
    public let address: ServerAddress
    private let session: URLSession
    private let challenges = NoChallenges()
    /// Seconds a statement may take before the connection counts as lost.
    public var timeout: TimeInterval = 300
    /// Polled while a statement runs; true stops it here and on the server (`KILL QUERY`).
    public var shouldStop: () -> Bool = { false }

    public init(_ address: ServerAddress) {
        self.address = address
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 300
        configuration.urlCredentialStorage = nil
        session = URLSession(configuration: configuration, delegate: challenges, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Runs a statement and returns the server's answer as text. `body` follows the statement in the
    /// request (an INSERT's rows), so rows never pass through the SQL parser.
    public func execute(_ statement: String, data body: [UInt8] = [], settings: [String: String] = [:]) throws(ServerError) -> String {
        var parts = URLComponents(url: address.endpoint, resolvingAgainstBaseURL: false) ?? URLComponents()
        if shouldStop() { throw .cancelled }
        // Named, so that a statement the user stops can be stopped on the server as well.
        let queryID = "parley-" + UUID().uuidString
        var items = [URLQueryItem(name: "query_id", value: queryID)]
        // A statement with a long literal would pass the parser's default limit of 256 KiB, and one that
        // names many utterances (a regular expression's matches) its limits on the syntax tree (50,000
        // elements, 500,000 expanded): each element takes at least a byte of the statement.
        let size = statement.utf8.count
        if size > 200_000 { items.append(URLQueryItem(name: "max_query_size", value: String(size + 1024))) }
        if size > 40_000 {
            items.append(URLQueryItem(name: "max_ast_elements", value: String(max(50_000, size))))
            items.append(URLQueryItem(name: "max_expanded_ast_elements", value: String(max(500_000, 10 * size))))
        }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) { items.append(URLQueryItem(name: name, value: value)) }
        parts.queryItems = items
        var request = URLRequest(url: parts.url ?? address.endpoint)
        request.httpMethod = "POST"
        request.timeoutInterval = timeout
        var payload = Data(statement.utf8)
        if !body.isEmpty {
            payload.append(0x0A)
            payload.append(contentsOf: body)
        }
        request.httpBody = payload
        if let user = address.user {
            let token = Data((user + ":" + (address.password ?? "")).utf8).base64EncodedString()
            request.setValue("Basic " + token, forHTTPHeaderField: "Authorization")
        }
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            box.data = data
            box.status = (response as? HTTPURLResponse)?.statusCode
            box.error = error
            done.signal()
        }
        task.resume()
        while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            guard shouldStop() else { continue }
            task.cancel()
            kill(queryID)
            done.wait()
            throw .cancelled
        }
        let server = address.description
        if challenges.wasChallenged(task.taskIdentifier) {
            throw .refused(server, address.user == nil
                ? "it asks for a user and password (set PARLEY_CLICKHOUSE_USER and PARLEY_CLICKHOUSE_PASSWORD, or write them in the URL)"
                : "unknown user '\(address.user ?? "")' or wrong password")
        }
        if let error = box.error {
            let code = (error as NSError).code
            if code == NSURLErrorNetworkConnectionLost || code == NSURLErrorBadServerResponse || code == NSURLErrorZeroByteResource {
                throw .lost(server, Connection.reason(error))
            }
            throw .unreachable(server, Connection.reason(error))
        }
        let text = String(decoding: box.data ?? Data(), as: UTF8.self)
        guard let status = box.status else { throw .lost(server, "no answer") }
        if status == 200 { return text }
        throw Connection.failure(status: status, text: text, server: server)
    }

    /// What an answer other than 200 means, from its HTTP status and ClickHouse's error text.
    static func failure(status: Int, text: String, server: String) -> ServerError {
        let message = Connection.serverMessage(text)
        // 516 AUTHENTICATION_FAILED, 192 UNKNOWN_USER, 193 WRONG_PASSWORD, 194 REQUIRED_PASSWORD, 195 IP_ADDRESS_NOT_ALLOWED.
        if status == 401 || status == 403 || ["Code: 516", "Code: 192", "Code: 193", "Code: 194", "Code: 195"].contains(where: text.hasPrefix) {
            return .refused(server, message)
        }
        // 81 UNKNOWN_DATABASE, 60 UNKNOWN_TABLE: no Parley tables there.
        if text.hasPrefix("Code: 81") || text.hasPrefix("Code: 60") {
            return .schema(server, "holds no Parley tables (\(message)); `parley --push` makes them, or run Scripts/clickhouse-cluster.sh")
        }
        // 279 ALL_CONNECTION_TRIES_FAILED, 210 NETWORK_ERROR, 209 SOCKET_TIMEOUT: a shard of the cluster is down, so
        // the cluster cannot answer for all its documents. The first line says only "All connection tries
        // failed. Log:"; the lines after it say which shard and why.
        let network = ["Code: 279", "Code: 210", "Code: 209"]
        if network.contains(where: text.hasPrefix) {
            let detail = text.split(separator: "\n").dropFirst().first { line in network.contains(where: line.hasPrefix) }
            return .unreachable(server, "a shard of its cluster does not answer (\(Connection.serverMessage(detail.map(String.init) ?? text)))")
        }
        return .rejected(server, message)
    }

    /// Stops a statement on the server (and, through the Distributed tables, on the shards), best effort:
    /// a server that does not answer within a few seconds is left to finish it.
    private func kill(_ queryID: String) {
        let stopper = Connection(address)
        stopper.timeout = 5
        _ = try? stopper.execute("KILL QUERY WHERE query_id = " + SQL.literal(queryID) + " ASYNC")
    }

    /// The server's error without its stack and repetition: `Code: 60, e.displayText() = DB::Exception: Table ... doesn't exist`.
    static func serverMessage(_ text: String) -> String {
        var line = text.split(separator: "\n").first.map(String.init) ?? text
        if let range = line.range(of: "e.displayText() = ") { line = String(line[range.upperBound...]) }
        if let range = line.range(of: ", e.what()") { line = String(line[..<range.lowerBound]) }
        if line.count > 300 { line = String(line.prefix(300)) + "..." }
        return line.trimmingCharacters(in: .whitespaces)
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        switch nsError.code {
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorCannotFindHost: return "no such host"
        case NSURLErrorNetworkConnectionLost: return "the connection was lost"
        default: return nsError.localizedDescription
        }
    }

    /// Rows of tab-separated text, each field unescaped.
    public func rows(_ query: String) throws(ServerError) -> [[String]] {
        let text = try execute(query + " FORMAT TabSeparated")
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { TabSeparated.unescape($0) }
        }
    }

    /// Checks that the cluster holds Parley's tables of this version.
    public func checkSchema() throws(ServerError) {
        let found = try rows("SELECT max(version) FROM parley.schema_version").first?.first.flatMap { Int($0) } ?? 0
        if found != Schema.version {
            throw .schema(address.description, "holds Parley tables of schema version \(found), and this is parley with version \(Schema.version)")
        }
    }

    /// The hosts of the cluster's shards, as the server lists them.
    public func shardHosts() throws(ServerError) -> [String] {
        try rows("SELECT host_address FROM system.clusters WHERE cluster = \(SQL.literal(address.cluster)) ORDER BY shard_num, replica_num").map { $0[0] }
    }
}

/// Credentials go in the request's own header; a server that refuses them answers 401 with a challenge,
/// which must not be answered (without a delegate, FoundationNetworking on Linux waits on it for ever).
private final class NoChallenges: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var challenged: Set<Int> = []

    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        lock.lock()
        challenged.insert(task.taskIdentifier)
        lock.unlock()
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    /// Whether the server challenged this task's credentials (and so refused them); forgets the task.
    func wasChallenged(_ task: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return challenged.remove(task) != nil
    }
}

private final class ResponseBox: @unchecked Sendable {
    var data: Data?
    var status: Int?
    var error: Error?
}
