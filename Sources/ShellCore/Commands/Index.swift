import Foundation
import TranscriptFormats

extension Command {
    static let index = Command(
        name: "index", arguments: "[clear]", summary: "show the snapshot of what is loaded, or remove it",
        help: """
            The first load of some files writes a snapshot of what was read and its index, in
            `$XDG_CACHE_HOME/parley` (else `~/.cache/parley`, or the folder `--index DIR` names); a later start on
            the same paths reads it instead, when every file has the size and times (modification and change) it had
            (a file whose times alone changed is hashed, and reused when its bytes are the same), and the program
            version and the settings that change reading (`--format-in`, `PARLEY_STOPWORDS`) are the same. When
            files were added, removed or changed, only the changed transcripts are read (and those of a folder whose
            sidecar or list of persons changed), and the others' documents are taken from the snapshot (updated):
            while the changed documents are at most a quarter of the corpus they are written to a small file of
            changes beside the snapshot, which a later start reads with it; past that they are merged into a new
            snapshot. When a setting changed, every file is read again (rebuilt). Either way a note says why.
            `.index` shows the snapshot's path, size, files, when it was last used, its file of changes, and whether
            it was read, written, updated, rebuilt or why not (under `.mode table`, `json`, `csv` or `markdown`: one row with
            `index`, `size`, `files`, `last_used`, `changes`, `state`, `reason`); `.index clear` removes both, so
            that the next start reads the files. `--no-index` neither reads nor writes one; the built-in reference
            document and documents added with `.load` are never stored.
            """,
        completion: .choices(["clear"])) { session, arguments in
            switch arguments.lowercased() {
            case "":
                session.writeListing(IndexState.columns, { [session.indexState.row()] }, text: session.indexState.report)
                return .success
            case "clear":
                guard let path = session.indexState.path else {
                    session.note("there is no snapshot of what is loaded")
                    return .success
                }
                // The file of changes goes too, whether this session read it or not.
                let changes = IndexCache.changes(of: path)
                let withChanges = unlink(changes) == 0 ? " and its file of changes '\(changes)'" : ""
                guard unlink(path) == 0 else {
                    if errno == ENOENT {
                        session.note("there is no snapshot at '\(path)'")
                        return .success
                    }
                    return session.fail("cannot remove '\(path)': \(systemError())")
                }
                session.note("removed '\(path)'\(withChanges); the next start on these files reads them again")
                return .success
            default:
                return session.fail("'.index' takes nothing or 'clear', not '\(arguments)'")
            }
        }
}
