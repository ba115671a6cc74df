import Foundation
import QueryEngine
import TranscriptFormats
import TranscriptModel

/// Where snapshots of loaded corpora are kept (`Snapshot`), and how many bytes they may take together.
public struct IndexCache: Sendable {
    /// The folder: `$XDG_CACHE_HOME/parley`, else `~/.cache/parley`, or what `--index DIR` names.
    public var folder: String
    /// The bytes the folder's snapshots may take together; nil: four times the largest of them. The oldest
    /// used go first.
    public var limit: Int?
    /// What `PARLEY_INDEX_MAX` said when it was not a size (`2GB`): a warning says so where the limit
    /// would be kept to.
    var unreadableLimit: String?

    public init(folder: String, limit: Int? = nil) {
        self.folder = folder
        self.limit = limit
    }

    /// The cache the environment names: `--index DIR` (`folder`) first, then `$XDG_CACHE_HOME/parley`,
    /// then `$HOME/.cache/parley`; `PARLEY_INDEX_MAX` (bytes, or with K, M or G) sets the limit. Nil when
    /// there is no home to put it in.
    public static func standard(folder: String? = nil, environment: [String: String]) -> IndexCache? {
        let written = environment["PARLEY_INDEX_MAX"].flatMap { $0.isEmpty ? nil : $0 }
        let limit = written.flatMap(size)
        var cache: IndexCache
        if let folder {
            cache = IndexCache(folder: folder, limit: limit)
        } else if let home = environment["XDG_CACHE_HOME"], home.hasPrefix("/") {
            cache = IndexCache(folder: home + "/parley", limit: limit)
        } else if let home = environment["HOME"], !home.isEmpty {
            cache = IndexCache(folder: home + "/.cache/parley", limit: limit)
        } else {
            return nil
        }
        cache.unreadableLimit = limit == nil ? written : nil
        return cache
    }

    /// `500000`, `200M`, `2G` (powers of 1024) as bytes; nil when it is none of these.
    public static func size(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: " ").uppercased()
        let scales: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(trimmed)
        var scale = 1
        if let last = digits.last, let s = scales[last] { scale = s; digits = digits.dropLast() }
        if digits.last == "I" || digits.last == "B" { return nil }
        guard let n = Int(digits), n >= 0, n <= Int.max / scale else { return nil }
        return n * scale
    }

    static let suffix = ".parley-index"

    /// The snapshot of the corpus that `paths` (as given, from `workingFolder`) make.
    func file(for paths: [String], from workingFolder: String) -> String {
        let key = Self.key(paths, from: Self.namingFolder(of: paths, workingFolder: workingFolder))
        return folder + "/" + String(SHA256.hex(Array(key.utf8)).prefix(32)) + Self.suffix
    }

    /// The file of changes beside snapshot `path`: the documents of the files that changed since it was
    /// written, and the list of files as they are now (`CorpusIndex.combining`).
    static func changes(of path: String) -> String {
        String(path.dropLast(suffix.count)) + changesSuffix
    }

    static let changesSuffix = ".changes" + suffix

    /// What names a corpus: the paths as given (documents keep them) and the folder they are relative to.
    static func key(_ paths: [String], from workingFolder: String) -> String {
        ([workingFolder] + paths).joined(separator: "\u{0}")
    }

    /// The folder that names a corpus beside its paths: the working folder when some path is relative to
    /// it, and `/` when every path is absolute, so that such a corpus is one corpus from any folder.
    static func namingFolder(of paths: [String], workingFolder: String) -> String {
        paths.allSatisfy { $0.hasPrefix("/") } ? "/" : workingFolder
    }

    /// Removes the oldest-used snapshots (by modification time, which a reuse renews), each with its file
    /// of changes, until the folder holds at most the limit; `keep` stays whatever its size.
    func prune(keeping keep: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        // Each snapshot with its file of changes, by the snapshot's path.
        var snapshots: [String: (paths: [String], size: Int, time: Double)] = [:]
        for name in names where name.hasSuffix(Self.suffix) && !name.hasPrefix(".") {
            var info = stat()
            let path = folder + "/" + name
            guard stat(path, &info) == 0 else { continue }
            let base = name.hasSuffix(Self.changesSuffix) ? String(path.dropLast(Self.changesSuffix.count)) + Self.suffix : path
            var entry = snapshots[base] ?? ([], 0, 0)
            entry.paths.append(path)
            entry.size += Int(info.st_size)
            entry.time = max(entry.time, Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
            snapshots[base] = entry
        }
        let limit = self.limit ?? 4 * (snapshots.values.map(\.size).max() ?? 0)
        var total = snapshots.values.reduce(0) { $0 + $1.size }
        for (base, entry) in snapshots.sorted(by: { $0.value.time < $1.value.time }) where total > limit && base != keep {
            for path in entry.paths { unlink(path) }
            total -= entry.size
        }
        // Temporary files left by a writer that was stopped half way, after an hour.
        for name in names where name.hasPrefix(".tmp-") && name.hasSuffix(Self.suffix) {
            var info = stat()
            let path = folder + "/" + name
            if stat(path, &info) == 0, time(nil) - info.st_mtim.tv_sec > 3600 { unlink(path) }
        }
    }
}

