import Foundation
import QueryEngine
import TranscriptFormats
import TranscriptModel

/// A research record being written (`.record FILE`): a Parley script that loads the same files, checks
/// their bytes, sets the same settings and asks the same questions, each followed by `.expect` with the
/// number of utterances it matched, so that `parley -f FILE` shows whether the answers still hold.
///
/// What is written for each statement that succeeded:
/// - a query (or a command that answered one): the statement, then `.expect N`;
/// - a setting given a value (`Recording.settings`): the command, under its full name;
/// - `.load`, `.open`, `.unload`: the files loaded, relative to the record's folder, and a `.checksum` line
///   for each file newly loaded (and each sidecar of speaker rules applied to it);
/// - `.read`: nothing of its own; the statements of the script it reads are recorded one by one;
/// - `.output`, `.export`, `.topics save`: a comment, since running them again would write the file again
///   (and `.mode` when an `.output` file's name chose one, or results left it);
/// - everything else (`.help`, `.docs`, `.who`, `.explain`, `.check`, `.expect`, `.timer` ...) only looks,
///   checks or prints on the error stream, and is left out.
/// A statement that failed is left out: it changed nothing, and in the record it would stop the replay.
final class Recording {
    /// The record's path, as resolved when `.record` named it.
    let path: String
    /// The record's folder, absolute: the paths in the record are written relative to it.
    let folder: String
    /// Statements recorded since the record began (the lines it starts with not counted).
    private(set) var statements = 0
    /// Why the record could not be written, once it could not.
    private(set) var failure: String?
    private var handle: FileHandle?
    /// Where warnings about the record go (the session's error stream).
    private let errors: OutputSink
    /// The documents loaded as the record last stated them: `.load`, `.open` and `.unload` write only what
    /// changed.
    private var loaded: [Loaded]
    /// The mode as the record last stated it: `.output answers.csv` changes it without a `.mode`.
    private var mode: OutputFormat

    private struct Loaded: Equatable {
        var id: String
        var path: String
    }

    /// Commands that change what queries answer or how their results print; recorded when given a value
    /// (given alone they only show it).
    static let settings: Set<String> = ["alias", "context", "define", "editorial", "limit", "mode", "topic", "within"]
    /// Commands never recorded, even when a query ran inside them: `.read`'s statements are recorded one by
    /// one, and the checks are what the record adds itself.
    static let passedOver: Set<String> = ["checksum", "exit", "expect", "quit", "read", "record"]

    /// Opens (creates or empties) the record and writes its opening lines: the version, the files loaded
    /// with their checksums, and the settings, topics, definitions and aliases in effect.
    init(path: String, session: Session) throws(WriteProblem.Reason) {
        self.path = path
        folder = Self.absolute(path).enclosingFolder
        handle = try WriteProblem.open(path).get()
        errors = session.terminal
        mode = session.format
        loaded = session.documents.map { Loaded(id: $0.id, path: $0.path) }
        let name = (path as NSString).lastPathComponent
        var text = "# parley \(ProgramVersion.current)\n"
        text += "# A research record, begun \(ISO8601DateFormatter().string(from: Date())): `parley -f \(name)` runs it again,\n"
        text += "# and stops where a file's bytes or a query's count differ.\n"
        text += openLines(session.documents)
        text += settingLines(session)
        write(text)
    }

    /// Stops recording: the file is closed.
    func stop() {
        try? handle?.close()
        handle = nil
    }

