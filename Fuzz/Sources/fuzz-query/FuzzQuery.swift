import FuzzSupport
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// The whole query path on the reference document and a short caption file (whose cue times give
/// `time:` turns to match): parse, evaluate, run the stages. Any input must give a result or a
/// diagnostic, never a crash or a hang.
nonisolated(unsafe) let index = CorpusIndex([Loader.embeddedReference()] + captions)

let captions: [Document] = {
    let text = """
        WEBVTT

        00:00:01.000 --> 00:00:04.500
        <v Beria>The army is ready.

        00:44:59.900 --> 00:45:02.000
        <v Rákosi>We discussed collective leadership.

        01:02:03.000 --> 01:02:04.000
        >> Who spoke about 250,000 people?
        """
    guard case .success(let decoded) = DecodedText.decode(Array(text.utf8)) else { return [] }
    return [CaptionReader(format: .webvtt).read(decoded, id: "captions", path: "captions.vtt").document]
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let query = parseQuery(text)
    _ = CanonicalPrinter.print(query)
    _ = DiagnosticRenderer().render(query.diagnostics, in: query.source)
    guard !query.hasErrors else { return 0 }
    for scope in Scope.allCases {
        let evaluator = Evaluator(index: index, settings: MatchSettings(scope: scope), named: NamedQueries(), source: query.source)
        guard let matched = try? evaluator.evaluate(query.expression) else { continue }
        let pipeline = Pipeline(index: index, scope: scope, context: 1, stopWords: [],
                                highlighter: Highlighter(query.expression, index: index, named: NamedQueries()))
        // A keyword-in-context line's text is made when it is shown: make each.
        if case .kwic(let matches, let width, _) = pipeline.run(matched, stages: query.stages, displayLimit: 5) {
            for match in matches { _ = pipeline.kwicLine(match, width: width ?? 40) }
        }
    }
    return 0
}

/// SwiftPM links an executable's entry point under this name.
@_cdecl("fuzz_query_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzQuery(data, size) }
}