/// What `.index` says of the session's snapshot.
public struct IndexState: Sendable {
    public enum Use: Sendable, Equatable {
        /// Read from the snapshot instead of the files.
        case reused
        /// Read from the files, and a snapshot written; `reason` says why the one there was not used.
        case written(rebuiltBecause: String?)
        /// Read from the snapshot for the files that did not change, and from the others; the snapshot
        /// written again. `because` says what changed; `read` files were read, `kept` were not.
        case updated(because: String, read: Int, kept: Int)
        /// Read from the files, and no snapshot written, for this reason.
        case notWritten(String)
        /// No snapshot is kept for what is loaded, for this reason.
        case none(String)
    }

    public var use: Use
    /// The snapshot file, when there is one for what is loaded.
    public var path: String?
    /// Its file of changes, when what is loaded is read from both.
    public var changes: String?
    public var files = 0

    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6) : String(format: "%.1f KB", Double(bytes) / 1e3)
    }

    /// A file's size and modification time (seconds), when it is there.
    static func onDisk(_ path: String) -> (size: Int, time: Int)? {
        let file = Fingerprint.state(of: path)
        return file.size >= 0 ? (file.size, file.seconds) : nil
    }

    /// The state in a word, and what it says besides.
    var summary: (state: String, reason: String?) {
        switch use {
        case .reused: return ("valid", "read instead of the files")
        case .written(let why): return (why == nil ? "written" : "rebuilt", why)
        case .updated(let why, let read, let kept):
            return ("updated", "\(why); \(plural(read, "file")) read, the documents of \(plural(kept, "file")) kept")
        case .notWritten(let why): return ("not written", why)
        case .none(let why): return ("none", why)
        }
    }

    /// The report `.index` prints.
    func report() -> String {
        var lines: [String] = []
        guard let path else {
            if case .none(let why) = use { return "no index: \(why)\n" }
            return "no index\n"
        }
        lines.append("index: \(path)")
        if let disk = Self.onDisk(path) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            lines.append("size: \(Self.size(disk.size)), " + plural(files, "file"))
            lines.append("last used: \(formatter.string(from: Date(timeIntervalSince1970: Double(disk.time))))")
        } else {
            lines.append("size: none on disk")
        }
        if let changes, let disk = Self.onDisk(changes) {
            lines.append("changes: \(changes), \(Self.size(disk.size)) (what changed since it was written, read with it)")
        }
        let (state, reason) = summary
        switch use {
        case .reused: lines.append("state: valid; read instead of the files")
        case .written, .updated: lines.append("state: \(state) on this load" + (reason.map { ": " + $0 } ?? ""))
        case .notWritten(let why): lines.append("state: not written: \(why)")
        case .none(let why): lines.append("state: \(why)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The columns of `.index` as data (JSON, CSV, Markdown), and its one row: sizes in bytes, the time
    /// in UTC, null where there is nothing to say.
    static let columns = ["index", "size", "files", "last_used", "changes", "state", "reason"]

    func row() -> [ResultTable.Cell] {
        let disk = path.flatMap(Self.onDisk)
        let changes = self.changes.flatMap { Self.onDisk($0) == nil ? nil : $0 }
        let (state, reason) = summary
        let time = disk.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0.time))) }
        return [path.map { .text($0) } ?? .none, disk.map { .integer($0.size) } ?? .none, path == nil ? .none : .integer(files),
                time.map { .text($0) } ?? .none, changes.map { .text($0) } ?? .none, .text(state), reason.map { .text($0) } ?? .none]
    }
}

