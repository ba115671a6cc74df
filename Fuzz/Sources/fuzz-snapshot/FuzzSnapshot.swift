import FuzzSupport
import QueryEngine

/// The snapshot reader on arbitrary bytes, as they are and with their checksums made to fit (so that
/// mutations reach the decoders behind them): any input must give an index or a refusal, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for input in [bytes, Snapshot.resealed(bytes)].compactMap({ $0 }) {
        guard let reader = try? Snapshot.Reader(bytes: input) else { continue }
        let manifest = (try? reader.manifest()) ?? []
        if let index = try? reader.index() {
            // What a session reads first of a loaded corpus: every utterance and its address.
            for u in 0..<index.utteranceCount { _ = index.utterance(u).text }
            // The index as the base of one made of two, with itself as the segment, in an order the
            // manifest's bytes give (255: the segment's next document): refused, or every list merged.
            let order = manifest.map { $0 == 255 ? nil : Int($0) }
            if let combined = CorpusIndex.combining(index, index, order: order) {
                _ = combined.flattened()
            }
        }
    }
    return 0
}

/// SwiftPM links an executable's entry point under this name.
@_cdecl("fuzz_snapshot_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzSnapshot(data, size) }
}
