import Foundation
import Testing
@testable import QueryEngine
@testable import ShellCore
import TestSupport
import TranscriptFormats
import TranscriptModel

/// The persistent index: a snapshot gives the model and index a fresh load gives; every change to the
/// files or the settings rebuilds it, with a note; damage of any kind rebuilds it and never gives a
/// wrong answer.
@Suite struct SnapshotTests {
    /// Queries of every kind, whose answers a restored index must give as a fresh one does.
    static let queries = [
        "* | count", "army | count", "army", "speaker:Beria | count", "\"collective leadership\"", "\"army purge\"~5 | count",
        "collectiv* | count", "Rakosy~ | count", "/arrest(ed|s)?/ | count", "kind:interjection | count by speaker",
        "kind:direction | count", "number:>1000 | count by unit", "editorial:insertion | count", "editorial:sic",
        "mentions:Rákosi | count", "* | count by doc", "* | count by speaker", "* | words 20", "army | kwic",
        "* | ngrams 2 | limit 10", "date:1987 | count", "turn:1..3 | count", "code:* | count", "army | collocates | limit 5",
        "unit:forints", "label:Cde | count", "people OR forints | count by doc", "-army | count",
    ]

    /// Every query's output and notes on `index`, in each scope.
    static func answers(_ index: CorpusIndex) -> [String] {
        let output = BufferOutput()
        let session = Session(index: index, output: output)
        var answers: [String] = []
        for scope in [".within utterance", ".within turn"] {
            session.run(scope)
            for query in queries {
                session.run(query)
                answers.append(query + "\n" + output.output + output.errors)
            }
        }
        return answers + [output.output]
    }