/// Opening paths through the cache: the one place a session's corpus comes from a snapshot, or is read
/// and indexed and then stored.
enum IndexedLoading {
    /// Loads `paths` (as `Loading.load` does) into an index, reading the snapshot instead when it is valid
    /// and writing one when it is not. Notes and warnings go to `output` as a load's would; a reused
    /// snapshot says again what the load that made it said.
    static func open(_ paths: [String], loader: Loader, cache: IndexCache?, identity: SpeakerIdentity,
                     output: OutputSink, quiet: Bool, programVersion: String = ProgramVersion.current,
                     environment: [String: String] = ProcessInfo.processInfo.environment) -> (LoadResult, CorpusIndex, IndexState) {
        guard let cache, !paths.isEmpty, Snapshot.isSupported else {
            let result = Loading.load(paths, loader: loader, output: output, quiet: quiet)
            // No cache: `--no-index`, or no folder the environment names to keep one in.
            let why = paths.isEmpty ? "the built-in reference document is not stored" : cache != nil ? "this machine cannot read snapshots"
                : IndexCache.standard(environment: environment) == nil ? "no folder to keep snapshots in (neither XDG_CACHE_HOME nor HOME is set; --index DIR names one)"
                : "snapshots are off (--no-index)"
            return (result, CorpusIndex(result.documents, speakers: identity), IndexState(use: .none(why)))
        }
        let workingFolder = IndexCache.namingFolder(of: paths, workingFolder: FileManager.default.currentDirectoryPath)
        let path = cache.file(for: paths, from: workingFolder)
        let settings = Settings(loader: loader, environment: environment)
        let inputs = Fingerprint.inputs(of: paths)
        let changesPath = IndexCache.changes(of: path)
        var rebuiltBecause: String?
        var earlier: EarlierSnapshot?
        // The files' hashes a stale snapshot keeps, so that those of unchanged files are not made again.
        var knownHashes: [(file: Fingerprint.File, sha256: String)] = []
        if FileManager.default.fileExists(atPath: path) {
            switch reuse(path, paths: paths, workingFolder: workingFolder, settings: settings, inputs: inputs, identity: identity,
                          programVersion: programVersion) {
            case .valid(let index, let stored, let manifest, let unchanged):
                for line in Loading.report(manifest.messages, quiet: quiet) { output.writeError(line + "\n") }
                if !quiet, let note = Loading.doubtfulNote(index.documents) { output.writeError(note + "\n") }
                if manifest.files.map(\.file) != inputs {
                    // A file was touched and hashed the same: its new time is kept in the file of changes
                    // (written again, or for the first time with no documents), so that the next start
                    // need not hash it again. Best effort: the snapshot read stays valid if this fails.
                    var refreshed = manifest
                    refreshed.files = unchanged
                    refreshed.segment = (stored.baseChecksum, stored.order)
                    try? Snapshot.write(stored.changes ?? CorpusIndex([]), manifest: refreshed.bytes, programVersion: programVersion,
                                        settings: settings.text, to: changesPath)
                }
                // A use renews the file's time, so that the cache lets the longest unused go first.
                utimes(path, nil)
                let changes = stored.changes == nil ? nil : changesPath
                return (LoadResult(documents: index.documents, messages: manifest.messages), index,
                        IndexState(use: .reused, path: path, changes: changes, files: inputs.count))
            case .stale(let stored, let manifest, let unchanged, let problem):
                rebuiltBecause = problem.description
                knownHashes = unchanged
                earlier = EarlierSnapshot(stored, manifest, unchanged: unchanged, inputs: inputs)
                if !quiet { output.writeError("note: the index of these files is updated: \(problem.description)\n") }
            case .invalid(let problem):
                rebuiltBecause = problem.description
                if !quiet { output.writeError("note: the index of these files is rebuilt: \(problem.description)\n") }
            }
        }
        // The files the snapshot kept are not read to tell copies apart: their hashes are known.
        let result = Loading.load(paths, loader: loader, output: output, quiet: quiet, earlier: earlier?.reading,
                                  digests: earlier == nil ? nil : Dictionary(knownHashes.map { ($0.file.path, $0.sha256) }, uniquingKeysWith: { a, _ in a }))
        // A stop asked (Ctrl-C in the shell) while reading, or while the index was made or the files
        // hashed after it: nothing is loaded and nothing written, as when a load stops between files.
        func stopped() -> (LoadResult, CorpusIndex, IndexState) {
            var stopped = LoadResult()
            stopped.cancelled = true
            return (stopped, CorpusIndex([], speakers: identity), IndexState(use: .notWritten("the load was stopped"), path: path, files: inputs.count))
        }
        if result.cancelled { return stopped() }
        let update = earlier?.update(to: result.documents, speakers: identity)
        let index = update?.index ?? CorpusIndex(result.documents, speakers: identity)
        if loader.shouldStop?() == true { return stopped() }
        // What the update read and kept; the old index is let go before the snapshot is written.
        let counts = earlier.map { (read: $0.read, kept: $0.taken) }
        earlier = nil
        guard !result.failed else {
            return (result, index, IndexState(use: .notWritten("some paths could not be read"), path: path, files: inputs.count))
        }
        // The files as they are now must be the files as they were before reading: one changed while it
        // was read cannot be vouched for.
        let hashed = Fingerprint.hashed(inputs, known: knownHashes)
        if loader.shouldStop?() == true { return stopped() }
        guard hashed.map(\.file) == Fingerprint.inputs(of: paths) else {
            return (result, index, IndexState(use: .notWritten("a file changed while it was read"), path: path, files: inputs.count))
        }
        var manifest = Manifest(paths: paths, workingFolder: workingFolder, files: hashed, messages: result.messages)
        do {
            try FileManager.default.createDirectory(atPath: cache.folder, withIntermediateDirectories: true)
            if let update, let segment = update.segment {
                // Only the documents that differ from the base are written, beside it.
                manifest.segment = (update.baseChecksum, segment.order)
                try Snapshot.write(segment.index, manifest: manifest.bytes, programVersion: programVersion,
                                   settings: settings.text, to: changesPath)
            } else {
                // A new base: the file of changes made for the old one goes (a reader still holding the
                // old base sees that they do not belong together, by the base's checksum).
                try Snapshot.write(index, manifest: manifest.bytes, programVersion: programVersion,
                                   settings: settings.text, to: path)
                unlink(changesPath)
            }
        } catch {
            let reason = (error as? Snapshot.WriteProblem)?.description ?? WriteProblem.code(of: error).map { systemError($0) } ?? "\(error)"
            output.writeError("warning: cannot write the index to '\(cache.folder)': \(reason); going on without it\n")
            return (result, index, IndexState(use: .notWritten(reason), path: path, files: inputs.count))
        }
        cache.prune(keeping: path)
        if let written = cache.unreadableLimit {
            output.writeError("warning: PARLEY_INDEX_MAX: '\(written)' is not a size (bytes, or a number with K, M or G, as in 2G); "
                              + "the cache keeps four times its largest snapshot\n")
        }
        let changes = update?.segment == nil ? nil : changesPath
        if let counts, let why = rebuiltBecause, update != nil {
            return (result, index, IndexState(use: .updated(because: why, read: counts.read, kept: counts.kept), path: path,
                                              changes: changes, files: inputs.count))
        }
        return (result, index, IndexState(use: .written(rebuiltBecause: rebuiltBecause), path: path, files: inputs.count))
    }