    /// Writes what a statement that ran leaves in the record (see the type's summary).
    func add(_ statement: String, status: ExitStatus, answeredQuery: Bool, in session: Session) {
        guard status == .success else { return }
        guard statement.hasPrefix(".") || statement.hasPrefix("\\") else {
            if answeredQuery, let matched = session.lastMatched { add(statement + "\n.expect \(matched)\n") }
            return
        }
        guard let (name, arguments) = Self.command(statement), !Self.passedOver.contains(name) else { return }
        let command = arguments.isEmpty ? "." + name : ".\(name) \(arguments)"
        switch name {
        case "load", "open", "unload":
            documentsChanged(by: name, arguments, in: session)
        case "output" where arguments.isEmpty:
            add("# .output (results went back to the screen)\n" + modeLine(session))
        case "output":
            add("# \(command) (not run again: a replay prints these results instead of writing the file)\n" + modeLine(session))
        case "export":
            add("# \(command) (not run again, so that the file is not written anew)\n")
        case "push":
            add("# \(command) (not run again, so that the cluster is not written anew)\n")
        case "topics" where !arguments.isEmpty:
            add("# \(command) (not run again, so that the file is not written anew)\n")
        case _ where Self.settings.contains(name):
            if !arguments.isEmpty { add(command + "\n") }
            mode = session.format
        default:
            // A command that answered a query (as a drill into a table's row would) is checked as a query is.
            if answeredQuery, let matched = session.lastMatched { add(command + "\n.expect \(matched)\n") }
        }
    }

    /// `.mode` with the session's mode when the record last stated another (the file an `.output` named
    /// chose one), else nothing.
    private func modeLine(_ session: Session) -> String {
        guard session.format != mode else { return "" }
        mode = session.format
        return ".mode \(mode.rawValue)\n"
    }

    /// The command a statement runs, under its full name, and its arguments; nil when it names none or
    /// several.
    static func command(_ statement: String) -> (name: String, arguments: String)? {
        var line = statement
        if line.hasPrefix("\\") {
            let word = String(line.prefix { !$0.isWhitespace })
            guard let meant = Commands.habits[word] else { return nil }
            line = "." + meant + line.dropFirst(word.count)
        }
        let body = line.dropFirst()
        let typed = String(body.prefix { !$0.isWhitespace })
        let matches = Commands.candidates(typed.lowercased())
        guard matches.count == 1 else { return nil }
        return (matches[0].name, String(body.dropFirst(typed.count)).trimmingCharacters(in: " \t"))
    }

    /// `.load`, `.open` or `.unload` changed what is loaded: the new files with their checksums, or what was
    /// unloaded, or (after `.open`) everything loaded now.
    private func documentsChanged(by name: String, _ arguments: String, in session: Session) {
        let now = session.documents.map { Loaded(id: $0.id, path: $0.path) }
        guard now != loaded else { return }
        defer { loaded = now }
        if name == "unload" {
            add(".unload \(arguments)\n")
        } else if name == "load", now.starts(with: loaded) {
            let added = Array(session.documents.dropFirst(loaded.count))
            add(".load " + Self.files(of: added).map(written).joined(separator: " ") + "\n" + checksumLines(added))
        } else {
            add(openLines(session.documents))
        }
    }

    /// `.open` of the files these documents came from (a bare `.open` for the built-in reference document,
    /// then `.load` of the others), and a `.checksum` line for each file.
    private func openLines(_ documents: [Document]) -> String {
        let files = Self.files(of: documents).map(written)
        var text: String
        if documents.isEmpty {
            text = ".open\n.unload *\n"
        } else if documents.contains(where: { $0.path == EmbeddedReference.path }) {
            text = ".open\n" + (files.isEmpty ? "" : ".load " + files.joined(separator: " ") + "\n")
        } else {
            text = ".open " + files.joined(separator: " ") + "\n"
        }
        return text + checksumLines(documents)
    }

    /// A `.checksum` line for each file of these documents and each sidecar applied to them; a file that
    /// cannot be read now gets a comment that says why, and a warning.
    private func checksumLines(_ documents: [Document]) -> String {
        var seen: Set<String> = []
        let paths = (Self.files(of: documents) + documents.compactMap(\.sidecar)).filter { seen.insert($0).inserted }
        return paths.map { path in
            switch Checksum.sha256(of: path) {
            case .success(let hex):
                return ".checksum \(written(path)) sha256:\(hex)\n"
            case .failure(let problem):
                errors.writeError("warning: the record cannot check '\(path)': \(problem.text)\n")
                return "# .checksum \(written(path)): cannot be read now (\(problem.text))\n"
            }
        }.joined()
    }

