import TranscriptModel

/// What a reader is given besides the text: the document's id and path, and, asked for only by a reader
/// that needs it, the ParlaMint list of persons beside the file.
public struct ReadContext {
    /// The file name without its extension; a file holding several documents adds `#1`, `#2` ...
    public var id: String
    public var path: String
    /// The speakers' names (`xml:id` to name) of the list of persons beside the file, and what was wrong with it.
    public var listPerson: () -> (persons: [String: ListedPerson], warnings: [String])
    /// The user's speaker rules for this file, when a well-formed sidecar applies to it.
    public var sidecar: Sidecar?

    public init(id: String, path: String,
                listPerson: @escaping () -> (persons: [String: ListedPerson], warnings: [String]) = { ([:], []) },
                sidecar: Sidecar? = nil) {
        self.id = id
        self.path = path
        self.listPerson = listPerson
        self.sidecar = sidecar
    }
}

/// What a reader made of one file: its documents in order, and the reader's own warnings, each naming its
/// line (the decoder's warnings are the loader's to add).
public struct ReadOutput: Sendable {
    public var documents: [Document]
    public var warnings: [String]

    public init(documents: [Document], warnings: [String] = []) {
        self.documents = documents
        self.warnings = warnings
    }
}

/// The contract every format's reader keeps: decoded text in, documents out, or a refusal saying why the
/// file is not a transcript of this format. Readers build their documents with one `TurnAssembler`.
public protocol TranscriptReader: Sendable {
    func read(_ decoded: DecodedText, in context: ReadContext) -> Result<ReadOutput, LoaderReadError>
}

extension TranscriptFormat {
    /// The table of readers, keyed by format: the loader asks it, never a format's name. An exhaustive
    /// switch rather than a dictionary, so that a new format cannot be added without its reader.
    public var reader: any TranscriptReader {
        switch self {
        case .text, .markdown: return ArchivalTextReader(format: self)
        case .webvtt, .srt: return CaptionReader(format: self)
        case .chat: return ChatReader()
        case .tei: return TEIReader()
        case .json: return SpeechToTextReader()
        case .jsonl: return JSONLinesReader()
        }
    }
}

extension ArchivalTextReader: TranscriptReader {
    public func read(_ decoded: DecodedText, in context: ReadContext) -> Result<ReadOutput, LoaderReadError> {
        .success(ReadOutput(documents: [read(decoded, id: context.id, path: context.path, sidecar: context.sidecar)]))
    }
}

extension CaptionReader: TranscriptReader {
    public func read(_ decoded: DecodedText, in context: ReadContext) -> Result<ReadOutput, LoaderReadError> {
        let (document, warnings) = read(decoded, id: context.id, path: context.path)
        return .success(ReadOutput(documents: [document], warnings: warnings))
    }
}

extension ChatReader: TranscriptReader {
    public func read(_ decoded: DecodedText, in context: ReadContext) -> Result<ReadOutput, LoaderReadError> {
        let (documents, warnings) = read(decoded, id: context.id, path: context.path)
        return .success(ReadOutput(documents: documents, warnings: warnings))
    }
}

extension TEIReader: TranscriptReader {
    public func read(_ decoded: DecodedText, in context: ReadContext) -> Result<ReadOutput, LoaderReadError> {
        read(decoded, id: context.id, path: context.path, listPerson: context.listPerson)
            .map { ReadOutput(documents: $0.documents, warnings: $0.warnings) }
    }
}

extension SpeechToTextReader: TranscriptReader {
    public func read(_ decoded: DecodedText, in context: ReadContext) -> Result<ReadOutput, LoaderReadError> {
        read(decoded, id: context.id, path: context.path).map { ReadOutput(documents: [$0.document], warnings: $0.warnings) }
    }
}

extension JSONLinesReader: TranscriptReader {
    /// Parley's own export names its documents' ids itself; the context's id is not used.
    public func read(_ decoded: DecodedText, in context: ReadContext) -> Result<ReadOutput, LoaderReadError> {
        read(decoded, path: context.path).map { ReadOutput(documents: $0.documents, warnings: $0.warnings) }
    }
}