    /// A snapshot as read: its base file's index and the checksum that names it, and the index of its
    /// file of changes, when there is one that belongs to it (the base's speakers are then not joined:
    /// it is only ever combined with it, or merged).
    struct Stored {
        var base: CorpusIndex
        var baseChecksum: UInt64
        /// The index of the documents of the file of changes, when there is one.
        var changes: CorpusIndex?
        /// For each document of the corpus, the base's document it is; nil for the next of `changes`.
        var order: [Int?]
        /// The corpus's documents, as `order` names them.
        var documents: [Document]

        /// The index a session uses: the base's, or the base's combined with the changes'; nil when they
        /// do not fit.
        func index(speakers identity: SpeakerIdentity) -> CorpusIndex? {
            guard let changes else { return base }
            return CorpusIndex.combining(base, changes, order: order, speakers: identity)
        }
    }

    /// What a snapshot in the cache is worth to a load.
    enum Reuse {
        /// Valid for these paths, files and settings: its index, what was read, its list of files, and the
        /// files with their sizes and times now (a file touched, its time alone changed, hashed the same)
        /// and hashes.
        case valid(CorpusIndex, Stored, Manifest, unchanged: [(file: Fingerprint.File, sha256: String)])
        /// Made for these paths with these settings, but some files changed, as the problem says; those
        /// whose bytes are as they were with their sizes and times now and hashes.
        case stale(Stored, Manifest, unchanged: [(file: Fingerprint.File, sha256: String)], SnapshotProblem)
        /// Of no use, for this reason.
        case invalid(SnapshotProblem)
    }

