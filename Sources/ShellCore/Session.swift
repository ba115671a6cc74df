import ClickHouseBackend
import Foundation
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// One Parley session: the loaded corpus, its index, the settings and named queries, and where output
/// goes. Every command and query runs through `run(_:)`, whether typed, scripted or given with `-c`.
public final class Session {
    public private(set) var index: CorpusIndex
    public var settings = MatchSettings()
    /// Utterances shown before and after each hit (`.context N`).
    public var context = 0
    public var named = NamedQueries()
    public var format: OutputFormat {
        // A mode the user chooses stays when results leave the file that chose one by its name.
        didSet { formatBeforeOutput = nil }
    }
    /// The mode before an `.output` file's name chose another (`.output answers.csv`), given back when
    /// results leave that file.
    private var formatBeforeOutput: OutputFormat?
    /// The limit the user set with `.limit N` (0: no limit), which applies wherever results go; nil: not
    /// set, so results on a terminal are cut after 20 and others are not cut.
    public var limit: Int?
    /// Whether the session's screen is a terminal (standard output is one), where results are cut after
    /// 20 and a line says how many more there are.
    public var onTerminal: Bool
    /// Whether matches are highlighted with colour (on a terminal, and never with `NO_COLOR`).
    public var color: Bool
    /// Topics and definitions made since the session started (`topic:NAME`, `@NAME`), in order, and
    /// whether `.topics save` has written them since they were last changed.
    var madeDefinitions: [String] = []
    var definitionsSaved = true
    /// Whether `.topic` and `.define` count as made in the session; off while the shipped topics and the
    /// startup file are read.
    public var recordsDefinitions = false
    /// Whether this is the interactive shell, where `.quit` with unsaved topics asks to be said twice.
    public var interactive = false
    /// Set by a `.quit` that warned about unsaved topics.
    var quitWarned = false
    /// Whether each statement of a script is printed before its result (`.echo on`).
    public var echo = false
    /// Whether notes are left out (`--quiet`); warnings and errors are always written.
    public var quiet = false
    /// Reads what `.load` and `.open` name (`shellLoader` adds their progress and Ctrl-C).
    public var loader = Loader()
    /// Whether each query's time is printed (`.timer on`).
    public var timer = false
    /// The width `show` wraps text to (the terminal's); nil: no wrapping.
    public var width: Int?
    /// Whether `.timer on` stays silent, so example sessions replay the same on every machine.
    public var hideTimings = false
    /// Where results go; errors and notes always go to `terminal`'s error stream.
    public private(set) var output: OutputSink
    /// The sink the session was made with, which `.output` with no file returns to.
    public let terminal: OutputSink
    /// Utterances the last query matched (`.expect` checks it).
    public internal(set) var lastMatched: Int? { didSet { answers &+= 1 } }
    /// How many queries have answered so far: a research record writes `.expect` after a statement that
    /// answered one.
    var answers = 0
    /// The research record being written (`.record FILE`), if any.
    var recording: Recording?
    /// The last table a query made, whose rows `.drill N` runs.
    public internal(set) var lastTable: ResultTable?
    /// Polled by long-running queries, and by `.load` and `.open` between files; true cancels them.
    public var shouldStop: @Sendable () -> Bool = { false }
    /// Makes what shows the progress of one `.load` or `.open` (on a terminal); nil: loads show none.
    public var loadProgress: (@Sendable () -> @Sendable (_ done: Int, _ total: Int, _ bytes: Int) -> Void)?
    /// The lines typed so far, for `.history`; the interactive shell supplies them.
    public var history: () -> [String]? = { nil }
    /// Set by `.quit`: the shell or script stops after this line.
    public internal(set) var quitRequested = false
    /// Set when a path given to `.load` could not be read: the run ends with status 66.
    public internal(set) var inputFailed = false
    /// Set when a pipe that `.export`, `.topics save` or `.output` wrote to lost its reader.
    var pipeReaderGone = false
    let stopWords: StopWordChoice
    /// The script being run, the line its current statement starts on and the statement, for error positions.
    var position: (file: String, line: Int, statement: String)?
    /// Folders of the scripts being read, innermost last: `.read` resolves relative paths from it.
    var scriptFolders: [String] = []
    var outputFile: (path: String, sink: FileOutput)?

    /// The ClickHouse cluster whose documents queries ask (`--server`, `.connect`); nil: the loaded
    /// transcripts. While it is set, `index` holds its documents' stand-ins (metadata and speakers).
    public private(set) var server: ServerCorpus?

