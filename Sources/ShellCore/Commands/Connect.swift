import ClickHouseBackend
import Foundation

extension Command {
    static let connect = Command(
        name: "connect", arguments: "[URL]", summary: "ask the documents of a ClickHouse cluster from now on",
        help: """
            `.connect URL` moves the session onto the ClickHouse cluster at URL (one that `parley --push` or
            `.push` filled), as `parley --server URL` starts it: queries are compiled to SQL and answered
            there, with the same settings, named queries and output. `.connect` alone says where queries
            go; `.open PATH` comes back to transcripts read here. Credentials come from the URL or from
            `PARLEY_CLICKHOUSE_USER` and `PARLEY_CLICKHOUSE_PASSWORD`. A malformed URL is an error (65); a
            server that cannot be reached, refuses the credentials or holds another schema version gives
            one line and status 69, and the session stays where it was.
            """,
        completion: .none) { session, arguments in
            let text = arguments.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                let place = session.server.map { "the ClickHouse server at \($0.connection.address) (\($0.keys.count) documents)" }
                return session.showSetting("queries ask", place ?? "the transcripts loaded here")
            }
            switch ServerRun.connect(text, environment: ProcessInfo.processInfo.environment, output: session.messages) {
            case .success(let corpus):
                session.connect(corpus)
                session.note("queries now ask the ClickHouse \(corpus.version) server at \(corpus.connection.address): \(corpus.keys.count) documents")
                return .success
            case .failure(let failure):
                return failure.status == .usage ? .queryError : failure.status
            }
        }
}
