import Dispatch
import Foundation
import TranscriptModel

/// The formats Parley knows by name (SPEC section 2).
public enum TranscriptFormat: String, CaseIterable, Sendable {
    case text, markdown, webvtt, srt, chat, tei, json, jsonl

    /// What a person calls it, for messages.
    public var displayName: String {
        switch self {
        case .text: return "plain text"
        case .markdown: return "Markdown"
        case .webvtt: return "WebVTT"
        case .srt: return "SRT"
        case .chat: return "CHAT"
        case .tei: return "TEI"
        case .json: return "JSON"
        case .jsonl: return "JSON Lines"
        }
    }

    /// Extensions that a folder walk takes for transcripts; other files are skipped with a note.
    public static let transcriptExtensions: Set<String> = ["txt", "text", "md", "markdown", "vtt", "srt", "cha", "xml", "tei",
                                                           "json", "jsonl", "htm", "html"]

    /// Extensions of tables (a results file written with `.output`), which are no transcripts: named to be
    /// read, one is refused, since read as plain text it would be one paragraph of narrative.
    public static let tableExtensions: Set<String> = ["csv", "tsv"]

    /// Detects the format from the text itself; the extension separates Markdown from plain text, and a
    /// file named `.json` or `.jsonl` is read as that, so that one that is not JSON says where it breaks
    /// instead of becoming a paragraph of prose.
    public static func detect(_ bytes: [UInt8], fileExtension: String) -> TranscriptFormat {
        switch fileExtension.lowercased() {
        case "json": return .json
        case "jsonl": return .jsonl
        default: break
        }
        var start = bytes.startIndex
        while start < bytes.endIndex, [0x20, 0x09, 0x0A].contains(bytes[start]) { start += 1 }
        let head = String(decoding: bytes[start..<min(bytes.endIndex, start + 512)], as: UTF8.self)
        if head.hasPrefix("WEBVTT") { return .webvtt }
        if head.hasPrefix("@UTF8") || head.hasPrefix("@Begin") { return .chat }
        if head.hasPrefix("<?xml") || head.hasPrefix("<TEI") || head.hasPrefix("<teiCorpus") { return .tei }
        let afterBracket = head.dropFirst().first { !$0.isWhitespace }
        if head.hasPrefix("{") || head.hasPrefix("[") && (afterBracket.map { "{[\"]".contains($0) } ?? true) {
            // JSON Lines: the first line is a whole object and the next line starts another.
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else { return .json }
            let lastOfLine = bytes[start..<newline].last { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }
            let next = bytes[(newline + 1)...].first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            return lastOfLine == 0x7D && next == 0x7B ? .jsonl : .json
        }
        let lines = head.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        if lines.count >= 2, lines[0].allSatisfy(\.isNumber), lines[1].contains("-->") { return .srt }
        // Cues without their numbers or the `WEBVTT` line: a timing line among the first lines (SRT writes
        // its milliseconds after a comma).
        if let timing = head.split(separator: "\n", maxSplits: 4).prefix(4).first(where: { line in
            CaptionLayout.timing(ArraySlice(line.utf8.prefix { $0 != 0x0D })) != nil
        }) {
            return fileExtension.lowercased() == "srt" || timing.prefix(13).contains(",") ? .srt : .webvtt
        }
        if ["md", "markdown"].contains(fileExtension.lowercased()) || head.hasPrefix("---\n") { return .markdown }
        return .text
    }
}

/// A message about one input: an error that kept it from loading, or a warning or note that did not.
public struct LoadMessage: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }
    public var severity: Severity
    public var path: String
    public var message: String
    /// Line and column in the file, for a message about one place in it (a malformed sidecar line).
    public var position: (line: Int, column: Int)?
    /// What notes about many files of one load share, said once for all of them (`Loading.report`); nil:
    /// the message itself.
    public var group: String?

    public init(_ severity: Severity, path: String, message: String, position: (line: Int, column: Int)? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.position = position
    }

    public static func == (a: LoadMessage, b: LoadMessage) -> Bool {
        a.severity == b.severity && a.path == b.path && a.message == b.message
            && a.position?.line == b.position?.line && a.position?.column == b.position?.column
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(severity)
        hasher.combine(path)
        hasher.combine(message)
        hasher.combine(position?.line)
        hasher.combine(position?.column)
    }

    /// `error: PATH: message`, one line; `PATH:LINE:COL: error: message` for a place in a file.
    public var description: String {
        if let position { return "\(path):\(position.line):\(position.column): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(path): \(message)"
    }
}