    /// What the snapshot at `path`, and the file of changes beside it, are worth to a load of `paths`.
    /// The list of files of record is the file of changes' when it belongs to this base (it names the
    /// base's checksum), else the base's; one that belongs to another base (replaced since) is passed over.
    static func reuse(_ path: String, paths: [String], workingFolder: String, settings: Settings, inputs: [Fingerprint.File],
                      identity: SpeakerIdentity, programVersion: String) -> Reuse {
        do {
            let reader = try open(path, settings: settings, programVersion: programVersion)
            var manifest = try Manifest(of: reader)
            guard manifest.paths == paths, manifest.workingFolder == workingFolder else { throw SnapshotProblem("it was made for other paths") }
            // A problem of the file of changes, said as such.
            func inChanges<T>(_ body: () throws -> T) throws -> T {
                do {
                    return try body()
                } catch let problem as SnapshotProblem {
                    let text = problem.description
                    throw SnapshotProblem(text.hasPrefix("it ") ? "its file of changes " + text.dropFirst(3) : "its file of changes: " + text)
                }
            }
            let changesPath = IndexCache.changes(of: path)
            let changes = try inChanges { () throws -> (Snapshot.Reader, Manifest, order: [Int?])? in
                guard FileManager.default.fileExists(atPath: changesPath) else { return nil }
                let changes = try open(changesPath, settings: settings, programVersion: programVersion)
                let listed = try Manifest(of: changes)
                guard let segment = listed.segment, segment.base == reader.header.checksum,
                      listed.paths == paths, listed.workingFolder == workingFolder else { return nil }
                return (changes, listed, segment.order)
            }
            // A base read with a file of changes is only combined with it: its speakers are not joined.
            let base = try reader.index(speakers: identity, joiningSpeakers: changes == nil)
            var stored = Stored(base: base, baseChecksum: reader.header.checksum, changes: nil, order: Array(base.documents.indices),
                                documents: base.documents)
            if let (changes, listed, order) = changes {
                try inChanges {
                    let index = try changes.index(speakers: identity, joiningSpeakers: false)
                    guard let documents = CorpusIndex.documents(of: base, index, order: order) else { throw Self.unfit }
                    (stored.changes, stored.order, stored.documents) = (index, order, documents)
                    manifest = listed
                }
            }
            let (changed, unchanged) = Fingerprint.compare(stored: manifest.files, now: inputs)
            // A stale snapshot gives its documents to the update, which combines or merges the two anew.
            if let changed { return .stale(stored, manifest, unchanged: unchanged, SnapshotProblem(changed)) }
            let index = try inChanges { () throws -> CorpusIndex in
                guard let index = stored.index(speakers: identity) else { throw Self.unfit }
                return index
            }
            return .valid(index, stored, manifest, unchanged: unchanged)
        } catch let problem as SnapshotProblem {
            return .invalid(problem)
        } catch {
            return .invalid(SnapshotProblem("\(error)"))
        }
    }

    /// A file of changes whose documents are not the base's as it says.
    static let unfit = SnapshotProblem("it is damaged (its documents do not fit the base's)")

    /// The snapshot file at `path`, its header checked, when this program wrote it with these settings.
    private static func open(_ path: String, settings: Settings, programVersion: String) throws -> Snapshot.Reader {
        let reader = try Snapshot.Reader(path: path)
        guard reader.header.programVersion == programVersion else {
            throw SnapshotProblem("it was written by Parley \(reader.header.programVersion), this is \(programVersion)")
        }
        if let changed = settings.difference(from: reader.header.settings) { throw SnapshotProblem(changed) }
        return reader
    }

    /// Every setting that changes what reading and indexing make, as the header keeps it: one
    /// `name=value` a line.
    struct Settings {
        var values: [(name: String, value: String)]

        init(loader: Loader, environment: [String: String] = ProcessInfo.processInfo.environment) {
            var stopWords = environment["PARLEY_STOPWORDS"] ?? ""
            if !stopWords.isEmpty, let data = FileManager.default.contents(atPath: stopWords) { stopWords += " sha256:" + SHA256.hex(data) }
            values = [("--format-in", loader.formatOverride?.rawValue ?? "detected"),
                      ("the tokenizer", "\(Tokenizer.version)"),
                      ("the reading rules' version", "\(Loader.rulesVersion)"),
                      ("PARLEY_STOPWORDS", stopWords)]
        }

        var text: String { values.map { "\($0.name)=\($0.value)" }.joined(separator: "\n") }

