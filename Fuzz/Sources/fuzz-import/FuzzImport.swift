import FuzzSupport
import TranscriptFormats
import TranscriptModel

/// Every importer on arbitrary bytes: decoding, format detection, and each reader Parley has. Any input
/// must give documents, warnings or a refusal, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard case .success(let decoded) = DecodedText.decode(bytes) else { return 0 }
    _ = TranscriptFormat.detect(decoded.bytes, fileExtension: "txt")
    // Every reader through the one contract, from the table keyed by format.
    var documents: [Document] = []
    for format in TranscriptFormat.allCases {
        if case .success(let read) = format.reader.read(decoded, in: ReadContext(id: "fuzz", path: "fuzz")) {
            documents += read.documents
        }
    }
    _ = TEIReader.persons(inListPerson: decoded)
    // Compacting, as the loader does, must keep every utterance as it was.
    for document in documents where document.compacted().utterances != document.utterances {
        fatalError("compacting changed an utterance of a \(document.format) document")
    }
    return 0
}

/// SwiftPM links an executable's entry point under this name.
@_cdecl("fuzz_import_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzImport(data, size) }
}
