import Foundation
import TranscriptFormats

extension Command {
    static let index = Command(
        name: "index", arguments: "[clear]", summary: "show the snapshot of what is loaded, or remove it",
        help: """
            The first load of some files writes a snapshot of what was read and its index, in
            `$XDG_CACHE_HOME/parley` (else `~/.cache/parley`, or the folder `--index DIR` names); a later start
            on the same paths reads it instead, when every file has the size and time it had (a file whose time
            alone changed is hashed, and reused when its bytes are the same), and the program version and the
            settings that change reading (`--format-in`, `PARLEY_STOPWORDS`) are the same. When files were
            added, removed or changed, only the changed transcripts are read (and those of a folder whose
            sidecar or list of persons changed), the others' documents and postings are taken from the
            snapshot, and the snapshot is written again (updated); when a setting changed, every file is read
            again (rebuilt). Either way a note says why. `.index` shows the snapshot's path, size, files, when
            it was last used, and whether it was read, written, updated, rebuilt or why not; `.index clear`
            removes it, so that the next start reads the files. `--no-index` neither reads nor writes one;
            the built-in reference document and documents added with `.load` are never stored.
            """,
        completion: .choices(["clear"])) { session, arguments in
            switch arguments.lowercased() {
            case "":
                session.output.write(session.indexState.report())
                return .success
            case "clear":
                guard let path = session.indexState.path else {
                    session.note("there is no snapshot of what is loaded")
                    return .success
                }
                guard unlink(path) == 0 else {
                    if errno == ENOENT {
                        session.note("there is no snapshot at '\(path)'")
                        return .success
                    }
                    return session.fail("cannot remove '\(path)': \(systemError())")
                }
                session.note("removed '\(path)'; the next start on these files reads them again")
                return .success
            default:
                return session.fail("'.index' takes nothing or 'clear', not '\(arguments)'")
            }
        }
}
