import ClickHouseBackend
import Foundation

extension Command {
    static let push = Command(
        name: "push", arguments: "URL", summary: "push the loaded documents to a ClickHouse cluster",
        help: """
            `.push URL` writes the documents this session has loaded (the reference document when nothing else
            is) to the ClickHouse cluster at URL, as `parley --push URL PATHS` does: each replaces an earlier
            push of the same file, and a push cut short leaves nothing half written. Credentials come from the
            URL or from `PARLEY_CLICKHOUSE_USER` and `PARLEY_CLICKHOUSE_PASSWORD`; a password typed in the URL
            is kept out of the history and of records (as `***`), so prefer the variable. A malformed URL is
            an error (65); a server that cannot be reached, refuses the credentials or holds another schema
            version gives one line and status 69.
            """,
        completion: .none) { session, arguments in
            let text = arguments.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return session.fail("'.push' needs the URL of a ClickHouse server, for example .push http://127.0.0.1:8123") }
            do throws(ServerAddress.Malformed) {
                let address = try ServerAddress(text)
                return ServerRun.push(session.index.documents, to: address, quiet: session.quiet, output: session.messages)
            } catch {
                return session.fail(error.description)
            }
        }
}
