import CCurl
import Foundation

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
/// the body (so no URL length limit applies), settings in the URL, credentials in a Basic header. The
/// requests are libcurl's, loaded when the first one is made (see `CCurl`).
public final class Connection: @unchecked Sendable {
    public let address: ServerAddress
    /// Seconds to wait for a connection, or for the next bytes of an answer, before giving up.
    public var timeout: TimeInterval = 300
    /// Polled while a statement runs; true stops it here and on the server (`KILL QUERY`).
    public var shouldStop: () -> Bool = { false }

    public init(_ address: ServerAddress) {
        self.address = address
    }

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
        let url = (parts.url ?? address.endpoint).absoluteString
        let payload = body.isEmpty ? Array(statement.utf8) : Array(statement.utf8) + [0x0A] + body
        let authorization = address.user.map { user in "Basic " + Data((user + ":" + (address.password ?? "")).utf8).base64EncodedString() }
        let server = address.description
        guard let request = parley_http_new() else { throw .unreachable(server, "out of memory") }
        defer { parley_http_free(request) }
        // The request runs on a thread of its own, so that this one can notice the user stopping it.
        nonisolated(unsafe) let running = request
        let milliseconds = Int(max(1, timeout * 1000))
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            result.code = payload.withUnsafeBufferPointer { bytes in
                parley_http_post(running, url, authorization, bytes.baseAddress, bytes.count, milliseconds)
            }
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            guard shouldStop() else { continue }
            parley_http_stop(request)
            kill(queryID)
            done.wait()
            throw .cancelled
        }
        let code = result.code
        if code != 0 {
            let why = Connection.reason(code, String(cString: parley_http_error(request)))
            throw Connection.lostCodes.contains(code) ? .lost(server, why) : .unreachable(server, why)
        }
        var count = 0
        let bytes = parley_http_body(request, &count)
        let text = bytes.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""
        let status = parley_http_status(request)
        if status == 200 { return text }
        // A server that wants credentials answers 401 whatever its text says.
        if status == 401 {
            throw .refused(server, address.user == nil
                ? "it asks for a user and password (set PARLEY_CLICKHOUSE_USER and PARLEY_CLICKHOUSE_PASSWORD, or write them in the URL)"
                : "unknown user '\(address.user ?? "")' or wrong password")
        }
        throw Connection.failure(status: status, text: text, server: server)
    }

    /// libcurl's results that mean the connection was made and then lost: an empty answer (52), an error
    /// sending (55) or receiving (56), an answer shorter than it said (18).
    static let lostCodes: Set<Int32> = [18, 52, 55, 56]

    /// libcurl's result in words, for the common ones; its own words for the others.
    static func reason(_ code: Int32, _ detail: String) -> String {
        switch code {
        case 6: return "no such host"
        case 7: return "connection refused"
        case 28: return "timed out"
        case 52, 55, 56: return "the connection was lost"
        default: return detail
        }
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

/// What the request's thread found, read by the waiting thread after the semaphore.
private final class ResultBox: @unchecked Sendable {
    var code: Int32 = 0
}
