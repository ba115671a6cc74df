@testable import ClickHouseBackend
import Foundation
import Testing

/// The HTTP requests themselves, against a small server of Python's that shows what it was sent: no
/// ClickHouse is needed, and a server that refuses can be made to order.
@Suite(.serialized) struct HTTPRequests {
    /// Answers each POST with what it received, as JSON; a POST whose statement starts `REFUSE` gets a 401
    /// with ClickHouse's words, and `SLOW` an answer after thirty seconds.
    static let server = """
        import http.server, json, sys, time
        class S(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a): pass
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if body.startswith(b"REFUSE"):
                    answer, status = b"Code: 516. DB::Exception: nobody: Authentication failed", 401
                else:
                    if body.startswith(b"SLOW"): time.sleep(30)
                    answer, status = json.dumps({"path": self.path, "authorization": self.headers.get("Authorization"),
                        "type": self.headers.get("Content-Type"), "body": body.decode("utf-8")}).encode(), 200
                self.send_response(status); self.send_header("Content-Length", str(len(answer))); self.end_headers()
                self.wfile.write(answer)
        s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), S)
        print(s.server_address[1], flush=True)
        s.serve_forever()
        """

    /// Runs `body` with the server's URL, the server running.
    func withServer(_ body: (String) throws -> Void) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.server]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        defer { Cluster.end(process) }
        let port = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(Int(port) != nil, "the test server did not start: '\(port)'")
        try body("http://127.0.0.1:\(port)")
    }

    func received(_ answer: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(answer.utf8))
        return try #require(object as? [String: Any]).compactMapValues { $0 as? String }
    }

    @Test func aStatementIsOnePostWithItsDataSettingsAndCredentials() throws {
        try withServer { url in
            let connection = Connection(try ServerAddress(url.replacingOccurrences(of: "://", with: "://ann:pä ss@"), environment: [:]))
            let rows = Array("1\tLászló\n".utf8)
            let answer = try received(connection.execute("INSERT INTO t FORMAT TabSeparated", data: rows, settings: ["insert_quorum": "2"]))
            #expect(answer["body"] == "INSERT INTO t FORMAT TabSeparated\n1\tLászló\n")
            #expect(answer["authorization"] == "Basic " + Data("ann:pä ss".utf8).base64EncodedString())
            #expect(answer["type"] == "text/plain; charset=utf-8")
            let path = try #require(answer["path"])
            #expect(path.hasPrefix("/?query_id=parley-") && path.hasSuffix("&insert_quorum=2"), "\(path)")
            // No credentials, no header; a long statement raises the parser's limits in the URL.
            let anonymous = Connection(try ServerAddress(url, environment: [:]))
            let long = "SELECT '" + String(repeating: "x", count: 250_000) + "'"
            let second = try received(anonymous.execute(long))
            #expect(second["authorization"] == nil && second["body"] == long)
            #expect(second["path"]?.contains("max_query_size=\(long.utf8.count + 1024)") == true)
        }
    }

    @Test func a401IsRefusedCredentialsWithAHint() throws {
        try withServer { url in
            let anonymous = Connection(try ServerAddress(url, environment: [:]))
            #expect(throws: ServerError.refused(url, "it asks for a user and password (set PARLEY_CLICKHOUSE_USER and PARLEY_CLICKHOUSE_PASSWORD, or write them in the URL)")) {
                try anonymous.execute("REFUSE")
            }
            let named = Connection(try ServerAddress(url, environment: ["PARLEY_CLICKHOUSE_USER": "nobody", "PARLEY_CLICKHOUSE_PASSWORD": "x"]))
            #expect(throws: ServerError.refused(url, "unknown user 'nobody' or wrong password")) { try named.execute("REFUSE") }
        }
    }

    @Test func aServerSilentPastTheTimeoutIsLostOrUnreachable() throws {
        try withServer { url in
            let connection = Connection(try ServerAddress(url, environment: [:]))
            connection.timeout = 1
            let started = Date()
            #expect(throws: ServerError.unreachable(url, "timed out")) { try connection.execute("SLOW") }
            #expect(Date().timeIntervalSince(started) < 20)
        }
    }

    @Test func noServerAndNoHostAreSaidInWords() throws {
        // Port 1 on this machine: nothing listens there.
        #expect(throws: ServerError.unreachable("http://127.0.0.1:1", "connection refused")) {
            try Connection(try ServerAddress("http://127.0.0.1:1", environment: [:])).execute("SELECT 1")
        }
        #expect(throws: ServerError.unreachable("http://no-such-host.invalid:8123", "no such host")) {
            try Connection(try ServerAddress("http://no-such-host.invalid:8123", environment: [:])).execute("SELECT 1")
        }
    }
}
