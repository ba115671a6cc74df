import ClickHouseBackend
import Foundation
import QueryEngine
import TranscriptFormats
import TranscriptModel

/// How a run starts: what to load and how to print.
public struct RunOptions: Sendable {
    public var paths: [String]
    public var loader: Loader
    public var format: OutputFormat
    public var color: Bool
    /// Whether standard output is a terminal: results are then cut after 20 unless `.limit` says otherwise.
    public var terminal: Bool
    /// The width `show` wraps text to; nil: no wrapping.
    public var width: Int?
    /// Whether notes are left out (`--quiet`).
    public var quiet = false
    /// `PARLEYRC`, `HOME` and the like.
    public var environment: [String: String]
    /// Where snapshots of the corpus are read and written; nil: neither (`--no-index`, and in-process uses
    /// unless they ask for one).
    public var indexCache: IndexCache?
    /// The cluster whose documents the session asks (`--server`), in place of `paths`.
    public var server: ServerCorpus?
    /// Makes what shows the progress of one load (`Session.loadProgress`); nil: loads show none.
    public var loadProgress: (@Sendable () -> @Sendable (_ done: Int, _ total: Int, _ bytes: Int) -> Void)?
    /// Whether the process ends when the run does (`parley -c`, `-f`): the session, and the corpus it
    /// holds, are then left for the system to take back at exit, all at once; freed object by object, a
    /// reopened corpus of 1,000,000 turns took about 40 ms at the end of every run.
    public var endsProcess = false

    public init(paths: [String], loader: Loader = Loader(), format: OutputFormat = .text, color: Bool = false,
                terminal: Bool = false, width: Int? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.paths = paths
        self.loader = loader
        self.format = format
        self.color = color
        self.terminal = terminal
        self.width = width
        self.environment = environment
    }
}

/// The ways Parley runs without the line editor: `-c` commands, `-f` scripts and standard input.
public enum Run {
    /// Loads the paths (none: the reference document), makes the session and reads `~/.parleyrc`.
    public static func start(_ options: RunOptions, output: OutputSink) -> (Session, LoadResult) {
        let session: Session
        var loaded = LoadResult(documents: [])
        if let server = options.server {
            session = Session(index: server.index, output: output, format: options.format, color: options.color, onTerminal: options.terminal)
            session.connect(server)
        } else {
            let (read, index, state) = IndexedLoading.open(options.paths, loader: options.loader, cache: options.indexCache,
                                                           identity: SpeakerIdentity(), output: output, quiet: options.quiet)
            loaded = read
            session = Session(index: index, output: output, format: options.format, color: options.color, onTerminal: options.terminal)
            session.indexCache = options.indexCache
            session.indexState = state
        }
        session.quiet = options.quiet
        session.loader = options.loader
        session.loadProgress = options.loadProgress
        session.width = options.width
        readStartupFile(session, environment: options.environment)
        session.recordsDefinitions = true
        return (session, loaded)
    }

    /// `$PARLEYRC`, or `~/.parleyrc`: read as a script at start when it exists. Its errors are reported
    /// and the run goes on without the rest of it.
    static func readStartupFile(_ session: Session, environment: [String: String]) {
        let path: String
        if let set = environment["PARLEYRC"] {
            guard !set.isEmpty else { return }
            path = (set as NSString).expandingTildeInPath
        } else if let home = environment["HOME"] {
            path = (home as NSString).appendingPathComponent(".parleyrc")
        } else {
            return
        }
        guard FileManager.default.fileExists(atPath: path) else {
            if environment["PARLEYRC"] != nil { session.terminal.writeError("warning: PARLEYRC: no file '\(path)'\n") }
            return
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            session.terminal.writeError("warning: cannot read '\(path)'; going on without it\n")
            return
        }
        _ = session.runScript(text, name: path, folder: path.enclosingFolder)
    }

    /// `parley -c QUERY [-c QUERY ...]`: each in order, stopping at the first that fails.
    public static func commands(_ commands: [String], options: RunOptions, output: OutputSink) -> ExitStatus {
        let (session, loaded) = start(options, output: output)
        defer { end(session, options) }
        for command in commands {
            let status = session.run(command)
            if status != .success { return status }
            if session.quitRequested || session.readerGone { break }
        }
        return finalStatus(session, loaded)
    }

    /// `parley -f SCRIPT`, or a script on standard input: stops at the first error, with its position.
    public static func script(_ text: String, name: String, folder: String?, options: RunOptions, output: OutputSink) -> ExitStatus {
        let (session, loaded) = start(options, output: output)
        defer { end(session, options) }
        let status = session.runScript(text, name: name, folder: folder)
        output.flush()
        return status != .success ? status : finalStatus(session, loaded)
    }

    /// Keeps `session` to the end of the process when the process ends with the run (`endsProcess`).
    private static func end(_ session: Session, _ options: RunOptions) {
        if options.endsProcess { _ = Unmanaged.passRetained(session) }
    }

    /// 66 when a named input could not be read, else 0.
    public static func finalStatus(_ session: Session, _ loaded: LoadResult) -> ExitStatus {
        loaded.failed || session.inputFailed ? .inputFailed : .success
    }
}
