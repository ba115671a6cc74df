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

        /// Whether the two are one file, or hold the same bytes.
        func isSame(as other: File) -> Bool {
            if realPath == other.realPath { return true }
            guard let size, size == other.size, let mine = contents, let theirs = other.contents else { return false }
            return mine == theirs
        }
    }

    /// `documents` without those from a file that is among `loaded`'s files or came earlier in
    /// `documents`, and a note for each file left out. A file's documents (a CHAT file's sittings) stay
    /// together.
    static func withoutDuplicates(_ documents: [Document], beside loaded: [Document]) -> (kept: [Document], notes: [LoadMessage]) {
        var known: [(file: File, id: String)] = []
        var seen: Set<String> = []
        for document in loaded where seen.insert(document.path).inserted { known.append((File(document.path), document.id)) }
        var kept: [Document] = []
        var notes: [LoadMessage] = []
        // The documents of one reading of a file: its path, whether they are kept, and their ids (a file
        // read twice gives the same ids again, where a CHAT file's sittings have ids of their own).
        var current: (path: String, keep: Bool, ids: Set<String>)?
        for document in documents {
            if current?.path != document.path || current?.ids.contains(document.id) == true {
                let file = File(document.path)
                if let twin = known.first(where: { file.isSame(as: $0.file) }) {
                    let twinName = twin.file.path == EmbeddedReference.path ? "the built-in reference document" : "'\(twin.file.path)'"
                    let how = twin.file.realPath == file.realPath ? "already loaded" : "the same text as \(twinName), already loaded"
                    notes.append(LoadMessage(.note, path: document.path, message: "skipped: \(how) as '\(twin.id)'"))
                    current = (document.path, false, [])
                } else {
                    known.append((file, document.id))
                    current = (document.path, true, [])
                }
            }
            current?.ids.insert(document.id)
            if current?.keep == true { kept.append(document) }
        }
        return (kept, notes)
    }
}
