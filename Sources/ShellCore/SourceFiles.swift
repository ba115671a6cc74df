import Foundation
import QueryEngine
import TranscriptFormats
import TranscriptModel

/// The files documents came from, so that a file already loaded (the same path, or the same bytes under
/// another name) is not loaded twice.
enum SourceFiles {
    /// A file as it is compared: its real path and size; the built-in reference document has no file.
    struct File {
        let path: String
        let realPath: String
        let size: Int?

        init(_ path: String) {
            self.path = path
            if path == EmbeddedReference.path {
                realPath = path
                size = EmbeddedReference.text.utf8.count
                return
            }
            var info = stat()
            realPath = (realpath(path, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) }) ?? path
            size = stat(path, &info) == 0 ? Int(info.st_size) : nil
        }

        /// The file's bytes, read only when two files have the same size.
        var contents: Data? {
            path == EmbeddedReference.path ? Data(EmbeddedReference.text.utf8) : FileManager.default.contents(atPath: path)
        }
    }

    /// Files already met, by real path and by size. When two files have one size, their digests are
    /// compared, and when those agree, their bytes: a file is read once for its digest, which is kept
    /// (not its bytes: a large corpus has thousands of files that share a size with another).
    struct Known {
        private var byPath: [String: String] = [:]
        private var bySize: [Int: [(file: File, id: String)]] = [:]
        private var digests: [String: String] = [:]
        /// The digest of a file's bytes (nil: it cannot be read); the same kind for every file of a load.
        private let digest: (File) -> String?

        /// `known`: SHA-256 digests of files by path (a snapshot's list of files), so that those files are
        /// not read; the others are then hashed with SHA-256 too. Without, files are hashed with XXH64.
        init(known: [String: String]? = nil) {
            if let known {
                // A file the list could not hash has an empty digest there: it is hashed here, or is nil.
                digest = { file in known[file.path].flatMap { $0.isEmpty ? nil : $0 } ?? file.contents.map { SHA256.hex($0) } }
            } else {
                digest = { file in file.contents.map { data in data.withUnsafeBytes { String(XXH64.hash($0), radix: 16) } } }
            }
        }

        mutating func add(_ file: File, id: String) {
            byPath[file.realPath] = id
            if let size = file.size { bySize[size, default: []].append((file, id)) }
        }

        /// The file already met that `file` is (same real path) or copies (same bytes), and its id.
        mutating func twin(of file: File) -> (file: File, id: String)? {
            if let id = byPath[file.realPath] { return (file, id) }
            guard let size = file.size, let sameSize = bySize[size], let mine = digest(of: file) else { return nil }
            return sameSize.first { digest(of: $0.file) == mine && $0.file.contents == file.contents }
        }

        private mutating func digest(of file: File) -> String? {
            if let known = digests[file.realPath] { return known }
            let made = digest(file)
            digests[file.realPath] = made
            return made
        }
    }

    /// `documents` without those from a file that is among `loaded`'s files or came earlier in
    /// `documents`, and a note for each file left out. A file's documents (a CHAT file's sittings) stay
    /// together.
    /// `digests`: SHA-256 digests of some files by path, as `Known` takes them.
    static func withoutDuplicates(_ documents: [Document], beside loaded: [Document],
                                  digests: [String: String]? = nil) -> (kept: [Document], notes: [LoadMessage]) {
        var known = Known(known: digests)
        var seen: Set<String> = []
        for document in loaded where seen.insert(document.path).inserted { known.add(File(document.path), id: document.id) }
        var kept: [Document] = []
        var notes: [LoadMessage] = []
        // The documents of one reading of a file: its path, whether they are kept, and their ids (a file
        // read twice gives the same ids again, where a CHAT file's sittings have ids of their own).
        var current: (path: String, keep: Bool, ids: Set<String>)?
        for document in documents {
            if current?.path != document.path || current?.ids.contains(document.id) == true {
                let file = File(document.path)
                if let twin = known.twin(of: file) {
                    let twinName = twin.file.path == EmbeddedReference.path ? "the built-in reference document" : "'\(twin.file.path)'"
                    let same = twin.file.realPath == file.realPath
                    var note = LoadMessage(.note, path: document.path, message: same ? "skipped: already loaded as '\(twin.id)'"
                                           : "skipped: the same text as \(twinName), already loaded as '\(twin.id)'")
                    // Many files skipped at once are said once, with their count.
                    note.group = same ? "skipped: already loaded" : "skipped: the same text as a file already loaded"
                    notes.append(note)
                    current = (document.path, false, [])
                } else {
                    known.add(file, id: document.id)
                    current = (document.path, true, [])
                }
            }
            current?.ids.insert(document.id)
            if current?.keep == true { kept.append(document) }
        }
        return (kept, notes)
    }
}