        /// Which setting differs from those `stored` names, in words; nil when none does.
        func difference(from stored: String) -> String? {
            var old: [String: String] = [:]
            for line in stored.split(separator: "\n", omittingEmptySubsequences: false) {
                guard let equals = line.firstIndex(of: "=") else { return "its settings are unreadable" }
                old[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            for (name, value) in values where old[name] != value {
                return "\(name) was '\(old[name] ?? "")', now '\(value)'"
            }
            return old.count == values.count ? nil : "its settings differ"
        }
    }
}

/// What a snapshot keeps to decide whether it is still valid: the paths it was made for, each file
/// reading could look at (transcripts, sidecars, lists of persons, files passed over), and what the load
/// said, so that a reuse says it again.
struct Manifest {
    var paths: [String]
    var workingFolder: String
    var files: [(file: Fingerprint.File, sha256: String)]
    var messages: [LoadMessage]
    /// In a file of changes: the checksum of the base it belongs to (`Snapshot.Header.checksum`), and for
    /// each document of the corpus, the base's document it is, nil for the next of the file's own.
    var segment: (base: UInt64, order: [Int?])?

    init(paths: [String], workingFolder: String, files: [(file: Fingerprint.File, sha256: String)], messages: [LoadMessage]) {
        self.paths = paths
        self.workingFolder = workingFolder
        self.files = files
        self.messages = messages
    }

    /// The list as a snapshot stores it.
    var bytes: [UInt8] {
        var writer = SnapshotWriter()
        write(to: &writer)
        return writer.bytes
    }

    func write(to w: inout SnapshotWriter) {
        w.array(paths) { $0.string($1) }
        w.string(workingFolder)
        w.array(files) { w, f in
            w.string(f.file.path)
            w.int(f.file.size)
            w.int(f.file.seconds)
            w.int(f.file.nanoseconds)
            w.int(f.file.changeSeconds)
            w.int(f.file.changeNanoseconds)
            w.string(f.sha256)
        }
        w.array(messages) { w, m in
            w.string(m.severity.rawValue)
            w.string(m.path)
            w.string(m.message)
            w.optional(m.position) { w, p in
                w.int(p.line)
                w.int(p.column)
            }
            w.optional(m.group) { $0.string($1) }
        }
        // Last, and only in a file of changes, so that a base's list reads as it did before there were any.
        if let segment {
            w.unsigned(segment.base)
            w.array(segment.order) { $0.int($1 ?? -1) }
        }
    }

    /// The list of files a snapshot keeps.
    init(of snapshot: Snapshot.Reader) throws {
        let bytes = try snapshot.manifest()
        self = try bytes.withUnsafeBytes { raw in
            var r = SnapshotReader(raw, part: "its list of files")
            return try Manifest(reading: &r)
        }
    }

    init(reading r: inout SnapshotReader) throws {
        paths = try r.array { try $0.string() }
        workingFolder = try r.string()
        files = try r.array { r in
            let file = Fingerprint.File(path: try r.string(), size: try r.int(), seconds: try r.int(), nanoseconds: try r.int(),
                                        changeSeconds: try r.int(), changeNanoseconds: try r.int())
            return (file, try r.string())
        }
        messages = try r.array { r in
            guard let severity = LoadMessage.Severity(rawValue: try r.string()) else { throw r.damaged() }
            let path = try r.string()
            let message = try r.string()
            let position = try r.optional { r in (line: try r.int(), column: try r.int()) }
            var m = LoadMessage(severity, path: path, message: message, position: position)
            m.group = try r.optional { try $0.string() }
            return m
        }
        if !r.isAtEnd {
            let base = try r.unsigned()
            segment = (base, try r.array { r in
                let d = try r.int(in: -1...Int(Int32.max))
                return d < 0 ? nil : d
            })
        }
        guard r.isAtEnd else { throw r.damaged() }
    }
}

/// The files a load of some paths may read, with their sizes, modification times and change times:
/// enough to tell that nothing changed without reading them.
enum Fingerprint {
    struct File: Equatable {
        var path: String
        /// -1: missing.
        var size: Int
        /// The modification time.
        var seconds: Int
        var nanoseconds: Int
        /// The change time, which every write, `chmod` or setting of the modification time moves to now
        /// and no program can set back: a file edited with its size kept and its modification time set
        /// back (`touch -r`, `cp -p` of another version) still differs here.
        var changeSeconds = 0
        var changeNanoseconds = 0
    }