    /// Where snapshots of what `.open` reads are kept; nil: none are read or written (`--no-index`).
    public var indexCache: IndexCache?
    /// What `.index` says: whether what is loaded came from a snapshot, was stored in one, or why not.
    public internal(set) var indexState = IndexState(use: .none("the built-in reference document is not stored"))

    public convenience init(documents: [Document], output: OutputSink, format: OutputFormat = .text, color: Bool = false,
                            onTerminal: Bool = false, loadTopics: Bool = true) {
        self.init(index: CorpusIndex(documents), output: output, format: format, color: color, onTerminal: onTerminal,
                  loadTopics: loadTopics)
    }

    /// A session on an index already made (read from a snapshot, say).
    public init(index: CorpusIndex, output: OutputSink, format: OutputFormat = .text, color: Bool = false,
                onTerminal: Bool = false, loadTopics: Bool = true) {
        self.index = index
        self.output = output
        terminal = output
        self.format = format
        self.color = color
        self.onTerminal = onTerminal
        stopWords = StopWords.load(output: output)
        if loadTopics { _ = runScript(EmbeddedData.referenceTopics, name: EmbeddedData.referenceTopicsName) }
    }

    /// The documents in the session.
    public var documents: [Document] { index.documents }

    /// Adds documents (whose ids `Loading.load` made unique) and indexes the corpus anew.
    func add(_ documents: [Document]) {
        guard !documents.isEmpty else { return }
        index = CorpusIndex(index.documents + documents, speakers: index.speakerIdentity)
        indexState = IndexState(use: .none("'.load' added documents; a snapshot holds what '.open' or the command line opened"))
    }

    /// Puts these documents in place of those loaded, and indexes them.
    func replace(with documents: [Document]) {
        index = CorpusIndex(documents, speakers: index.speakerIdentity)
        indexState = IndexState(use: .none("'.unload' removed documents; a snapshot holds what '.open' or the command line opened"))
    }

    /// The loader of one `.load` or `.open`: progress shown afresh for it, and stopped by `shouldStop`.
    var shellLoader: Loader {
        var loader = self.loader
        loader.progress = loadProgress?()
        loader.shouldStop = shouldStop
        return loader
    }

    /// Opens `paths` in place of what is loaded, through the snapshot cache (`IndexedLoading.open`); when
    /// nothing was read, or the load was stopped, what is loaded stays.
    func open(_ paths: [String]) -> LoadResult {
        let (result, opened, state) = IndexedLoading.open(paths, loader: shellLoader, cache: indexCache, identity: index.speakerIdentity,
                                                          output: messages, quiet: quiet)
        guard !result.documents.isEmpty, !result.cancelled else { return result }
        server = nil
        index = opened
        indexState = state
        return result
    }

    /// Asks the cluster's documents from now on, in place of what is loaded.
    func connect(_ corpus: ServerCorpus) {
        server = corpus
        index = corpus.index
        indexState = IndexState(use: .none("the documents are on the ClickHouse server at \(corpus.connection.address)"))
    }

    /// Joins speakers anew, after `.alias`; the postings stay as they are.
    func setSpeakers(_ identity: SpeakerIdentity) {
        index.rejoinSpeakers(identity)
    }

    /// Whether whoever reads the results went away: standard output's pipe, or a pipe named to
    /// `.export` or `.output`, was closed (`parley ... | head`). A script or `-c` run then stops after the
    /// statement, with the status it had so far: a failure stays a failure, and the closed pipe is none.
    public var readerGone: Bool { pipeReaderGone || terminal.readerGone }

    /// After a write to a pipe whose reader went away: nothing to say (`head` has what it wanted), and
    /// the run stops after this statement (`readerGone`).
    func readerWentAway() -> ExitStatus {
        pipeReaderGone = true
        return .success
    }