    /// The settings that change what queries answer or print, and the topics, definitions and aliases the
    /// session has beyond those shipped, so that a replay does not depend on the replaying user's
    /// `~/.parleyrc`.
    private func settingLines(_ session: Session) -> String {
        var text = ".within \(session.settings.scope.rawValue)\n.editorial \(session.settings.editorial ? "on" : "off")\n"
        text += ".context \(session.context)\n.mode \(session.format.rawValue)\n"
        if let limit = session.limit { text += ".limit \(limit)\n" }
        for alias in session.index.speakerIdentity.written { text += ".alias \(alias.name) = \(alias.canonical)\n" }
        let shipped = Self.shippedDefinitions
        for (command, entries) in [("topic", session.named.topics), ("define", session.named.definitions)] {
            for entry in entries.values.sorted(by: { $0.name < $1.name })
            where shipped[command + " " + TextFolding.fold(entry.name)] != entry.query.source.text {
                text += ".\(command) \(entry.name) = \(entry.query.source.text)\n"
            }
        }
        return text
    }

    /// The topics and definitions every session starts with, by command and folded name: the record
    /// leaves them out.
    static let shippedDefinitions: [String: String] = {
        var shipped: [String: String] = [:]
        for (_, statement) in Statements.split(EmbeddedData.referenceTopics) {
            guard let (name, arguments) = command(statement), let (defined, query) = Commands.definition(arguments) else { continue }
            shipped[name + " " + TextFolding.fold(defined)] = query
        }
        return shipped
    }()

    /// The files documents came from, each once, in order; the built-in reference document has none.
    private static func files(of documents: [Document]) -> [String] {
        var seen: Set<String> = []
        return documents.map(\.path).filter { $0 != EmbeddedReference.path && seen.insert($0).inserted }
    }

    /// A path as the record writes it: relative to the record's folder when the two share a folder below
    /// the root, else absolute; quoted when it holds a space.
    private func written(_ path: String) -> String {
        let target = Self.absolute(path)
        if target.contains("\"") {
            errors.writeError("warning: the record cannot write the path '\(target)' so that a replay reads it: it holds a double quote\n")
        }
        let from = folder.split(separator: "/")
        let to = target.split(separator: "/")
        let common = zip(from, to).prefix { $0 == $1 }.count
        guard common > 0 else { return Checksum.quoted(target) }
        var relative = (Array(repeating: "..", count: from.count - common) + to.dropFirst(common).map(String.init)).joined(separator: "/")
        // `~` would be read as the home folder.
        if relative.hasPrefix("~") { relative = "./" + relative }
        return Checksum.quoted(relative)
    }

    /// `path` made absolute from the working folder, with `.` and `..` taken out.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Writes a recorded statement and counts it.
    private func add(_ text: String) {
        statements += 1
        write(text)
    }

    private func write(_ text: String) {
        guard let handle, failure == nil else { return }
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            failure = systemError(WriteProblem.code(of: error) ?? EIO)
        }
    }

    /// The version a script says it was made with, in a first line `# parley VERSION`.
    static func version(of script: String) -> String? {
        let first = script.drop { $0 == "\u{FEFF}" }.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        guard first.hasPrefix("# parley ") else { return nil }
        let version = first.dropFirst("# parley ".count).trimmingCharacters(in: " \t")
        guard let digit = version.first, digit.isNumber, !version.contains(" ") else { return nil }
        return version
    }
}

extension Session {
    /// Hands a statement that ran to the record, if one is being written; when the record cannot be
    /// written, recording stops with an error.
    func record(_ statement: String, status: ExitStatus, answeredQuery: Bool) -> ExitStatus {
        guard let recording else { return status }
        recording.add(statement, status: status, answeredQuery: answeredQuery, in: self)
        guard let problem = recording.failure else { return status }
        stopRecording()
        return fail("cannot write to the record '\(recording.path)': \(problem); recording stopped")
    }

    /// Ends the record being written, if any.
    func stopRecording() {
        recording?.stop()
        recording = nil
    }

    /// A warning when a script's first line says another version of Parley made it: the answers it expects
    /// may have been counted by other rules. The script still runs.
    func warnIfMadeByAnotherVersion(_ script: String, name: String) {
        guard let version = Recording.version(of: script), version != ProgramVersion.current else { return }
        terminal.writeError("\(name):1:1: warning: this script was made with parley \(version); this is parley "
                            + "\(ProgramVersion.current), whose answers may differ\n")
    }
}