/// What loading some paths gave: the documents in order, and what was said about the inputs, in order.
public struct LoadResult: Sendable {
    public var documents: [Document] = []
    public var messages: [LoadMessage] = []

    public init(documents: [Document] = [], messages: [LoadMessage] = []) {
        self.documents = documents
        self.messages = messages
    }

    /// Whether the load was stopped (`Loader.shouldStop`) before it read every file: it then holds
    /// nothing, neither documents nor messages.
    public var cancelled = false

    /// Whether a path named by the user could not be read as a transcript (exit status 66).
    public var failed: Bool { messages.contains { $0.severity == .error } }
}

/// Reads files and folders into documents: walks folders, detects formats, reads files in parallel.
public struct Loader: Sendable {
    /// Changes whenever a reading rule changes what a file becomes (a label taken, a title chosen, a line
    /// skipped): a stored index made under other rules is read anew, so that no answer comes from them.
    public static let rulesVersion = 10

    /// Read every file in this format instead of detecting it.
    public var formatOverride: TranscriptFormat?
    /// Told after each file is read: files read, files in all, bytes read. Called from reading threads.
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ bytes: Int) -> Void)?

    /// Asked before each file is read, from reading threads: true stops the load (Ctrl-C in the shell),
    /// and files not yet read are not read.
    public var shouldStop: (@Sendable () -> Bool)?

    /// A load of files that come to at least this many bytes keeps their text in a temporary file mapped
    /// back (`TextSpill`) instead of in memory; nil keeps it in memory always. By default
    /// `defaultSpillSize`: a smaller load's text costs less memory than the file's fixed costs are worth.
    public var spillsTextAbove: Int? = Loader.defaultSpillSize
    public static let defaultSpillSize = 16 << 20

    public init(formatOverride: TranscriptFormat? = nil,
                progress: (@Sendable (_ done: Int, _ total: Int, _ bytes: Int) -> Void)? = nil,
                shouldStop: (@Sendable () -> Bool)? = nil) {
        self.formatOverride = formatOverride
        self.progress = progress
        self.shouldStop = shouldStop
    }

    /// The reference document, from the text built into the program.
    public static func embeddedReference() -> Document {
        let decoded = DecodedText(bytes: Array(EmbeddedReference.text.utf8), warnings: [])
        return ArchivalTextReader(format: .text).read(decoded, id: documentID(EmbeddedReference.fileName), path: EmbeddedReference.path)
    }

    /// What an earlier reading of a file gave, when it still stands: its documents and warnings.
    public typealias EarlierReading = @Sendable (_ path: String) -> (documents: [Document], warnings: [String])?

    /// Loads files and folders in the order given; a folder's files in name order. Messages come in the
    /// same order: a named path that gives nothing (a named folder with no transcripts included) is an
    /// error, a file met in a folder that gives nothing is a note. A file for which `earlier` gives what
    /// reading it gave before is not read again (see `IndexedLoading`); all else goes as in any load.
    /// A load that `shouldStop` stopped gives nothing and says it was `cancelled`.
    public func load(_ paths: [String], earlier: EarlierReading? = nil) -> LoadResult {
        var result = LoadResult()
        var files: [Entry] = []
        // Named folders and where their files stand in `files`.
        var folders: [(path: String, files: Range<Int>)] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                files.append(Entry(path: path, named: true, skipped: Loader.statError(path)))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard let handle = opendir(path) else {
                    files.append(Entry(path: path, named: true, skipped: systemError()))
                    continue
                }
                closedir(handle)
                var visited: Set<String> = []
                let first = files.count
                walk(path, into: &files, visited: &visited)
                folders.append((path, first..<files.count))
            } else {
                files.append(Entry(path: path, named: true, size: Int(info.st_size)))
            }
        }
        // Sidecars, read once each before the transcripts; a malformed one is reported where the first
        // transcript it applies to stands, and is not applied.
        var sidecarOf: [Int: String] = [:]
        var sidecars: [String: (sidecar: Sidecar?, problems: [Sidecar.Problem], error: String?)] = [:]
        for (i, file) in files.enumerated() where file.skipped == nil {
            let id = Loader.documentID((file.path as NSString).lastPathComponent)
            guard let path = Sidecar.path(for: file.path, id: id), path != file.path else { continue }
            sidecarOf[i] = path
            if sidecars[path] == nil {
                // An empty sidecar is one with no rules yet, as one of comments only is.
                switch FileBytes.read(path).flatMap({ bytes in
                    DecodedText.decode(bytes).flatMapError { refusal in
                        refusal == .empty ? .success(DecodedText(bytes: [], warnings: [])) : .failure(refusal)
                    }.mapError { Loader.Problem(message: $0.description) }
                }) {
                case .success(let decoded):
                    let parsed = Sidecar.parse(String(decoding: decoded.bytes, as: UTF8.self), path: path)
                    sidecars[path] = (parsed.sidecar, parsed.problems, nil)
                case .failure(let problem):
                    sidecars[path] = (nil, [], problem.message)
                }
            }
        }
        var reportedSidecars: Set<String> = []
        let size = files.reduce(0) { $0 + ($1.skipped == nil ? $1.size : 0) }
        let spill = spillsTextAbove.flatMap { size >= $0 ? TextSpill.make(for: size) : nil }
        guard let outcomes = readAll(files.enumerated().map({ i, file in
            file.skipped == nil ? (file.path, sidecarOf[i].flatMap { sidecars[$0]?.sidecar }) : nil
        }), earlier: earlier, spill: spill) else {
            var stopped = LoadResult()
            stopped.cancelled = true
            return stopped
        }
        // A named folder that gave nothing to read is as empty as an empty file: said where its files end.
        func reportEmptyFolders(endingAt end: Int) {
            for folder in folders where folder.files.upperBound == end
                && !outcomes[folder.files].contains(where: { (try? $0.get().0.isEmpty == false) ?? false }) {
                result.messages.append(LoadMessage(.error, path: folder.path, message: "no transcripts in this folder"))
            }
        }
        for (i, (file, outcome)) in zip(files, outcomes).enumerated() {
            reportEmptyFolders(endingAt: i)
            if let path = sidecarOf[i], let read = sidecars[path], reportedSidecars.insert(path).inserted {
                for problem in read.problems {
                    result.messages.append(LoadMessage(.error, path: path, message: problem.message,
                                                       position: (problem.line, problem.column)))
                }
                if let error = read.error { result.messages.append(LoadMessage(.error, path: path, message: error)) }
                if !read.problems.isEmpty || read.error != nil {
                    result.messages.append(LoadMessage(.note, path: path, message: "this sidecar is not applied; the transcripts it names load without it"))
                }
            }
            if let reason = file.skipped {
                // A named path is an error; a file met in a folder, a note.
                result.messages.append(LoadMessage(file.named ? .error : .note, path: file.path, message: reason))
                continue
            }
            switch outcome {
            case .success(let (documents, warnings)):
                result.documents += documents
                result.messages += warnings.map { LoadMessage(.warning, path: file.path, message: $0) }
                if let path = sidecarOf[i], sidecars[path]?.sidecar != nil,
                   let format = documents.first?.format, format != TranscriptFormat.text.rawValue, format != TranscriptFormat.markdown.rawValue {
                    result.messages.append(LoadMessage(.note, path: file.path, message:
                        "read without its sidecar \((path as NSString).lastPathComponent): speaker rules apply to plain text and Markdown, and this is \(format)"))
                }
            case .failure(let problem):
                result.messages.append(file.named ? LoadMessage(.error, path: file.path, message: problem.message)
                                                  : LoadMessage(.note, path: file.path, message: "skipped: \(problem.message)"))
            }
        }
        reportEmptyFolders(endingAt: files.count)
        return result
    }

    /// Why a file gave no document.
    struct Problem: Error {
        var message: String
    }

    /// A file to read, or one that cannot be (a named path that failed, or a file a folder walk passed
    /// over) and why, in the order met.
    struct Entry {
        var path: String
        var named: Bool
        var skipped: String?
        /// Its size in bytes, as listed.
        var size = 0
    }

    /// Reads files on every core, keeping their order; nil paths are not read. Nil when `shouldStop` stopped
    /// it: each file not yet begun is then passed over (a file being read is finished, files being short).
    private func readAll(_ paths: [(path: String, sidecar: Sidecar?)?], earlier: EarlierReading?,
                         spill: TextSpill?) -> [Result<([Document], [String]), Problem>]? {
        let tally = Tally()
        let listPersons = ListPersons()
        let outcomes = parallelMap(paths.count) { i -> Result<([Document], [String]), Problem> in
            let result: Result<([Document], [String]), Problem>
            if let shouldStop, shouldStop() { return .failure(Problem(message: "not read: the load was stopped")) }
            if let path = paths[i]?.path, let reading = earlier?(path) {
                result = .success(reading)
            } else {
                result = (paths[i].map { read($0.path, listPersons: listPersons, sidecar: $0.sidecar) } ?? .failure(Problem(message: "not read")))
                    .map { documents, warnings in (documents.map { $0.compacted(storeText: spill?.store) }, warnings) }
            }
            if let progress {
                let bytes = (try? result.get().0.reduce(0) { $0 + $1.utterances.reduce(0) { $0 + $1.textByteCount } }) ?? 0
                let (done, total) = tally.add(bytes)
                progress(done, paths.count, total)
            }
            return result
        }
        // A stop once asked stays asked (Ctrl-C until the statement ends): then some file was passed over.
        if let shouldStop, shouldStop() { return nil }
        return outcomes
    }

    /// Reads one file into its documents and warnings.
    func read(_ path: String, listPersons: ListPersons = ListPersons(), sidecar: Sidecar? = nil) -> Result<([Document], [String]), Problem> {
        let bytes: [UInt8]
        switch FileBytes.read(path) {
        case .success(let b): bytes = b
        case .failure(let problem): return .failure(problem)
        }
        let decoded: DecodedText
        switch DecodedText.decode(bytes) {
        case .success(let d): decoded = d
        case .failure(let refusal): return .failure(Problem(message: refusal.description))
        }
        let name = (path as NSString).lastPathComponent
        let fileExtension = (name as NSString).pathExtension
        let format = formatOverride ?? TranscriptFormat.detect(decoded.bytes, fileExtension: fileExtension)
        if TranscriptFormat.tableExtensions.contains(fileExtension.lowercased()), formatOverride == nil {
            return .failure(Problem(message: "a table (.\(fileExtension.lowercased())), not a transcript; "
                                    + "'--format-in text' reads it as plain text"))
        }
        if ["htm", "html"].contains(fileExtension.lowercased()), formatOverride == nil, HTMLText.preformatted(decoded.bytes) == nil {
            return .failure(Problem(message: "a web page without its transcript in <pre>"))
        }
        let context = ReadContext(id: Loader.documentID(name), path: path, listPerson: { listPersons.beside(path) }, sidecar: sidecar)
        return format.reader.read(decoded, in: context)
            .map { ($0.documents, decoded.warnings + $0.warnings) }
            .mapError { Problem(message: $0.message) }
    }

    /// The file name without its extension (`.tei.xml` counts as one).
    static func documentID(_ fileName: String) -> String {
        var name = fileName
        for suffix in [".tei.xml"] where name.lowercased().hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        return name
    }

    /// Why a folder walk passes over a file whatever its content (SPEC section 2): a sidecar of speaker
    /// rules, or a project's README, LICENSE, CHANGELOG or CONTRIBUTING file. Nil for other names. A file
    /// named on the command line is read whatever its name.
    static func passedOver(_ name: String) -> String? {
        if name.lowercased().hasSuffix(".speakers") { return "a sidecar of speaker rules, applied to the transcripts beside it" }
        let upper = name.uppercased()
        for prefix in ["README", "LICENSE", "CHANGELOG", "CONTRIBUTING"] where upper.hasPrefix(prefix) {
            return "a \(prefix) file, not a transcript"
        }
        return nil
    }

    /// Whether reading a transcript may read the file named `name` in its folder: a sidecar of speaker
    /// rules (`Sidecar`) or a ParlaMint list of persons (`ListPersons`).
    public static func isReadBeside(_ name: String) -> Bool {
        name.hasSuffix(".speakers") || isListOfPersons(name)
    }

    static func isListOfPersons(_ name: String) -> Bool {
        name.contains("listPerson") && name.hasSuffix(".xml")
    }

    /// Collects a folder's files recursively in name order, passing over hidden files and symlink loops.
    private func walk(_ folder: String, into files: inout [Entry], visited: inout Set<String>) {
        guard let real = realpath(folder, nil) else { return }
        let key = String(cString: real)
        free(real)
        guard visited.insert(key).inserted else {
            files.append(Entry(path: folder, named: false, skipped: "skipped: a link back to a folder already read"))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            files.append(Entry(path: folder, named: false, skipped: "skipped: folder cannot be read"))
            return
        }
        for name in names {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            // Hidden files and folders (`.DS_Store`, `.git`) are passed over, with a note.
            guard !name.hasPrefix(".") else {
                files.append(Entry(path: path, named: false, skipped: "skipped: hidden"))
                continue
            }
            var info = stat()
            guard stat(path, &info) == 0 else {
                files.append(Entry(path: path, named: false, skipped: "skipped: \(Loader.statError(path))"))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                walk(path, into: &files, visited: &visited)
            } else if let reason = Loader.passedOver(name) {
                files.append(Entry(path: path, named: false, skipped: "skipped: \(reason)"))
            } else if formatOverride != nil || TranscriptFormat.transcriptExtensions.contains((name as NSString).pathExtension.lowercased()) {
                files.append(Entry(path: path, named: false, size: Int(info.st_size)))
            } else {
                let ext = (name as NSString).pathExtension
                files.append(Entry(path: path, named: false, skipped: "skipped: not a transcript file" + (ext.isEmpty ? "" : " (.\(ext))")))
            }
        }
    }
}

