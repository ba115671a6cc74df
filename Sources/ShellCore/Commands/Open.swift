import Foundation
import TranscriptFormats
import TranscriptModel

extension Command {
    static let open = Command(
        name: "open", arguments: "[PATH...]", summary: "replace what is loaded with these transcripts (none: the reference document)",
        help: """
            Loads files and folders in place of everything loaded, as sqlite3's `.open` does; when none of the
            paths gives a document, or Ctrl-C stops the load, nothing changes. `.open` alone reopens the built-in reference document.
            `.load` adds beside what is loaded instead.
            """,
        completion: .path) { session, arguments in
            let paths = Words.split(arguments).map(session.resolve)
            let result = session.open(paths)
            if result.cancelled {
                session.terminal.writeError("\ncancelled: nothing was loaded; what was loaded before stays\n")
                return .success
            }
            if result.failed { session.inputFailed = true }
            guard !result.documents.isEmpty else {
                session.note("nothing was read from '\(arguments)'; what was loaded stays")
                return .success
            }
            session.writeMessage(Loading.summary(of: result.documents, in: session))
            return .success
        }
}
