import Foundation

extension Command {
    static let record = Command(
        name: "record", arguments: "[FILE|off]", summary: "write the queries and settings that follow to FILE, as a script that checks them",
        help: """
            `.record notes/army.parley` writes a research record: a script that `parley -f notes/army.parley`
            runs again, from any folder, and that stops where an answer no longer holds. It starts with
            `# parley VERSION` (a replay by another version warns, and goes on), an `.open` of the files
            loaded (paths relative to the record's folder; a bare `.open` for the built-in reference document)
            with a `.checksum PATH sha256:HEX` line for each, and the settings, topics, definitions and aliases
            in effect. Then each query follows, with `.expect N` (the utterances it matched), and each setting
            given a value (`.mode`, `.limit`, `.within`, `.editorial`, `.context`, `.topic`, `.define`,
            `.alias`). `.load`, `.open` and `.unload` are written with the files' paths and checksums; a
            `.read` script's statements are written one by one. `.output`, `.export` and `.topics save` are
            written as comments: run again they would write their files anew. Statements that fail, and
            commands that only look (`.help`, `.docs`, `.who`, `.explain`, `.check` ...), are left out.
            FILE is replaced. `.record off` stops; `.record` alone says whether and where it records.
            """,
        completion: .path) { session, arguments in
            if arguments.isEmpty {
                return session.showSetting("record", session.recording.map {
                    "'\($0.path)' (\(plural($0.statements, "statement")) so far)"
                } ?? "off")
            }
            if arguments.lowercased() == "off" {
                guard let recording = session.recording else {
                    session.note("no record is being written")
                    return .success
                }
                session.stopRecording()
                session.note("recorded \(plural(recording.statements, "statement")) to '\(recording.path)'")
                return .success
            }
            guard let file = Words.single(arguments) else { return session.fail(Words.oneFileOnly("record", arguments)) }
            let path = session.resolve(file)
            if let previous = session.recording {
                session.stopRecording()
                session.note("recorded \(plural(previous.statements, "statement")) to '\(previous.path)'")
            }
            let recording: Recording
            do throws(WriteProblem.Reason) {
                recording = try Recording(path: path, session: session)
            } catch {
                return session.fail("cannot write to '\(file)': \(error.text); nothing is recorded")
            }
            if let problem = recording.failure {
                recording.stop()
                return session.fail("cannot write to '\(path)': \(problem); nothing is recorded")
            }
            session.recording = recording
            session.note("recording to '\(path)'; .record off stops")
            return .success
        }
}