/// Reads a whole file with POSIX calls, so that a failure names its reason (`Permission denied`).
enum FileBytes {
    static func read(_ path: String) -> Result<[UInt8], Loader.Problem> {
        // O_NONBLOCK: opening a named pipe for reading would otherwise wait, for ever, for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return .failure(Loader.Problem(message: systemError())) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Loader.Problem(message: systemError())) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(Loader.Problem(message: "not a regular file" + (kind(info.st_mode).map { " (\($0))" } ?? "")))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        // The size the file has now is read straight into the array; what it holds past that (it grew, or
        // it is a file of the system's that says 0) is read after, in pieces.
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: max(Int(info.st_size), 0)) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            while count < buffer.count {
                let n = Foundation.read(fd, base + count, buffer.count - count)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    failed = n < 0
                    return
                }
                count += n
            }
        }
        guard !failed else { return .failure(Loader.Problem(message: systemError())) }
        guard bytes.count == Int(info.st_size) else { return .success(bytes) }
        let readToEnd = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { piece in
            while true {
                let n = Foundation.read(fd, piece.baseAddress, piece.count)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return n == 0 }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: piece[..<n]))
            }
        }
        return readToEnd ? .success(bytes) : .failure(Loader.Problem(message: systemError()))
    }

    /// What a path that is not a regular file is, in words.
    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return nil
        }
    }
}