    /// The model and every array of the index are the same, and so is every answer.
    static func expectSame(_ a: CorpusIndex, _ b: CorpusIndex, answering: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(a.documents == b.documents, sourceLocation: sourceLocation)
        for (x, y) in zip(a.documents, b.documents) {
            #expect(x.utterances.map(\.text) == y.utterances.map(\.text), sourceLocation: sourceLocation)
            #expect(x.turns == y.turns, sourceLocation: sourceLocation)
        }
        let (x, y) = (a.storage, b.storage)
        #expect(a.documentStarts == b.documentStarts, sourceLocation: sourceLocation)
        #expect(x.turnUnit == y.turnUnit && x.turnUnitCount == y.turnUnitCount && x.unitIsTurn == y.unitIsTurn, sourceLocation: sourceLocation)
        #expect(x.wordCounts == y.wordCounts && x.spokenWordCounts == y.spokenWordCounts, sourceLocation: sourceLocation)
        #expect(x.postingBytes == y.postingBytes && x.postingStarts == y.postingStarts, sourceLocation: sourceLocation)
        let (s, t) = (x.terms.storage, y.terms.storage)
        #expect(s.arena == t.arena && s.starts == t.starts && s.hashes == t.hashes && s.slotCount == t.slotCount, sourceLocation: sourceLocation)
        for id in 0..<x.terms.count {
            #expect(y.terms.find(x.terms.string(id)) == id, sourceLocation: sourceLocation)
            #expect(a.postings(id).bytes == b.postings(id).bytes, sourceLocation: sourceLocation)
        }
        #expect(a.speakerNames == b.speakerNames && x.sortedTerms == y.sortedTerms, sourceLocation: sourceLocation)
        if answering { #expect(answers(a) == answers(b), sourceLocation: sourceLocation) }
    }

    /// An index made of two (`CorpusIndex.combining`) gives the lists, arrays and answers of a build, and
    /// flattens to the build itself; a term of its base that no document holds any more has no postings,
    /// and no expansion gives it.
    static func expectSameAsBuilt(_ combined: CorpusIndex, _ built: CorpusIndex, answering: Bool = true,
                                  sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard combined.segments != nil else { return expectSame(combined, built, answering: answering, sourceLocation: sourceLocation) }
        expectSame(combined.flattened(), built, answering: false, sourceLocation: sourceLocation)
        #expect(combined.documents == built.documents && combined.documentStarts == built.documentStarts, sourceLocation: sourceLocation)
        let (x, y) = (combined.storage, built.storage)
        #expect(x.turnUnit == y.turnUnit && x.turnUnitCount == y.turnUnitCount && x.unitIsTurn == y.unitIsTurn, sourceLocation: sourceLocation)
        #expect(x.wordCounts == y.wordCounts && x.spokenWordCounts == y.spokenWordCounts, sourceLocation: sourceLocation)
        for id in 0..<built.terms.count {
            let list = combined.term(built.terms.string(id)).map { combined.postings($0).bytes }
            #expect(list == built.postings(id).bytes, "\(built.terms.string(id))", sourceLocation: sourceLocation)
        }
        for id in 0..<combined.terms.count where built.term(combined.terms.string(id)) == nil {
            #expect(combined.postings(id).bytes.count == 0, sourceLocation: sourceLocation)
        }
        for prefix in ["", "a", "co", "word1"] {
            let (a, b) = (combined.terms(withPrefix: prefix).ids, built.terms(withPrefix: prefix).ids)
            #expect(a.map { combined.terms.string($0) } == b.map { built.terms.string($0) }, sourceLocation: sourceLocation)
        }
        if answering { #expect(answers(combined) == answers(built), sourceLocation: sourceLocation) }
    }

    /// The index as written to a snapshot and read back.
    static func roundTrip(_ index: CorpusIndex, in folder: TemporaryFolder) throws -> CorpusIndex {
        let path = folder.file("round-trip" + IndexCache.suffix)
        try Snapshot.write(index, manifest: [1, 2, 3], programVersion: "test", settings: "a=b", to: path)
        let reader = try Snapshot.Reader(path: path)
        #expect(try reader.manifest() == [1, 2, 3])
        #expect(reader.header.programVersion == "test" && reader.header.settings == "a=b")
        return try reader.index()
    }

    /// A small corpus made from a seed: labelled turns, continuation paragraphs, interjections, directions,
    /// editorial brackets, figures with units, and words with diacritics.
    static func generate(in folder: TemporaryFolder, files: Int = 4, turns: Int = 30, seed: UInt64 = 7) throws -> String {
        var random = SplitMix64(seed: seed)
        let speakers = ["Cde. Beria", "Cde. Rákosi", "Comrade Molotov", "Cde. Nagy", "Cde. Malenkov"]
        let words = ["army", "leadership", "collective", "the", "of", "party", "Rákosi", "ÁVH", "purge", "arrested", "co-operatives",
                     "people's", "Nguyễn", "industry", "agriculture", "and", "must", "we", "collectivization", "plan"]
        func sentence() -> String {
            var text = (0..<Int.random(in: 4...14, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
            switch Int.random(in: 0..<6, using: &random) {
            case 0: text += " [sic]"
            case 1: text += " 250,000 people"
            case 2: text += " 19 billion [forints]"
            case 3: text += " [agricultural] plan"
            default: break
            }
            return text.prefix(1).uppercased() + text.dropFirst() + "."
        }
        let corpus = try folder.folder("corpus")
        for f in 0..<files {
            var text = "1953-06-\(10 + f)\nRecord of a conversation \(f)\nMoscow\n\n"
            for _ in 0..<turns {
                text += speakers.randomElement(using: &random)! + ": " + sentence()
                if Int.random(in: 0..<4, using: &random) == 0 {
                    text += " (" + speakers.randomElement(using: &random)! + ": " + sentence() + ")"
                }
                if Int.random(in: 0..<8, using: &random) == 0 { text += " (Laughter)" }
                text += "\n\n"
                if Int.random(in: 0..<3, using: &random) == 0 { text += sentence() + " " + sentence() + "\n\n" }
            }
            try folder.write("corpus/doc-\(f).txt", text)
        }
        return corpus
    }

    /// Documents to make corpora of: `files` generated ones, as many short ones (some with words no other
    /// has), and the reference document.
    static func pool(in folder: TemporaryFolder, files: Int, seed: UInt64) throws -> [Document] {
        var pool = Loader().load([try generate(in: folder, files: files, turns: 12, seed: seed)]).documents
        for n in 0..<files {
            let words = (0..<(n % 4 + 1)).map { "word\(n)x\($0) co-op\(n) the army" }.joined(separator: " ")
            try folder.write("short-\(n).txt", "Cde. Nagy: \(words).\n\nCde. Beria: \(n) forints.\n")
            pool += Loader().load([folder.file("short-\(n).txt")]).documents
        }
        return pool + [Loader.embeddedReference()]
    }

    /// Opens `paths` through the cache in `folder`, as a session's start does.
    static func open(_ paths: [String], cache: IndexCache, formatIn: TranscriptFormat? = nil, version: String = ProgramVersion.current,
                     environment: [String: String] = [:]) -> (output: BufferOutput, index: CorpusIndex, state: IndexState) {
        let output = BufferOutput()
        let (_, index, state) = IndexedLoading.open(paths, loader: Loader(formatOverride: formatIn), cache: cache, identity: SpeakerIdentity(),
                                                    output: output, quiet: false, programVersion: version, environment: environment)
        return (output, index, state)
    }

    /// The index a session's load of `paths` gives, without the cache.
    static func fresh(_ paths: [String], formatIn: TranscriptFormat? = nil) -> CorpusIndex {
        CorpusIndex(Loading.load(paths, loader: Loader(formatOverride: formatIn), output: BufferOutput()).documents)
    }

    /// The modification time (seconds) a snapshot's list of files keeps for `file`.
    /// The time the list of files of record (the file of changes', when there is one) keeps for `file`.
    static func storedTime(of file: String, in snapshot: String) throws -> Int? {
        let changes = IndexCache.changes(of: snapshot)
        let path = FileManager.default.fileExists(atPath: changes) ? changes : snapshot
        return try Manifest(of: Snapshot.Reader(path: path)).files.first { $0.file.path == file }?.file.seconds
    }

    /// Sets a file's modification time to `seconds` after the epoch.
    static func setTime(_ path: String, _ seconds: Int) {
        var times = [timeval(tv_sec: seconds, tv_usec: 0), timeval(tv_sec: seconds, tv_usec: 0)]
        _ = utimes(path, &times)
    }

    // MARK: - Round trips

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func roundTripOfTheSharedCorpus() throws {
        let folder = try TemporaryFolder()
        let index = Self.fresh([sharedCorpus])
        #expect(index.documents.count > 10)
        Self.expectSame(index, try Self.roundTrip(index, in: folder))
    }

    // MARK: - Updates

    /// An index updated from an earlier one (documents kept, left out, read anew, added) is the index a
    /// build of the same documents gives: the same term ids, lists, arrays and answers.
    @Test func anUpdatedIndexIsTheIndexABuildGives() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 6, turns: 40)
        let documents = [Loader.embeddedReference()] + Loader().load([corpus]).documents
        let otherFolder = try TemporaryFolder()
        let changed = Loader().load([try Self.generate(in: otherFolder, files: 3, turns: 25, seed: 11)]).documents
        try #require(documents.count == 7 && changed.count == 3)
        // A short document, without most of the corpus's words: their lists run on past it, renumbered.
        try folder.write("short.txt", "Cde. Nagy: The army must go.\n")
        let short = Loader().load([folder.file("short.txt")]).documents
        try #require(short.count == 1)
        let old = CorpusIndex(documents)
        let withShort = CorpusIndex(documents[0..<3] + short + documents[3...])
        #expect(CorpusIndex.updating(withShort, to: documents, from: [0, 1, 2, 4, 5, 6, 7]).map { Self.expectSame($0, old) } != nil)
        let cases: [(name: String, documents: [Document], previous: [Int?])] = [
            ("a short one added between", documents[0..<3] + short + documents[3...], [0, 1, 2, nil, 3, 4, 5, 6]),
            ("all kept", documents, Array(documents.indices)),
            ("all read anew", documents, documents.map { _ in nil }),
            ("one left out", documents.enumerated().filter { $0.offset != 2 }.map(\.element), [0, 1, 3, 4, 5, 6]),
            ("the first and last left out", Array(documents[1..<6]), [1, 2, 3, 4, 5]),
            ("one changed", documents[0..<3] + [changed[0]] + documents[4...], [0, 1, 2, nil, 4, 5, 6]),
            ("added first, between and last", [changed[1]] + documents[0..<4] + [changed[2]] + documents[4...] + [changed[0]],
             [nil, 0, 1, 2, 3, nil, 4, 5, 6, nil]),
            ("only new ones", changed, [nil, nil, nil]),
            ("none", [], []),
        ]
        for (name, documents, previous) in cases {
            guard let updated = CorpusIndex.updating(old, to: documents, from: previous) else {
                Issue.record("\(name): refused")
                continue
            }
            Self.expectSame(updated, CorpusIndex(documents))
        }
        // What does not fit is refused, and the caller builds instead: kept documents in another order, one
        // named twice, a document of another length.
        #expect(CorpusIndex.updating(old, to: [documents[1], documents[0]], from: [1, 0]) == nil)
        #expect(CorpusIndex.updating(old, to: [documents[1], documents[1]], from: [1, 1]) == nil)
        #expect(CorpusIndex.updating(old, to: [changed[0]], from: [3]) == nil)
    }

    /// An index made of a base and a segment of the documents that changed, each change at random places
    /// (documents left out, added, replaced, of every size, some with words no other has), gives what a
    /// build gives; so does the same written to a snapshot and read back (flattened).
    @Test func anIndexMadeOfTwoIsTheIndexABuildGives() throws {
        let folder = try TemporaryFolder()
        var random = SplitMix64(seed: 1953)
        let pool = try Self.pool(in: folder, files: 10, seed: 3)
        try #require(pool.count == 21)
        let base = CorpusIndex(Array(pool[0..<8]))
        var cases: [(documents: [Document], order: [Int?])] = [
            (Array(pool[0..<8]), Array(0..<8)),
            (Array(pool[0..<8]) + [pool[12], pool[20]], Array(0..<8) + [nil, nil]),
            ([pool[9]] + pool[1..<8], [nil] + Array(1..<8)),
            ([], []),
            (Array(pool[8..<12]), [nil, nil, nil, nil]),
        ]
        for _ in 0..<10 {
            var documents: [Document] = []
            var order: [Int?] = []
            for d in 0..<8 {
                switch Int.random(in: 0..<5, using: &random) {
                case 0: break
                case 1:
                    documents.append(pool[Int.random(in: 8..<pool.count, using: &random)])
                    order.append(nil)
                default:
                    documents.append(pool[d])
                    order.append(d)
                }
                if Int.random(in: 0..<4, using: &random) == 0 {
                    documents.append(pool[Int.random(in: 8..<pool.count, using: &random)])
                    order.append(nil)
                }
            }
            cases.append((documents, order))
        }
        for (k, (documents, order)) in cases.enumerated() {
            let segment = CorpusIndex(documents.indices.filter { order[$0] == nil }.map { documents[$0] })
            guard let combined = CorpusIndex.combining(base, segment, order: order) else {
                Issue.record("case \(k): refused")
                continue
            }
            let built = CorpusIndex(documents)
            Self.expectSameAsBuilt(combined, built, answering: k % 5 == 1)
            if k == 1 { Self.expectSame(try Self.roundTrip(combined, in: folder), built, answering: false) }
        }
        // What does not fit is refused: base documents out of order or past its end, a segment's documents
        // not all named or named past its end.
        let one = CorpusIndex([pool[9]])
        #expect(CorpusIndex.combining(base, one, order: [1, 0, nil]) == nil)
        #expect(CorpusIndex.combining(base, one, order: [8, nil]) == nil)
        #expect(CorpusIndex.combining(base, one, order: [0, 1]) == nil)
        #expect(CorpusIndex.combining(base, one, order: [nil, nil]) == nil)
    }

    @Test func roundTripOfAGeneratedCorpusAndTheReferenceDocument() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 6, turns: 60)
        let index = CorpusIndex([Loader.embeddedReference()] + Loader().load([corpus]).documents)
        #expect(index.utteranceCount > 300)
        Self.expectSame(index, try Self.roundTrip(index, in: folder))
        // An empty corpus too.
        Self.expectSame(CorpusIndex([]), try Self.roundTrip(CorpusIndex([]), in: folder))
    }

