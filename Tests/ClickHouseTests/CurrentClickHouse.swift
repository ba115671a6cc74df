import ClickHouseBackend
import Foundation
import Testing

/// A current ClickHouse release (chdb's), served by `Scripts/chdb-server.sh` on a port of its own with fresh
/// data for the test run, and stopped when the test process ends.
enum CurrentClickHouse {
    static let url = "http://127.0.0.1:18423"
    static let data = NSTemporaryDirectory() + "parley-chdb-tests"
    nonisolated(unsafe) static var server: Process?

    /// Nil when the server answers; otherwise why the tests that need it are skipped.
    static let unavailableReason: String? = {
        try? FileManager.default.removeItem(atPath: data)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [Cluster.repository.appendingPathComponent("Scripts/chdb-server.sh").path, "--port", "18423", "--data", data]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch { return "Scripts/chdb-server.sh could not run: \(error)" }
        server = process
        atexit {
            if let server = CurrentClickHouse.server { Cluster.end(server) }
            try? FileManager.default.removeItem(atPath: CurrentClickHouse.data)
        }
        // The first run installs chdb from PyPI: minutes, not seconds.
        let connection = Connection(try! ServerAddress(url, environment: [:]))
        connection.timeout = 5
        let deadline = Date().addingTimeInterval(900)
        while Date() < deadline {
            guard process.isRunning else {
                let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                return "chdb could not be installed or started (no PyPI here?): " + said.trimmingCharacters(in: .whitespacesAndNewlines).suffix(300)
            }
            if (try? connection.execute("SELECT 1")) != nil { return nil }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return "the chdb server did not answer within 15 minutes"
    }()

    static var isAvailable: Bool {
        if let reason = unavailableReason { FileHandle.standardError.write(Data("current-ClickHouse tests skipped: \(reason)\n".utf8)) }
        return unavailableReason == nil
    }

    /// The documents of `Cluster.documents`, pushed as they are to the cluster.
    static let pushed: Result<ServerCorpus, Error> = {
        Result {
            let connection = Connection(try ServerAddress(url, environment: [:]))
            _ = try Pusher(connection: connection).push([Cluster.documents[0]])
            _ = try Pusher(connection: connection).push(Array(Cluster.documents.dropFirst()))
            return try ServerCorpus(connection: connection)
        }
    }()
}

/// The same comparisons as on Debian's ClickHouse 18.16 cluster, on a current release: the SQL Parley
/// writes must give the in-memory engine's answers on both.
@Suite(.serialized, .enabled("chdb (a current ClickHouse) is not available here; the line above says why") { CurrentClickHouse.isAvailable })
struct OnCurrentClickHouse {
    func corpus() throws -> ServerCorpus { try CurrentClickHouse.pushed.get() }

    @Test func itIsACurrentRelease() throws {
        let version = try corpus().version
        #expect(Int(version.prefix { $0 != "." }) ?? 0 >= 24, "ClickHouse \(version)")
    }

    @Test func handWrittenQueriesAgree() throws { try Agreement.handWrittenQueriesAgree(corpus()) }
    @Test func statementsPrintTheSame() throws { try Agreement.statementsPrintTheSame(corpus()) }
    @Test func generatedQueriesAgree() throws { try Agreement.generatedQueriesAgree(corpus()) }
}