/// Files and bytes read so far, counted by the reading threads.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var files = 0
    private var bytes = 0

    func add(_ more: Int) -> (files: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        files += 1
        bytes += more
        return (files, bytes)
    }

}

/// The speakers named by the ParlaMint `*listPerson*.xml` file of each folder, read once per folder in a
/// load however many sessions the folder holds (a list of persons can be megabytes).
final class ListPersons: @unchecked Sendable {
    private let lock = NSLock()
    private var byFolder: [String: (persons: [String: ListedPerson], warnings: [String])] = [:]

    /// The names from the list of persons in the folder of `path`; none when the folder has none.
    func beside(_ path: String) -> (persons: [String: ListedPerson], warnings: [String]) {
        let folder = path.enclosingFolder
        lock.lock()
        defer { lock.unlock() }
        if let known = byFolder[folder] { return known }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        var found: (persons: [String: ListedPerson], warnings: [String]) = ([:], [])
        if let name = names.sorted().first(where: Loader.isListOfPersons) {
            let listPath = (folder as NSString).appendingPathComponent(name)
            switch FileBytes.read(listPath).flatMap({ DecodedText.decode($0).mapError { Loader.Problem(message: $0.description) } }) {
            case .success(let decoded): found = TEIReader.persons(inListPerson: decoded)
            case .failure(let problem): found.warnings = ["cannot read the list of persons '\(listPath)': \(problem.message)"]
            }
        }
        byFolder[folder] = found
        return found
    }
}

extension Loader {
    /// Why `stat` found no file at `path`. A name that is not UTF-8 (`caf\xE9.txt`, written in Latin-1)
    /// reaches Parley with `�` in its place, and no file has that name: the message says so, where
    /// `no such file or directory` would say the file is not there.
    static func statError(_ path: String, _ code: Int32 = errno) -> String {
        guard code == ENOENT, path.contains("\u{FFFD}") else { return systemError(code) }
        return "its name is not valid UTF-8, and Parley reads names as UTF-8; rename it (for example with `convmv -f latin1 -t utf8 --notest`)"
    }
}

/// The C library's text for `errno`, lower case as messages are: `no such file or directory`.
public func systemError(_ code: Int32 = errno) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}