    /// Each named file, with the sidecars and lists of persons beside it; every file under each named
    /// folder (hidden ones aside, as the loader passes them over), in name order.
    static func inputs(of paths: [String]) -> [File] {
        var files: [File] = []
        var seen: Set<String> = []
        func add(_ path: String) {
            guard seen.insert(path).inserted else { return }
            files.append(state(of: path))
        }
        for path in paths {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                var visited: Set<String> = []
                walk(path, visited: &visited, add)
            } else {
                add(path)
                let folder = path.enclosingFolder
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder).sorted()) ?? []
                for name in names where isReadBeside(name) {
                    add(folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name))
                }
            }
        }
        return files
    }

    /// Whether reading a transcript reads this file too: a sidecar of speaker rules, or a ParlaMint list
    /// of persons in its folder.
    static func isReadBeside(_ path: String) -> Bool {
        Loader.isReadBeside((path as NSString).lastPathComponent)
    }

    private static func walk(_ folder: String, visited: inout Set<String>, _ add: (String) -> Void) {
        guard let real = realpath(folder, nil) else { return }
        let key = String(cString: real)
        free(real)
        guard visited.insert(key).inserted else { return }
        // Snapshots are left out, or a cache kept inside the corpus would make every snapshot out of date.
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        where !name.hasPrefix(".") && !name.hasSuffix(IndexCache.suffix) {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                walk(path, visited: &visited, add)
            } else {
                add(path)
            }
        }
    }

    static func state(of path: String) -> File {
        var info = stat()
        guard stat(path, &info) == 0 else { return File(path: path, size: -1, seconds: 0, nanoseconds: 0) }
        return File(path: path, size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
                    changeSeconds: Int(info.st_ctim.tv_sec), changeNanoseconds: Int(info.st_ctim.tv_nsec))
    }

    /// The files with the SHA-256 of their bytes (empty for one that cannot be read, or is not a regular
    /// file), on every core; a file `known` lists with the same size and time keeps the hash it has there.
    static func hashed(_ files: [File], known: [(file: File, sha256: String)] = []) -> [(file: File, sha256: String)] {
        let hashes = Dictionary(known.filter { $0.file.size >= 0 }.map { ($0.file.path, $0) }, uniquingKeysWith: { first, _ in first })
        return parallelMap(files.count) { i in
            if let entry = hashes[files[i].path], entry.file == files[i] { return entry }
            return (files[i], sha256(of: files[i].path) ?? "")
        }
    }

    /// The hash of a regular file's bytes; nil for anything else (opening a named pipe would wait for
    /// a writer for ever) or a file that cannot be read.
    static func sha256(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return try? Checksum.sha256(of: path).get()
    }

    /// What changed between the files a snapshot was made from and the files now, in words; nil when
    /// nothing did. A file whose times alone changed is hashed: touched, or its mode changed, with the same
    /// bytes, it is the same. When several changed, the first is named and the others counted: `'a.txt' is new, and 2 more files
    /// changed`. `unchanged` gives the files now whose bytes are as they were, in order, with their hashes.
    static func compare(stored: [(file: File, sha256: String)], now: [File]) -> (difference: String?, unchanged: [(file: File, sha256: String)]) {
        let before = Dictionary(stored.map { ($0.file.path, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(now.map(\.path))
        var changes = now.filter { before[$0.path] == nil }.map { "'\($0.path)' is new" }
        changes += stored.filter { !after.contains($0.file.path) }.map { "'\($0.file.path)' is gone" }
        // The files whose times alone changed, hashed on every core.
        let touched = now.filter { new in before[new.path].map { $0.file != new && $0.file.size == new.size && new.size >= 0 } ?? false }
        let hashes = Dictionary(zip(touched.map(\.path), parallelMap(touched.count) { sha256(of: touched[$0].path) }), uniquingKeysWith: { a, _ in a })
        var unchanged: [(file: File, sha256: String)] = []
        for new in now {
            guard let old = before[new.path] else { continue }
            if old.file == new || hashes[new.path].flatMap({ $0 }) == old.sha256 {
                unchanged.append((new, old.sha256))
            } else {
                changes.append("'\(new.path)' changed")
            }
        }
        if changes.isEmpty, stored.map(\.file.path) != now.map(\.path) { return ("its files are in another order", unchanged) }
        guard let first = changes.first else { return (nil, unchanged) }
        return (changes.count == 1 ? first : first + ", and \(plural(changes.count - 1, "more file")) changed", unchanged)
    }
}

/// A snapshot made for the same paths and settings whose files changed: what it holds of each file that
/// did not, so that a load reads only the others (`Loader.load(_:earlier:)`), and the index is updated
/// from the snapshot's instead of built from every word.
final class EarlierSnapshot: @unchecked Sendable {
    private let stored: IndexedLoading.Stored
    /// The snapshot's documents of each file that did not change, by path, and the warnings reading it gave.
    private let documents: [String: [Int]]
    private let warnings: [String: [String]]
    private let lock = NSLock()
    /// How many files were read, and how many were taken from the snapshot.
    private(set) var read = 0
    private(set) var taken = 0

    /// A file is taken when its bytes are as they were (`unchanged`), and no file read beside the
    /// transcripts of its folder (a sidecar, a list of persons) changed, came or went: that can change what
    /// any of them gives.
    init(_ stored: IndexedLoading.Stored, _ manifest: Manifest, unchanged: [(file: Fingerprint.File, sha256: String)], inputs: [Fingerprint.File]) {
        let kept = Set(unchanged.map(\.file.path))
        let now = Set(inputs.map(\.path))
        func folder(_ path: String) -> String { path.enclosingFolder }
        let changed = now.subtracting(kept).union(manifest.files.map(\.file.path).filter { !now.contains($0) })
        let unsettled = Set(changed.filter(Fingerprint.isReadBeside).map(folder))
        let same = kept.filter { !unsettled.contains(folder($0)) }
        // A document whose id was taken by another has another id than its file gives: its file is read.
        let renamed = Set(manifest.messages.filter { $0.severity == .note && $0.message.hasPrefix(Loading.renamed) }.map(\.path))
        var documents: [String: [Int]] = [:]
        for (d, document) in stored.documents.enumerated() where same.contains(document.path) && !renamed.contains(document.path) {
            documents[document.path, default: []].append(d)
        }
        var warnings: [String: [String]] = [:]
        for message in manifest.messages where message.severity == .warning && documents[message.path] != nil {
            warnings[message.path, default: []].append(message.message)
        }
        self.stored = stored
        self.documents = documents
        self.warnings = warnings
    }

    /// What reading `path` gave, when it did not change; nil when it is to be read.
    @Sendable func reading(_ path: String) -> (documents: [Document], warnings: [String])? {
        lock.lock()
        defer { lock.unlock() }
        guard let numbers = documents[path] else {
            read += 1
            return nil
        }
        taken += 1
        return (numbers.map { stored.documents[$0] }, warnings[path] ?? [])
    }

    /// What an update made of a load's documents: the index, and when it is the base's combined with a
    /// segment of the documents that are not the base's, that segment to be written beside the base.
    struct Update {
        var index: CorpusIndex
        var segment: (index: CorpusIndex, order: [Int?])?
        var baseChecksum: UInt64
    }

    /// The documents that are not the base's may be at most this part of the corpus's utterances before
    /// an update merges them into a new base: the file of changes, written again at each update, stays a
    /// small part of the corpus, and so does the cost of the lists merged at query time.
    static let segmentShare = 4

    /// The index of `loaded` (a load's documents, some taken from this snapshot), made from the
    /// snapshot's base without reading its documents' words again: combined with a segment of the others
    /// while they are at most a quarter of the utterances (`segmentShare`), else merged with them into a
    /// new base. Nil when they do not fit the base, and the index is to be built.
    func update(to loaded: [Document], speakers identity: SpeakerIdentity) -> Update? {
        let base = stored.base
        var met: [String: Int] = [:]
        // The base's document each loaded one is: taken from the snapshot, from its base (not its
        // segment), and the same in every field (a clash can rename a document kept).
        let order = loaded.map { document -> Int? in
            guard let numbers = documents[document.path] else { return nil }
            let k = met[document.path, default: 0]
            met[document.path] = k + 1
            guard k < numbers.count, let p = stored.order[numbers[k]], base.documents[p] == document else { return nil }
            return p
        }
        let segment = CorpusIndex(loaded.indices.filter { order[$0] == nil }.map { loaded[$0] }, speakers: identity)
        if segment.utteranceCount * Self.segmentShare <= loaded.reduce(0, { $0 + $1.utterances.count }),
           let combined = CorpusIndex.combining(base, segment, order: order, speakers: identity) {
            return Update(index: combined, segment: (segment, order), baseChecksum: stored.baseChecksum)
        }
        return CorpusIndex.merging(base, segment, to: loaded, from: order, speakers: identity)
            .map { Update(index: $0, segment: nil, baseChecksum: stored.baseChecksum) }
    }
}
