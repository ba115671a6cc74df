import Foundation
import TranscriptFormats

extension Command {
    static let load = Command(
        name: "load", arguments: "PATH...", summary: "load more transcripts (files or folders) beside those loaded",
        help: """
            Loads files and folders into the session, beside what is loaded. A file already loaded (the same
            path, or the same text under another name) is skipped with a note. A path that cannot be read gets
            one line naming it and why; the others still load, and a script ends with status 66. On a terminal a
            load that takes more than a second shows its progress; Ctrl-C stops the load and adds nothing. `.open`
            replaces what is loaded instead; `.unload` removes documents.
            """,
        completion: .path) { session, arguments in
            let paths = Words.split(arguments).map(session.resolve)
            guard !paths.isEmpty else { return session.fail("'.load' needs a file or folder") }
            let result = Loading.load(paths, loader: session.shellLoader, output: session.messages, beside: session.documents, quiet: session.quiet)
            if result.cancelled {
                session.terminal.writeError("\ncancelled: nothing was loaded; the documents loaded before stay\n")
                return .success
            }
            if result.failed { session.inputFailed = true }
            // Nothing read: the error above says why, and there is nothing loaded to sum up.
            guard !result.documents.isEmpty else { return .success }
            session.add(result.documents)
            session.writeMessage(Loading.summary(of: result.documents, in: session))
            return .success
        }
}