    @Test func theChecksumIsXXH64() {
        func hash(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBytes { XXH64.hash($0) } }
        #expect(hash("") == 0xEF46_DB37_51D8_E999)
        #expect(hash("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(hash("abc") == 0x44BC_2CF5_AD77_0999)
        // Fed in pieces of any size, it is the same.
        var random = SplitMix64(seed: 3)
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let whole = bytes.withUnsafeBytes { XXH64.hash($0) }
        for _ in 0..<20 {
            var h = XXH64()
            var at = 0
            while at < bytes.count {
                let n = min(Int.random(in: 0...70, using: &random), bytes.count - at)
                bytes.withUnsafeBytes { h.update(UnsafeRawBufferPointer(rebasing: $0[at..<at + n])) }
                at += n
            }
            #expect(h.digest() == whole)
        }
    }

    @Test func varintsOfEveryLengthReadBackAtTheEndOfTheBytesToo() throws {
        // Each length of varint, at its edges, and numbers from both signs.
        let unsigned: [UInt64] = [0, 1, 127, 128, 300, 16_383, 16_384, 2_097_151, 2_097_152, 1 << 35, UInt64(UInt32.max), UInt64.max]
        let signed = [0, -1, 1, -64, 63, 64, -65, 8191, -8192, 8192, Int(Int32.max), Int(Int32.min), Int.max, Int.min]
        for value in unsigned {
            // Alone (the varint's last byte is the buffer's) and followed by another byte.
            for tail in [[], [UInt8(7)]] {
                var w = SnapshotWriter()
                w.unsigned(value)
                let bytes = w.bytes + tail
                let read = try bytes.withUnsafeBytes { raw -> UInt64 in
                    var r = SnapshotReader(raw, part: "test")
                    let v = try r.unsigned()
                    #expect(r.offset == w.bytes.count)
                    return v
                }
                #expect(read == value)
                // Cut short by a byte, it is damage, not a number.
                let cut = Array(w.bytes.dropLast())
                #expect(throws: SnapshotProblem.self) {
                    try cut.withUnsafeBytes { raw in
                        var r = SnapshotReader(raw, part: "test")
                        _ = try r.unsigned()
                    }
                }
            }
        }
        var w = SnapshotWriter()
        for value in signed { w.int(value) }
        try w.bytes.withUnsafeBytes { raw in
            var r = SnapshotReader(raw, part: "test")
            for value in signed {
                let read = try r.int()
                #expect(read == value)
            }
            #expect(r.isAtEnd)
        }
    }

    @Test func aFigureMadeOfItsWordsBytesIsTheFigureMadeOfItsWords() {
        for (scale, unit) in [(nil, nil), ("million", nil), (nil, "%"), ("billion", "forints"), ("", ""), ("mil·lió", "ft"), (nil, "pengő [sic]")] as [(String?, String?)] {
            let made = Figure(range: 3..<20, value: 1.5, upper: 2, scale: scale, unit: unit)
            let fromBytes = Array((scale ?? "").utf8).withUnsafeBytes { s in
                Array((unit ?? "").utf8).withUnsafeBytes { u in Figure(range: 3..<20, value: 1.5, upper: 2, scaleUTF8: s, unitUTF8: u) }
            }
            #expect(fromBytes == made)
            #expect(fromBytes.scale == made.scale && fromBytes.unit == made.unit)
        }
    }

    // MARK: - Validity

    @Test func aSecondStartReadsTheSnapshotAndGivesTheSameAnswers() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder)
        let cache = IndexCache(folder: folder.file("cache"))
        let first = Self.open([corpus], cache: cache)
        #expect(first.state.use == .written(rebuiltBecause: nil))
        #expect(first.output.errors == "")
        let second = Self.open([corpus], cache: cache)
        #expect(second.state.use == .reused)
        #expect(second.output.errors == "")
        Self.expectSameAsBuilt(second.index, Self.fresh([corpus]))
        // A file named alone, and the two in another order, are corpora of their own.
        #expect(Self.open([corpus + "/doc-1.txt"], cache: cache).state.use == .written(rebuiltBecause: nil))
        #expect(Self.open([corpus + "/doc-1.txt", corpus + "/doc-0.txt"], cache: cache).state.use == .written(rebuiltBecause: nil))
        #expect(Self.open([corpus + "/doc-1.txt"], cache: cache).state.use == .reused)
    }

    /// Opens `corpus` after `change`, and expects a rebuild whose note says `why`, with fresh answers.
    func expectRebuilt(_ corpus: String, cache: IndexCache, because why: String, formatIn: TranscriptFormat? = nil,
                       version: String = ProgramVersion.current, environment: [String: String] = [:],
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let opened = Self.open([corpus], cache: cache, formatIn: formatIn, version: version, environment: environment)
        guard case .written(let reason?) = opened.state.use else {
            Issue.record("not rebuilt: \(opened.state.use)", sourceLocation: sourceLocation)
            return
        }
        #expect(reason.contains(why), "\(reason)", sourceLocation: sourceLocation)
        #expect(opened.output.errors.hasPrefix("note: the index of these files is rebuilt: "), sourceLocation: sourceLocation)
        Self.expectSameAsBuilt(opened.index, Self.fresh([corpus], formatIn: formatIn), sourceLocation: sourceLocation)
        // And the snapshot written then is valid.
        #expect(Self.open([corpus], cache: cache, formatIn: formatIn, version: version, environment: environment).state.use == .reused,
                sourceLocation: sourceLocation)
    }

    /// Opens `corpus` after a change to its transcripts, and expects an update whose note says `why`,
    /// which read `read` files again and kept the documents of `kept`, with fresh answers.
    func expectUpdated(_ corpus: String, cache: IndexCache, because why: String, read: Int, kept: Int,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let opened = Self.open([corpus], cache: cache)
        guard case .updated(let reason, let r, let k) = opened.state.use else {
            Issue.record("not updated: \(opened.state.use)", sourceLocation: sourceLocation)
            return
        }
        #expect(reason.contains(why) && r == read && k == kept, "\(reason), \(r) read, \(k) kept", sourceLocation: sourceLocation)
        #expect(opened.output.errors.hasPrefix("note: the index of these files is updated: "), sourceLocation: sourceLocation)
        let fresh = Self.fresh([corpus])
        Self.expectSameAsBuilt(opened.index, fresh, sourceLocation: sourceLocation)
        // The snapshot written then is valid, and holds the same documents.
        let again = Self.open([corpus], cache: cache)
        #expect(again.state.use == .reused && again.index.documents == fresh.documents, sourceLocation: sourceLocation)
    }

    @Test func everyChangeToTheFilesUpdatesOrRebuilds() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder)
        let cache = IndexCache(folder: folder.file("cache"))
        _ = Self.open([corpus], cache: cache)
        // A file changed: longer.
        let doc = corpus + "/doc-2.txt"
        try folder.write("corpus/doc-2.txt", try String(contentsOfFile: doc, encoding: .utf8) + "Cde. Beria: A new turn about the army.\n")
        expectUpdated(corpus, cache: cache, because: "'\(doc)' changed", read: 1, kept: 3)
        // Changed with the same size and a new time.
        var bytes = Array(try String(contentsOfFile: doc, encoding: .utf8).utf8)
        let at = bytes.lastIndex(of: UInt8(ascii: "y"))!
        bytes[at] = UInt8(ascii: "Y")
        try folder.write("corpus/doc-2.txt", bytes)
        Self.setTime(doc, 1_000_000_000)
        expectUpdated(corpus, cache: cache, because: "'\(doc)' changed", read: 1, kept: 3)
        // Touched with the same bytes: hashed, and reused; the snapshot then keeps the new time, so that
        // the next start does not hash the file again.
        Self.setTime(doc, 1_100_000_000)
        let snapshot = cache.file(for: [corpus], from: FileManager.default.currentDirectoryPath)
        #expect(try Self.storedTime(of: doc, in: snapshot) == 1_000_000_000)
        let touched = Self.open([corpus], cache: cache)
        #expect(touched.state.use == .reused)
        #expect(touched.output.errors == "")
        #expect(try Self.storedTime(of: doc, in: snapshot) == 1_100_000_000)
        #expect(Self.open([corpus], cache: cache).state.use == .reused)
        // One file touched and another changed: the touched one, hashed the same, is kept, not read.
        Self.setTime(doc, 1_150_000_000)
        try folder.write("corpus/doc-1.txt", try String(contentsOfFile: corpus + "/doc-1.txt", encoding: .utf8) + "Cde. Nagy: More.\n")
        expectUpdated(corpus, cache: cache, because: "doc-1.txt' changed", read: 1, kept: 3)
        #expect(try Self.storedTime(of: doc, in: snapshot) == 1_150_000_000)
        // A file added, then removed.
        try folder.write("corpus/doc-9.txt", "Cde. Nagy: The army must go.\n")
        expectUpdated(corpus, cache: cache, because: "'\(corpus)/doc-9.txt' is new", read: 1, kept: 4)
        unlink(corpus + "/doc-9.txt")
        expectUpdated(corpus, cache: cache, because: "'\(corpus)/doc-9.txt' is gone", read: 0, kept: 4)
        // A sidecar, which can change what every transcript beside it gives: when it comes, and when it
        // changes, they are all read again.
        try folder.write("corpus/parley.speakers", "alias Beria = Lavrentiy Beria\n")
        expectUpdated(corpus, cache: cache, because: "parley.speakers' is new", read: 4, kept: 0)
        try folder.write("corpus/parley.speakers", "alias Rákosi = Mátyás Rákosi, Cde. Rákosi\n")
        Self.setTime(corpus + "/parley.speakers", 1_200_000_000)
        expectUpdated(corpus, cache: cache, because: "parley.speakers' changed", read: 4, kept: 0)
        // A file that is not a transcript, whose note a load gives.
        try folder.write("corpus/picture.png", [0x89, 0x50, 0x4E, 0x47])
        expectUpdated(corpus, cache: cache, because: "picture.png' is new", read: 0, kept: 4)
        let reused = Self.open([corpus], cache: cache)
        #expect(reused.state.use == .reused)
        #expect(reused.output.errors.contains("picture.png: skipped: not a transcript file (.png)"))
    }

    /// A file edited with its size kept and its modification time set back (`touch -r`, or `cp -p` of
    /// another version) still has a new change time, which only the system sets: it is read again, not
    /// answered from the snapshot as it was.
    @Test func aFileEditedWithItsTimeSetBackIsReadAgain() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder)
        let cache = IndexCache(folder: folder.file("cache"))
        _ = Self.open([corpus], cache: cache)
        let doc = corpus + "/doc-2.txt"
        var before = stat()
        #expect(stat(doc, &before) == 0)
        // A change time is as fine as the system clock's tick: one passes.
        usleep(20_000)
        var bytes = Array(try String(contentsOfFile: doc, encoding: .utf8).utf8)
        let at = try #require(bytes.lastIndex(of: UInt8(ascii: "y")))
        bytes[at] = UInt8(ascii: "Y")
        try folder.write("corpus/doc-2.txt", bytes)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, doc, &times, 0) == 0)
        var after = stat()
        #expect(stat(doc, &after) == 0 && after.st_size == before.st_size)
        #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        expectUpdated(corpus, cache: cache, because: "'\(doc)' changed", read: 1, kept: 3)
        // Its mode changed alone (`chmod`): hashed, the same, and reused.
        usleep(20_000)
        #expect(chmod(doc, 0o600) == 0)
        let reused = Self.open([corpus], cache: cache)
        #expect(reused.state.use == .reused && reused.output.errors == "")
        #expect(reused.index.documents == Self.fresh([corpus]).documents)
    }

    /// Updates chained one on another, each leaving out, adding and replacing documents at random places
    /// (documents of every size, some with words no other has), give the index a build gives every time.
    @Test func chainedRandomUpdatesGiveTheIndexABuildGives() throws {
        let folder = try TemporaryFolder()
        var random = SplitMix64(seed: 2026)
        let pool = try Self.pool(in: folder, files: 12, seed: 5)
        try #require(pool.count == 25)
        // Which pool document each of the corpus's is.
        var corpus = Array(0..<8)
        var index = CorpusIndex(corpus.map { pool[$0] })
        for round in 0..<12 {
            var next: [Int] = []
            var previous: [Int?] = []
            for (d, p) in corpus.enumerated() {
                switch Int.random(in: 0..<6, using: &random) {
                case 0: continue
                case 1:
                    next.append(Int.random(in: 0..<pool.count, using: &random))
                    previous.append(nil)
                default:
                    next.append(p)
                    previous.append(d)
                }
                if Int.random(in: 0..<4, using: &random) == 0 {
                    next.append(Int.random(in: 0..<pool.count, using: &random))
                    previous.append(nil)
                }
            }
            let documents = next.map { pool[$0] }
            guard let updated = CorpusIndex.updating(index, to: documents, from: previous) else {
                Issue.record("round \(round): refused")
                return
            }
            Self.expectSame(updated, CorpusIndex(documents), answering: round == 11)
            (corpus, index) = (next, updated)
        }
    }

    /// Ids a clash renamed, and files skipped as copies of others, come out of an update as a load gives
    /// them when the clash or the copy goes away.
    @Test func anUpdateGivesIdsAndCopiesAsALoadDoes() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 3)
        let cache = IndexCache(folder: folder.file("cache"))
        // Two files named alike in two folders: the second met ('b/' comes before 'doc-0.txt') is 'doc-0-2'.
        _ = try folder.folder("corpus/b")
        try folder.write("corpus/b/doc-0.txt", "Cde. Nagy: A second doc-0, about the army.\n")
        // A copy of a file: skipped.
        try folder.write("corpus/z-copy.txt", try String(contentsOfFile: corpus + "/doc-1.txt", encoding: .utf8))
        let first = Self.open([corpus], cache: cache)
        #expect(first.index.documents.map(\.id).sorted() == ["doc-0", "doc-0-2", "doc-1", "doc-2"])
        #expect(first.output.errors.contains("skipped: the same text as"))
        // The clash goes: the renamed one is read again, and is 'doc-0' now. The copy's original goes: the
        // copy is read.
        unlink(corpus + "/b/doc-0.txt")
        unlink(corpus + "/doc-1.txt")
        expectUpdated(corpus, cache: cache, because: "doc-0.txt' is gone, and 1 more file changed", read: 2, kept: 1)
        #expect(Self.open([corpus], cache: cache).index.documents.map(\.id).sorted() == ["doc-0", "doc-2", "z-copy"])
        // The clash comes back: the document kept is renamed, as a load renames it.
        try folder.write("corpus/b/doc-0.txt", "Cde. Beria: The first doc-0 again.\n")
        expectUpdated(corpus, cache: cache, because: "is new", read: 1, kept: 3)
        #expect(Self.open([corpus], cache: cache).index.documents.map(\.id).sorted() == ["doc-0", "doc-0-2", "doc-2", "z-copy"])
    }

    /// The shared corpus, copied: changes to transcripts of several kinds update the snapshot; a change to
    /// the ParlaMint list of persons, which every session beside it reads, has the session read again.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func updatesOfTheSharedCorpus() throws {
        let folder = try TemporaryFolder()
        let corpus = folder.file("corpus")
        try FileManager.default.copyItem(atPath: sharedCorpus, toPath: corpus)
        let cache = IndexCache(folder: folder.file("cache"))
        let first = Self.open([corpus], cache: cache)
        // Files read again, whatever changed: those that gave no document (the list of persons, as a file
        // of its own).
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus).filter { $0.contains(".") && !$0.hasPrefix("README") }
        let transcripts = Set(first.index.documents.map(\.path)).count
        #expect(transcripts > 15 && files.count > transcripts)
        let kremlin = corpus + "/1953-06-13-kremlin-hungarian-delegation.txt"
        try folder.write("corpus/1953-06-13-kremlin-hungarian-delegation.txt",
                         try String(contentsOfFile: kremlin, encoding: .utf8) + "\nMALENKOV: One more word on the army.\n")
        unlink(corpus + "/2021-08-02-seattle-council-briefing.vtt")
        let session = corpus + "/parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml"
        let xml = try String(contentsOfFile: session, encoding: .utf8)
        try folder.write("corpus/parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml", xml.replacingOccurrences(of: "</body>", with: "</body>\n"))
        expectUpdated(corpus, cache: cache, because: "seattle-council-briefing.vtt' is gone, and 2 more files changed", read: 2 + files.count - transcripts, kept: transcripts - 3)
        let persons = corpus + "/parlamint-es-ct/ParlaMint-ES-CT-listPerson.xml"
        try folder.write("corpus/parlamint-es-ct/ParlaMint-ES-CT-listPerson.xml",
                         try String(contentsOfFile: persons, encoding: .utf8) + "\n")
        expectUpdated(corpus, cache: cache, because: "listPerson.xml' changed", read: 2, kept: transcripts - 2)
    }

    @Test func aFileNamedAloneIsReadAgainWhenItsSidecarAppears() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 2)
        let cache = IndexCache(folder: folder.file("cache"))
        let file = corpus + "/doc-0.txt"
        _ = Self.open([file], cache: cache)
        try folder.write("corpus/doc-0.speakers", "ignore /^Comrade Molotov:/\n")
        let opened = Self.open([file], cache: cache)
        #expect(opened.state.use == .updated(because: "'\(corpus)/doc-0.speakers' is new", read: 1, kept: 0))
        Self.expectSameAsBuilt(opened.index, Self.fresh([file]))
        #expect(opened.index.documents[0].sidecar != nil)
    }

    /// A sidecar or a list of persons that comes, goes or changes has the transcripts of its folder read
    /// again, and those of other folders kept.
    @Test func aSidecarChangeReadsItsFolderAgain() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 2)
        _ = try folder.folder("corpus/b")
        try folder.write("corpus/b/other.txt", "Cde. Beria: The army of the other folder.\n\nComrade Molotov: Collective leadership.\n")
        let cache = IndexCache(folder: folder.file("cache"))
        _ = Self.open([corpus], cache: cache)
        try folder.write("corpus/b/parley.speakers", "alias Beria = Lavrentiy Beria\n")
        expectUpdated(corpus, cache: cache, because: "b/parley.speakers' is new", read: 1, kept: 2)
        try folder.write("corpus/parley.speakers", "ignore /^Comrade Molotov:/\n")
        expectUpdated(corpus, cache: cache, because: "corpus/parley.speakers' is new", read: 2, kept: 1)
        try folder.write("corpus/b/ParlaMint-listPerson.xml", "<listPerson/>\n")
        expectUpdated(corpus, cache: cache, because: "listPerson.xml' is new", read: 2, kept: 2)
        unlink(corpus + "/parley.speakers")
        expectUpdated(corpus, cache: cache, because: "corpus/parley.speakers' is gone", read: 2, kept: 2)
    }

    @Test func theVersionAndEachSettingRebuild() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder)
        let cache = IndexCache(folder: folder.file("cache"))
        _ = Self.open([corpus], cache: cache)
        expectRebuilt(corpus, cache: cache, because: "written by Parley \(ProgramVersion.current), this is 99.0", version: "99.0")
        expectRebuilt(corpus, cache: cache, because: "--format-in was 'detected', now 'markdown'", formatIn: .markdown, version: "99.0")
        let stopWords = try folder.write("stop.txt", "army\nthe\n")
        expectRebuilt(corpus, cache: cache, because: "PARLEY_STOPWORDS was '', now", formatIn: .markdown, version: "99.0",
                      environment: ["PARLEY_STOPWORDS": stopWords])
        try folder.write("stop.txt", "army\nparty\n")
        expectRebuilt(corpus, cache: cache, because: "PARLEY_STOPWORDS was", formatIn: .markdown, version: "99.0",
                      environment: ["PARLEY_STOPWORDS": stopWords])
        // The tokenizer's version is one of the settings.
        let settings = IndexedLoading.Settings(loader: Loader(), environment: [:])
        #expect(settings.difference(from: settings.text) == nil)
        let older = settings.text.replacingOccurrences(of: "the tokenizer=\(Tokenizer.version)", with: "the tokenizer=0")
        #expect(settings.difference(from: older) == "the tokenizer was '0', now '\(Tokenizer.version)'")
        // So is the reading rules' version: a snapshot read under other rules is read anew.
        let otherRules = settings.text.replacingOccurrences(of: "the reading rules' version=\(Loader.rulesVersion)", with: "the reading rules' version=1")
        #expect(settings.difference(from: otherRules) == "the reading rules' version was '1', now '\(Loader.rulesVersion)'")
        #expect(settings.difference(from: "nonsense") == "its settings are unreadable")
    }

    // MARK: - Damage

    /// The snapshot of a one-document corpus, small enough to damage at every byte.
    static func tinySnapshot(in folder: TemporaryFolder) throws -> (bytes: [UInt8], index: CorpusIndex) {
        try folder.write("tiny/a.txt", "Cde. Beria: The army [sic] must go, 250,000 people. (Cde. Nagy: No.)\n\nCde. Rákosi: Yes (Laughter).\n")
        let index = Self.fresh([folder.file("tiny/a.txt")])
        let path = folder.file("tiny" + IndexCache.suffix)
        try Snapshot.write(index, manifest: Array("files".utf8), programVersion: "1", settings: "", to: path)
        return (Array(try Data(contentsOf: URL(fileURLWithPath: path))), index)
    }

    static func reads(_ bytes: [UInt8]) -> Bool {
        guard let reader = try? Snapshot.Reader(bytes: bytes) else { return false }
        return (try? reader.manifest()) != nil && (try? reader.index()) != nil
    }

    /// Whether `bytes`, written to a file, read as a snapshot: the path a cache takes, with the text and
    /// posting lists used in place in the mapped file.
    static func readsFromFile(_ bytes: [UInt8], at path: String) -> Bool {
        guard (try? Data(bytes).write(to: URL(fileURLWithPath: path))) != nil, let reader = try? Snapshot.Reader(path: path) else { return false }
        return (try? reader.manifest()) != nil && (try? reader.index()) != nil
    }

    /// The fuzz target's seed is a snapshot this program reads, so that the fuzzer starts past the version
    /// check. After a format change, make it again: `parley --index DIR -c '* | count'
    /// Fuzz/corpus/import/labels.txt` from the repository, then copy DIR's one file over it.
    @Test func theFuzzSeedIsInTheCurrentFormat() throws {
        let seed = EmbeddedDataTests.repository.appendingPathComponent("Fuzz/corpus/snapshot/labels.parley-index")
        let reader = try Snapshot.Reader(bytes: Array(try Data(contentsOf: seed)))
        let index = try reader.index()
        #expect(index.documents.count == 1 && index.utteranceCount > 0)
    }

    @Test func aFlippedByteIsRefusedInAMappedFileToo() throws {
        let folder = try TemporaryFolder()
        let (bytes, index) = try Self.tinySnapshot(in: folder)
        let path = folder.file("damaged" + IndexCache.suffix)
        #expect(Self.readsFromFile(bytes, at: path))
        Self.expectSame(try Snapshot.Reader(path: path).index(), index)
        var read: [String] = []
        for i in bytes.indices {
            var damaged = bytes
            damaged[i] ^= 0x01
            if Self.readsFromFile(damaged, at: path) { read.append("byte \(i)") }
        }
        #expect(read == [])
    }

    @Test func everyCutAndEveryFlippedByteIsRefused() throws {
        let folder = try TemporaryFolder()
        let (bytes, index) = try Self.tinySnapshot(in: folder)
        #expect(Self.reads(bytes))
        #expect(bytes.count < 4096)
        var read: [String] = []
        for n in 0..<bytes.count where Self.reads(Array(bytes[..<n])) { read.append("cut at \(n)") }
        for i in bytes.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = bytes
                damaged[i] ^= flip
                if Self.reads(damaged) { read.append("byte \(i) ^ \(flip)") }
            }
        }
        #expect(read == [])
        // Bytes added at the end.
        #expect(!Self.reads(bytes + [0]))
        // What is refused says why.
        #expect(throws: SnapshotProblem("it is not a Parley index")) { try Snapshot.Reader(bytes: Array("hello, world\n".utf8)) }
        #expect(throws: SnapshotProblem("it is cut short")) { try Snapshot.Reader(bytes: Array(bytes[..<20])) }
        var older = bytes
        older[8] = 0
        #expect(throws: SnapshotProblem("it was written in index format 0; this program reads format \(Snapshot.formatVersion)")) {
            try Snapshot.Reader(bytes: older)
        }
        Self.expectSame(try Snapshot.Reader(bytes: bytes).index(), index)
    }

    @Test func aDamagedSnapshotInTheCacheIsRebuiltWithANote() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder)
        let cache = IndexCache(folder: folder.file("cache"))
        let path = Self.open([corpus], cache: cache).state.path!
        let good = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var damages: [(String, [UInt8])] = [
            ("it is cut short", Array(good[..<(good.count / 2)])),
            ("it is cut short", Array(good[..<10])),
            ("it is not a Parley index", Array("#!/bin/sh\necho hello\n".utf8)),
            ("it is cut short", []),
        ]
        for offset in [good.count - 1, good.count / 2, 17, 200] {
            var flipped = good
            flipped[offset] ^= 0x10
            damages.append(("it is damaged", flipped))
        }
        var older = good
        older[8] = 0
        damages.append(("index format 0", older))
        for (why, bytes) in damages {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            expectRebuilt(corpus, cache: cache, because: why)
        }
    }

    /// A change to a few files of many is written beside the snapshot, which stays as it is; the next
    /// start reads both. Past a quarter of the corpus the changes are merged into a new snapshot, and the
    /// file of changes goes. A file of changes that is damaged rebuilds, with a note; one made for
    /// another snapshot (replaced since) is passed over.
    @Test func aFewChangedFilesAreWrittenBesideTheSnapshot() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 12, turns: 20)
        let cache = IndexCache(folder: folder.file("cache"))
        let path = try #require(Self.open([corpus], cache: cache).state.path)
        let changes = IndexCache.changes(of: path)
        let base = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
        func append(_ f: Int, _ text: String) throws {
            let file = "corpus/doc-\(f).txt"
            try folder.write(file, try String(contentsOfFile: folder.file(file), encoding: .utf8) + text)
        }
        // A file touched, its bytes the same: its new time is kept in a file of changes with no documents,
        // and the next start reads the snapshot's index as it is, not joined with another.
        Self.setTime(corpus + "/doc-5.txt", 1_000_000_000)
        #expect(Self.open([corpus], cache: cache).state.use == .reused)
        #expect(try bytes(path) == base && FileManager.default.fileExists(atPath: changes))
        let touched = Self.open([corpus], cache: cache)
        #expect(touched.state.use == .reused && touched.index.segments == nil && touched.output.errors.isEmpty)
        Self.expectSame(touched.index, Self.fresh([corpus]), answering: false)
        // One file changed and one added: both written beside the snapshot, which is not written again.
        try append(3, "Cde. Beria: A new turn about the metallurgy of the army.\n")
        try folder.write("corpus/doc-99.txt", "Cde. Nagy: Zymurgy, a word of its own.\n")
        expectUpdated(corpus, cache: cache, because: "changed", read: 2, kept: 11)
        #expect(try bytes(path) == base && FileManager.default.fileExists(atPath: changes))
        let reused = Self.open([corpus], cache: cache)
        #expect(reused.state.use == .reused && reused.state.changes == changes && reused.index.segments != nil)
        #expect(reused.state.report().contains("changes: \(changes)"))
        // Another changed: the file of changes holds both now, the base still as it was.
        try append(7, "Cde. Nagy: More on the plan.\n")
        expectUpdated(corpus, cache: cache, because: "doc-7.txt' changed", read: 1, kept: 12)
        #expect(try bytes(path) == base)
        let segment = try #require(Self.open([corpus], cache: cache).index.segments)
        #expect(Set(segment.segment.documents.map(\.id)) == ["doc-3", "doc-7", "doc-99"])
        // A file of changes made for another snapshot is passed over: the base's list of files is then
        // the one of record, and the files changed since it are read again.
        let kept = try bytes(changes)
        try Data(kept.prefix(kept.count - 1) + [kept[kept.count - 1] ^ 1]).write(to: URL(fileURLWithPath: changes))
        expectRebuilt(corpus, cache: cache, because: "its file of changes is damaged")
        #expect(!FileManager.default.fileExists(atPath: changes))
        // More than a quarter of the corpus changed: merged into a new snapshot.
        let rebuilt = try bytes(path)
        try append(1, "Cde. Beria: One.\n")
        try Data(kept).write(to: URL(fileURLWithPath: changes))
        expectUpdated(corpus, cache: cache, because: "doc-1.txt' changed", read: 1, kept: 12)
        #expect(try bytes(path) == rebuilt && Self.open([corpus], cache: cache).index.segments?.segment.documents.count == 1)
        for f in [0, 2, 4, 5] { try append(f, "Cde. Nagy: Four more.\n") }
        expectUpdated(corpus, cache: cache, because: "changed", read: 4, kept: 9)
        #expect(try bytes(path) != rebuilt && !FileManager.default.fileExists(atPath: changes))
        #expect(Self.open([corpus], cache: cache).index.segments == nil)
        // `.index clear` removes both.
        try append(6, "Cde. Beria: Six.\n")
        expectUpdated(corpus, cache: cache, because: "doc-6.txt' changed", read: 1, kept: 12)
        let said = BufferOutput()
        let session = Session(index: Self.open([corpus], cache: cache).index, output: said)
        session.indexState = IndexState(use: .reused, path: path, changes: changes)
        session.run(".index clear")
        #expect(said.errors == "note: removed '\(path)' and its file of changes '\(changes)'; the next start on these files reads them again\n")
        #expect(!FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: changes))
    }

    /// A file of changes damaged anywhere (each byte flipped in turn, or cut short) is refused whole, by a
    /// problem that names it, so that the start rebuilds; so is a well-formed one whose documents do not
    /// fit its snapshot.
    @Test func aDamagedFileOfChangesIsRefusedByteByByte() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 10, turns: 4)
        let cache = IndexCache(folder: folder.file("cache"))
        let path = try #require(Self.open([corpus], cache: cache).state.path)
        try folder.write("corpus/doc-99.txt", "Cde. Nagy: The army must go.\n")
        try folder.write("corpus/doc-1.txt", try String(contentsOfFile: corpus + "/doc-1.txt", encoding: .utf8) + "Cde. Beria: No.\n")
        #expect(Self.open([corpus], cache: cache).state.changes != nil)
        let changes = IndexCache.changes(of: path)
        let good = Array(try Data(contentsOf: URL(fileURLWithPath: changes)))
        let settings = IndexedLoading.Settings(loader: Loader(), environment: [:])
        let inputs = Fingerprint.inputs(of: [corpus])
        func verdict(_ bytes: [UInt8]) throws -> String {
            try Data(bytes).write(to: URL(fileURLWithPath: changes))
            switch IndexedLoading.reuse(path, paths: [corpus], workingFolder: "/", settings: settings, inputs: inputs,
                                        identity: SpeakerIdentity(), programVersion: ProgramVersion.current) {
            case .valid(_, let stored, _, _): return stored.changes == nil ? "valid alone" : "valid"
            case .stale: return "stale"
            case .invalid(let problem): return problem.description
            }
        }
        #expect(try verdict(good) == "valid")
        var accepted: [String] = []
        for i in good.indices {
            var damaged = good
            damaged[i] ^= 0x01
            let said = try verdict(damaged)
            if !said.hasPrefix("its file of changes ") { accepted.append("byte \(i): \(said)") }
        }
        for end in stride(from: 0, to: good.count, by: 61) {
            let said = try verdict(Array(good[..<end]))
            if !said.hasPrefix("its file of changes ") { accepted.append("cut at \(end): \(said)") }
        }
        #expect(accepted.isEmpty, "\(accepted.prefix(5))")
        // Well formed, its checksums right, but naming its documents in another order than the base's.
        let reader = try Snapshot.Reader(bytes: good)
        var manifest = try Manifest(of: reader)
        let order = try #require(manifest.segment?.order)
        manifest.segment?.order = order.reversed()
        try Snapshot.write(try reader.index(), manifest: manifest.bytes, programVersion: ProgramVersion.current,
                           settings: reader.header.settings, to: changes)
        let misordered = Array(try Data(contentsOf: URL(fileURLWithPath: changes)))
        #expect(try verdict(misordered) == "its file of changes is damaged (its documents do not fit the base's)")
        expectRebuilt(corpus, cache: cache, because: "its file of changes is damaged")
        // The same when files changed since (the start is an update, which does not combine the two as
        // they stand): the update cannot use it, and the start gives a fresh load's index all the same.
        let rebuilt = try #require(Self.open([corpus], cache: cache).state.path)
        let newBase = try Snapshot.Reader(path: rebuilt).header.checksum
        manifest.segment?.base = newBase
        try Snapshot.write(try reader.index(), manifest: manifest.bytes, programVersion: ProgramVersion.current,
                           settings: reader.header.settings, to: changes)
        try folder.write("corpus/doc-2.txt", try String(contentsOfFile: corpus + "/doc-2.txt", encoding: .utf8) + "Cde. Nagy: Yes.\n")
        let opened = Self.open([corpus], cache: cache)
        Self.expectSameAsBuilt(opened.index, Self.fresh([corpus]), answering: false)
        #expect(Self.open([corpus], cache: cache).state.use == .reused)
    }

    // MARK: - The cache

    @Test func anUnwritableCacheWarnsOnceAndTheRunGoesOn() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder)
        let blocker = try folder.write("not-a-folder", "x")
        var options = RunOptions(paths: [corpus], environment: [:])
        options.indexCache = IndexCache(folder: blocker + "/parley")
        let output = BufferOutput()
        #expect(Run.commands(["army | count"], options: options, output: output) == .success)
        #expect(output.errors.components(separatedBy: "warning: cannot write the index to '\(blocker)/parley': ").count == 2)
        #expect(output.errors.hasSuffix("; going on without it\n"))
        let plain = BufferOutput()
        _ = Run.commands(["army | count"], options: RunOptions(paths: [corpus], environment: [:]), output: plain)
        #expect(output.output == plain.output)
    }

    @Test func theReferenceDocumentIsNeverStored() throws {
        let folder = try TemporaryFolder()
        let opened = Self.open([], cache: IndexCache(folder: folder.file("cache")))
        #expect(opened.state.use == .none("the built-in reference document is not stored"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("cache")))
        #expect(opened.index.utteranceCount == 72)
    }

    @Test func theIndexCommandShowsAndClears() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 2)
        var options = RunOptions(paths: [corpus], environment: [:])
        options.indexCache = IndexCache(folder: folder.file("cache"))
        let output = BufferOutput()
        #expect(Run.commands([".index"], options: options, output: output) == .success)
        let path = options.indexCache!.file(for: [corpus], from: FileManager.default.currentDirectoryPath)
        #expect(output.output.hasPrefix("index: \(path)\nsize: "))
        // A small corpus's snapshot is some kilobytes, not "0.0 MB".
        #expect(output.output.contains(" KB, "))
        #expect(output.output.contains(", 2 files\nlast used: "))
        #expect(output.output.split(separator: "\n").contains { $0.wholeMatch(of: /last used: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/) != nil })
        #expect(output.output.hasSuffix("state: written on this load\n"))
        let again = BufferOutput()
        #expect(Run.commands([".index", ".index clear"], options: options, output: again) == .success)
        #expect(again.output.hasSuffix("state: valid; read instead of the files\n"))
        #expect(again.errors == "note: removed '\(path)'; the next start on these files reads them again\n")
        #expect(!FileManager.default.fileExists(atPath: path))
        let none = BufferOutput()
        #expect(Run.commands([".index", ".index clear", ".open", ".index", ".index wrong"], options: RunOptions(paths: [], environment: [:]), output: none) == .queryError)
        #expect(none.output == "no index: the built-in reference document is not stored\nno index: the built-in reference document is not stored\n")
        #expect(none.errors.contains("note: there is no snapshot of what is loaded\n"))
        #expect(none.errors.hasSuffix("error: '.index' takes nothing or 'clear', not 'wrong'\n"))
    }

    /// In JSON, CSV and Markdown `.index` is one row of data, as the other listings are: the snapshot's
    /// path, size in bytes, files, when it was last used (UTC), its file of changes, its state in a word
    /// and why.
    @Test func theIndexCommandFollowsTheMode() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 2)
        let cache = IndexCache(folder: folder.file("cache"))
        var options = RunOptions(paths: [corpus], environment: [:])
        options.indexCache = cache
        let path = cache.file(for: [corpus], from: FileManager.default.currentDirectoryPath)
        let json = BufferOutput()
        #expect(Run.commands([".mode json", ".index"], options: options, output: json) == .success)
        #expect(json.output.hasPrefix("[{\"index\": \"\(path)\", \"size\": "))
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        var info = stat()
        #expect(stat(path, &info) == 0 && row["size"] as? Int == Int(info.st_size))
        #expect(row["files"] as? Int == 2)
        #expect((row["last_used"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
        #expect(row["changes"] is NSNull && row["reason"] is NSNull)
        #expect(row["state"] as? String == "written")
        // Read again: valid.
        let csv = BufferOutput()
        #expect(Run.commands([".mode csv", ".index"], options: options, output: csv) == .success)
        let lines = csv.output.split(separator: "\n")
        #expect(lines.first == "index,size,files,last_used,changes,state,reason")
        #expect(lines.count == 2 && lines[1].hasPrefix("\(path),\(info.st_size),2,") && lines[1].hasSuffix(",,valid,read instead of the files"))
        // No snapshot: the reason alone.
        var off = RunOptions(paths: [corpus], environment: [:])
        off.indexCache = nil
        let none = BufferOutput()
        #expect(Run.commands([".mode json", ".index"], options: off, output: none) == .success)
        #expect(none.output == "[{\"index\": null, \"size\": null, \"files\": null, \"last_used\": null, \"changes\": null, "
                + "\"state\": \"none\", \"reason\": \"snapshots are off (--no-index)\"}]\n")
    }

    /// Ctrl-C during `.open` once every file was read (while the index is made, or the files hashed for
    /// the snapshot) stops it as Ctrl-C while reading does: what was loaded stays, and no snapshot is
    /// written.
    @Test func controlCAfterTheReadingStopsAnOpen() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 2)
        let cache = IndexCache(folder: folder.file("cache"))
        final class Asked: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            /// True from the `after`th question on.
            func next(after: Int) -> Bool { lock.withLock { count += 1; return count > after } }
        }
        let asked = Asked()
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output)
        session.indexCache = cache
        // The reading asks before each of the two files and once after them; then Ctrl-C.
        session.shouldStop = { asked.next(after: 3) }
        #expect(session.run(".open \(corpus)") == .success)
        #expect(output.errors.hasSuffix("cancelled: nothing was loaded; what was loaded before stays\n"), "\(output.errors)")
        #expect(session.documents.map(\.path) == [EmbeddedReference.path])
        #expect(!FileManager.default.fileExists(atPath: cache.file(for: [corpus], from: FileManager.default.currentDirectoryPath)))
    }

    @Test func openGoesThroughTheCacheAndLoadLeavesIt() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 2)
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output)
        session.indexCache = IndexCache(folder: folder.file("cache"))
        session.run(".open \(corpus)")
        #expect(session.indexState.use == .written(rebuiltBecause: nil))
        session.run(".open \(corpus)")
        #expect(session.indexState.use == .reused)
        session.run(".load \(try folder.write("more.txt", "Cde. Beria: More.\n"))")
        #expect(session.indexState.path == nil)
    }

    @Test func theCacheKeepsToItsLimitOldestUsedFirst() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 3)
        let cacheFolder = folder.file("cache")
        let files = (0..<3).map { corpus + "/doc-\($0).txt" }
        var paths: [String] = []
        for file in files {
            paths.append(Self.open([file], cache: IndexCache(folder: cacheFolder)).state.path!)
            Self.setTime(paths.last!, 1_000_000_000 + paths.count)
        }
        // By default, a few times the largest: all three stay.
        #expect(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        // The first is used again, so the second is now the oldest used.
        #expect(Self.open([files[0]], cache: IndexCache(folder: cacheFolder)).state.use == .reused)
        let size = paths.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }.max()!
        try folder.write("corpus/extra.txt", "Cde. Beria: One more.\n")
        let limited = IndexCache(folder: cacheFolder, limit: 2 * size + size / 2)
        let newest = Self.open([corpus + "/extra.txt"], cache: limited).state.path!
        #expect(FileManager.default.fileExists(atPath: newest))
        #expect(FileManager.default.fileExists(atPath: paths[0]))
        #expect(!FileManager.default.fileExists(atPath: paths[1]))
        let left = try FileManager.default.contentsOfDirectory(atPath: cacheFolder)
        let total = left.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: cacheFolder + "/" + $1)[.size] as? Int) ?? 0) }
        #expect(total <= limited.limit!)
        #expect(IndexCache.size("200M") == 200 << 20 && IndexCache.size("3g") == 3 << 30 && IndexCache.size("1000") == 1000)
        #expect(IndexCache.size("lots") == nil && IndexCache.size("-1") == nil)
    }

    /// A limit that is not a size (`2GB`, `lots`) is not passed over in silence: the snapshot written says
    /// so once, and the folder keeps to the default limit.
    @Test func aLimitThatIsNotASizeIsSaid() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 2)
        let cache = try #require(IndexCache.standard(folder: folder.file("cache"), environment: ["PARLEY_INDEX_MAX": "2GB"]))
        #expect(cache.limit == nil)
        let written = Self.open([corpus], cache: cache)
        #expect(written.state.use == .written(rebuiltBecause: nil))
        #expect(written.output.errors == "warning: PARLEY_INDEX_MAX: '2GB' is not a size (bytes, or a number with K, M or G, "
                + "as in 2G); the cache keeps four times its largest snapshot\n")
        // Nothing to keep to when nothing is written; unset or empty, nothing to say.
        #expect(Self.open([corpus], cache: cache).output.errors == "")
        for environment in [[:], ["PARLEY_INDEX_MAX": ""], ["PARLEY_INDEX_MAX": "2G"]] {
            let fine = try #require(IndexCache.standard(folder: folder.file("cache-\(environment.count)-\(environment.values.first ?? "")"),
                                                        environment: environment))
            #expect(Self.open([corpus], cache: fine).output.errors == "")
        }
    }

    /// With no folder to keep snapshots in, `.index` says so, and does not blame `--no-index`.
    @Test func noHomeIsNotNoIndex() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.generate(in: folder, files: 1)
        for (environment, why) in [([String: String](), "no folder to keep snapshots in (neither XDG_CACHE_HOME nor HOME is set; --index DIR names one)"),
                                   (["HOME": folder.path], "snapshots are off (--no-index)")] {
            let (_, _, state) = IndexedLoading.open([corpus], loader: Loader(), cache: nil, identity: SpeakerIdentity(), output: BufferOutput(),
                                                    quiet: false, environment: environment)
            #expect(state.use == .none(why))
        }
    }

    @Test func theCacheFolderComesFromTheEnvironment() {
        #expect(IndexCache.standard(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"])?.folder == "/c/parley")
        #expect(IndexCache.standard(environment: ["HOME": "/h"])?.folder == "/h/.cache/parley")
        #expect(IndexCache.standard(folder: "/d", environment: ["XDG_CACHE_HOME": "/c"])?.folder == "/d")
        #expect(IndexCache.standard(environment: ["HOME": "/h", "PARLEY_INDEX_MAX": "1G"])?.limit == 1 << 30)
        #expect(IndexCache.standard(environment: [:])?.folder == nil)
    }

    /// Documents keep their paths as given: absolute paths name one corpus from any working folder, and a
    /// relative path names another corpus from each.
    @Test func theWorkingFolderNamesACorpusOnlyThroughARelativePath() {
        let cache = IndexCache(folder: "/cache", limit: nil)
        func file(_ paths: [String], from folder: String) -> String { cache.file(for: paths, from: folder) }
        #expect(file(["/archive", "/more/a.txt"], from: "/home/a") == file(["/archive", "/more/a.txt"], from: "/tmp"))
        #expect(file(["/archive"], from: "/home/a") != file(["/archive/"], from: "/home/a"))
        #expect(file(["archive"], from: "/home/a") != file(["archive"], from: "/tmp"))
        #expect(file(["/archive", "archive"], from: "/home/a") != file(["/archive", "archive"], from: "/tmp"))
    }
}
