import Foundation
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

    /// Files already met, by real path and by size; a file's bytes are read at most once, and only when
    /// another file has its size.
    struct Known {
        private var byPath: [String: String] = [:]
        private var bySize: [Int: [(file: File, id: String)]] = [:]
        private var bytes: [String: Data] = [:]

        mutating func add(_ file: File, id: String) {
            byPath[file.realPath] = id
            if let size = file.size { bySize[size, default: []].append((file, id)) }
        }

        /// The file already met that `file` is (same real path) or copies (same bytes), and its id.
        mutating func twin(of file: File) -> (file: File, id: String)? {
            if let id = byPath[file.realPath] { return (file, id) }
            guard let size = file.size, let sameSize = bySize[size], let mine = contents(of: file) else { return nil }
            return sameSize.first { contents(of: $0.file) == mine }
        }

        private mutating func contents(of file: File) -> Data? {
            if let known = bytes[file.realPath] { return known }
            let read = file.contents
            bytes[file.realPath] = read
            return read
        }
    }

    /// `documents` without those from a file that is among `loaded`'s files or came earlier in
    /// `documents`, and a note for each file left out. A file's documents (a CHAT file's sittings) stay
    /// together.
    static func withoutDuplicates(_ documents: [Document], beside loaded: [Document]) -> (kept: [Document], notes: [LoadMessage]) {
        var known = Known()
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
