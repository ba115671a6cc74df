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
    var documents = [ArchivalTextReader(format: .text).read(decoded, id: "fuzz", path: "fuzz"),
                     ArchivalTextReader(format: .markdown).read(decoded, id: "fuzz", path: "fuzz"),
                     CaptionReader(format: .webvtt).read(decoded, id: "fuzz", path: "fuzz").document,
                     CaptionReader(format: .srt).read(decoded, id: "fuzz", path: "fuzz").document]
    documents += ChatReader().read(decoded, id: "fuzz", path: "fuzz").documents
    documents += (try? JSONLinesReader().read(decoded, path: "fuzz").get().documents) ?? []
    documents += (try? TEIReader().read(decoded, id: "fuzz", path: "fuzz").get().documents) ?? []
    _ = TEIReader.persons(inListPerson: decoded)
    if case .success(let read) = SpeechToTextReader().read(decoded, id: "fuzz", path: "fuzz") { documents.append(read.document) }
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