    /// Runs one statement: a dot-command, a query, or nothing (blank or `#` comment).
    @discardableResult
    public func run(_ line: String) -> ExitStatus {
        let trimmed = line.trimmingCharacters(in: " \t\r\n")
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .success }
        let answered = answers
        let status = trimmed.hasPrefix(".") || trimmed.hasPrefix("\\") ? Commands.run(trimmed, in: self) : runQuery(trimmed)
        if status == .success { output.flush() }
        if let file = outputFile, let problem = file.sink.failure {
            // The file stopped taking results (a full disk): they went to the screen instead.
            try? redirect(to: nil)
            if problem.readerGone { return readerWentAway() }
            return fail("cannot write to '\(file.path)': \(problem.text); results are back on the screen")
        }
        return record(ServerRun.withoutPassword(trimmed), status: status, answeredQuery: answers != answered)
    }

    /// Runs one statement as typed at the prompt, with `.read` paths starting from `folder`.
    @discardableResult
    public func run(_ line: String, folder: String?) -> ExitStatus {
        guard let folder else { return run(line) }
        scriptFolders.append(folder)
        defer { scriptFolders.removeLast() }
        return run(line)
    }

    /// Runs a script: statements may continue over lines while a parenthesis or quote is open; `#` lines
    /// are comments; the first failure stops it, with `NAME:LINE:COL:` before its message.
    public func runScript(_ text: String, name: String, folder: String? = nil) -> ExitStatus {
        let outer = position
        defer { position = outer }
        let suffix = (name as NSString).pathExtension.lowercased()
        if Session.notScripts.contains(suffix) {
            // Run as a script, a table would give an error at every comma of its first line.
            return fail("'\(name)' is a .\(suffix) file, not a script: '.read' and '-f' run a query or command a line; "
                        + "'.load \(name)' (or 'parley \(name)') searches a transcript")
        }
        if let folder { scriptFolders.append(folder) }
        defer { if folder != nil { scriptFolders.removeLast() } }
        warnIfMadeByAnotherVersion(text, name: name)
        for (line, statement) in Statements.split(text) {
            position = (name, line, statement)
            if echo { terminal.write(statement + "\n") }
            let status = run(statement)
            if status == .queryError, !statement.hasPrefix(".read") { hintIfData(name) }
            if status != .success || quitRequested || readerGone { return status }
        }
        return .success
    }

    /// Extensions of data and transcript files, which are never run as scripts (a script may be named
    /// `.txt`, as plain text transcripts are).
    static let notScripts = TranscriptFormat.transcriptExtensions.subtracting(["txt", "text"]).union(TranscriptFormat.tableExtensions)

    /// After a script stopped on an error: a file named otherwise than a script (`.txt`) may be meant for
    /// `.load` rather than `.read` (a transcript); scripts are `.parley` files, or have no extension.
    private func hintIfData(_ name: String) {
        let suffix = (name as NSString).pathExtension.lowercased()
        guard !suffix.isEmpty, suffix != "parley" else { return }
        note("'.read' and '-f' run a file as a script, a query or command a line; if '\(name)' is a transcript, "
             + "'.load \(name)' (or 'parley \(name)') searches it")
    }

    func reportNotes(_ evaluator: Evaluator) {
        for (diagnostic, source) in evaluator.notes { report([diagnostic], in: source) }
    }

    /// Prints diagnostics in the user's words, with carets under the place (and the script position).
    func report(_ diagnostics: [Diagnostic], in source: Source) {
        let diagnostics = quiet ? diagnostics.filter { $0.severity != .note } : diagnostics
        guard !diagnostics.isEmpty else { return }
        var renderer = DiagnosticRenderer(fileName: position?.file, firstLine: position?.line ?? 1)
        renderer.screenWidth = onTerminal ? width : nil
        // A query inside a statement (`.topic t = army OR`, or indented) starts where it stands in it.
        if let statement = position?.statement.trimmingTrailingWhitespace, statement.hasSuffix(source.text) {
            let before = statement.dropLast(source.text.count)
            let lines = before.lines
            renderer.firstLine += lines.count - 1
            renderer.firstColumn = (lines.last?.count ?? 0) + 1
        }
        terminal.writeError(renderer.render(diagnostics, in: source) + "\n")
    }

    /// Prints one error line in the style of query errors; a command error stops the run with status 65.
    func fail(_ message: String, status: ExitStatus = .queryError) -> ExitStatus {
        let prefix = position.map { "\($0.file):\($0.line):1: " } ?? ""
        writeMessage(prefix + "error: \(message)")
        return status
    }

    /// Writes a one-line message to standard error, broken at spaces to the terminal's width when the
    /// session has a screen (a query's diagnostics, whose carets stand under columns, are left as they are).
    func writeMessage(_ line: String) {
        terminal.writeError((onTerminal ? Wrapping.fit(line, width: width) : line) + "\n")
    }

    /// Where a command hands its messages (a load's errors, a server's refusal): the error stream, with the
    /// script's `FILE:LINE:1: ` before each while a script runs.
    var messages: OutputSink {
        position.map { PlacedMessages(terminal, place: "\($0.file):\($0.line):1: ") } ?? terminal
    }

    /// Prints a note, which does not stop anything (unless `--quiet`).
    func note(_ message: String) {
        guard !quiet else { return }
        let prefix = position.map { "\($0.file):\($0.line):1: " } ?? ""
        writeMessage(prefix + "note: \(message)")
    }

    /// `~` and `~/...` from `$HOME` (Foundation's `expandingTildeInPath` reads the password file instead).
    static func expandingHome(_ path: String) -> String {
        if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
            return home + path.dropFirst()
        }
        return (path as NSString).expandingTildeInPath
    }

    /// Sends results to a file (`.output FILE`), or back to the screen (`nil`).
    /// A file named for a data format (`answers.csv`) takes results in it, with a note, until results go
    /// elsewhere; a `.mode` given meanwhile stays.
    func redirect(to path: String?) throws(WriteProblem.Reason) {
        outputFile?.sink.close()
        outputFile = nil
        output = terminal
        if let before = formatBeforeOutput { format = before }
        guard let path else { return }
        let sink = try FileOutput(path: path, errors: terminal)
        outputFile = (path, sink)
        // An SVG file takes timelines alone, each replacing the last (`writeSVG`); what commands print
        // stays on the screen, so that the file is always one picture.
        output = Self.isSVG(path) ? terminal : sink
        if let named = OutputFormat(fileNamed: path), named != format {
            note("results go to '\(path)' as \(named.name), as its name says, until '.output' alone (then \(format.name) "
                 + "again); '.mode' chooses another")
            let before = format
            format = named
            formatBeforeOutput = before
        }
    }

    /// A path as the user gave it, relative to the folder of the script being read; `~` is `$HOME`.
    func resolve(_ path: String) -> String {
        let expanded = Self.expandingHome(path)
        guard !expanded.hasPrefix("/"), let folder = scriptFolders.last else { return expanded }
        return (folder as NSString).appendingPathComponent(expanded)
    }
}

