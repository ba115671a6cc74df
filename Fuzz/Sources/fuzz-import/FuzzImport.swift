import FuzzSupport
import TranscriptFormats

/// Every importer on arbitrary bytes: decoding, format detection, and each reader Parley has. Any input
/// must give documents, warnings or a refusal, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard case .success(let decoded) = DecodedText.decode(bytes) else { return 0 }
    _ = TranscriptFormat.detect(decoded.bytes, fileExtension: "txt")
    _ = ArchivalTextReader(format: "text").read(decoded, id: "fuzz", path: "fuzz")
    _ = ArchivalTextReader(format: "markdown").read(decoded, id: "fuzz", path: "fuzz")
    _ = CaptionReader(format: "webvtt").read(decoded, id: "fuzz", path: "fuzz")
    _ = CaptionReader(format: "srt").read(decoded, id: "fuzz", path: "fuzz")
    _ = ChatReader().read(decoded, id: "fuzz", path: "fuzz")
    _ = JSONLinesReader().read(decoded, path: "fuzz")
    _ = TEIReader().read(decoded, id: "fuzz", path: "fuzz")
    _ = SpeechToTextReader().read(decoded, id: "fuzz", path: "fuzz")
    return 0
}

/// SwiftPM links an executable's entry point under this name.
@_cdecl("fuzz_import_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzImport(data, size) }
}
