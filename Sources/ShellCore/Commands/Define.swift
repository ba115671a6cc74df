import Foundation
import QueryEngine
import QueryLanguage

extension Command {
    static let define = Command(
        name: "define", arguments: "NAME = QUERY", summary: "name a query, used as @NAME",
        help: "Names any query: `.define purge = army purg*`, then `@purge speaker:Bulganin`.",
        completion: .query) { session, arguments in
            storeDefinition(session, arguments, command: "define") { session.named.define($0, $1) }
        }
}