/// Splits a script into statements: a line, or several while a parenthesis or quote is open; `#` lines
/// and blank lines are passed over.
public enum Statements {
    /// Each statement with the 1-based line it starts on, gathered as typed lines are (`TypedStatement`);
    /// blank lines and `#` comments between statements are none.
    public static func split(_ text: String) -> [(line: Int, text: String)] {
        var result: [(Int, String)] = []
        var typed = TypedStatement()
        var start = 0
        for (i, line) in text.lines.enumerated() {
            if !typed.isContinuing {
                let trimmed = line.trimmingCharacters(in: " \t")
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                start = i + 1
            }
            if let statement = typed.add(String(line)) { result.append((start, statement)) }
        }
        if let statement = typed.end() { result.append((start, statement)) }
        return result
    }

    /// Whether a statement has an open parenthesis or quote, so the next line continues it; the query
    /// lexer decides, so a `(` or `"` inside a regular expression or a phrase is not counted. A regular
    /// expression left open does not continue: the query's error says to close it.
    public static func isOpen(_ text: String) -> Bool {
        Lexer.isUnfinished(text)
    }
}

/// Results written to a file for `.output FILE`; when the file stops taking them, they go to the screen.
final class FileOutput: OutputSink {
    private let handle: FileHandle
    private let errors: OutputSink
    /// Why writing failed (`no space left on device`); from then on results go to the screen (unless the
    /// reader of a pipe went away: then nowhere).
    private(set) var failure: WriteProblem.Reason?

    init(path: String, errors: OutputSink) throws(WriteProblem.Reason) {
        self.handle = try WriteProblem.open(path).get()
        self.errors = errors
    }

    func write(_ text: String) {
        if failure == nil {
            do {
                try handle.write(contentsOf: Data(text.utf8))
                return
            } catch {
                failure = Self.reason(error)
            }
        }
        if failure?.readerGone != true { errors.write(text) }
    }
    func writeError(_ text: String) { errors.writeError(text) }
    func flush() {}

    /// Puts `text` in place of what the file holds (an SVG picture must be alone in its file); when the
    /// file refuses it, `failure` says why and nothing goes to the screen.
    func replace(with text: String) {
        guard failure == nil else { return }
        do {
            // A pipe or device cannot be emptied: the text is written after what went before.
            try? handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            failure = Self.reason(error)
        }
    }

    private static func reason(_ error: Error) -> WriteProblem.Reason {
        let code = WriteProblem.code(of: error) ?? EIO
        return WriteProblem.Reason(text: systemError(code), code: code)
    }
    func close() { try? handle.close() }
}

private extension String {
    /// The statement as `run` reads it at its end: without spaces, tabs and line ends after it.
    var trimmingTrailingWhitespace: Substring {
        self[..<(lastIndex { !" \t\r\n".contains($0) }.map(index(after:)) ?? startIndex)]
    }
}
