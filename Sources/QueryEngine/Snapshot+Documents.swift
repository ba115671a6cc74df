import TranscriptModel

/// The `documents` section: every document's metadata, speakers, turns and utterance records, as varints
/// and strings (`SnapshotWriter`); the utterances' text is in the `text` section, laid end to end in the
/// order of the runs named here.
///
/// ```
/// documents   := count turnUnitCount (length textBytes document)*
///                (length: the document's bytes here; textBytes: its utterances' bytes in `text`; so that
///                the documents can be decoded side by side, each put together as soon as it is read)
/// document    := id path format title? date? place? field* speaker* unplaced* doubtful* sidecar? change*
///                annotation* printed* label* turn* run*
/// turn        := label-index number speaker+1 first end rare?        (rare: addressee? start? end? field*)
/// run         := path utteranceCount textBytes figure* span* record*  (one arena of utterances read from `path`)
/// record      := kind speaker turn line textCount figureCount spanCount
/// ```
/// Every count is written before what it counts; `T?` is a byte 0 or 1 and the value.
public enum SnapshotDocuments {
    /// A run of a document's utterances that share one path, and how many bytes of `text` they hold.
    struct Run {
        var path: String
        var utterances: Range<Int>
        var textBytes: Int
    }

    /// The runs of `document`: utterances that share a path, no run holding more than 4 GiB of text.
    static func runs(of document: Document) -> [Run] {
        var runs: [Run] = []
        for (i, utterance) in document.utterances.enumerated() {
            let path = utterance.location.path
            if var last = runs.last, last.path == path, last.textBytes + utterance.textByteCount <= Int(UInt32.max) {
                last.utterances = last.utterances.lowerBound..<(i + 1)
                last.textBytes += utterance.textByteCount
                runs[runs.count - 1] = last
            } else {
                runs.append(Run(path: path, utterances: i..<(i + 1), textBytes: utterance.textByteCount))
            }
        }
        return runs
    }

    /// One document whole, as a ClickHouse cluster keeps it (`parley.packets`): its record as `write` makes
    /// it, then its utterances' text.
    public static func packet(_ document: Document) -> [UInt8] {
        var w = SnapshotWriter()
        w.unsigned(1)
        w.int(0)
        write(document, to: &w)
        var bytes = w.bytes
        bytes.reserveCapacity(bytes.count + document.utterances.reduce(0) { $0 + $1.textByteCount })
        for utterance in document.utterances { utterance.withTextUTF8 { bytes += $0 } }
        return bytes
    }

    /// The document of a packet; a `SnapshotProblem` when it is not one.
    public static func document(fromPacket bytes: [UInt8]) throws -> Document {
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            var r = SnapshotReader(raw, part: "a document packet")
            let count = try r.count()
            _ = try r.int(in: 0...0)
            guard count == 1 else { throw r.damaged() }
            let partial = try readDocument(&r)
            var offset = r.offset
            let document = try partial.restored { n throws in
                guard n <= raw.count - offset else { throw SnapshotProblem.damaged("a document packet") }
                defer { offset += n }
                return SharedBytes(Array(raw[offset..<(offset + n)]))
            }
            guard offset == raw.count else { throw SnapshotProblem.damaged("a document packet") }
            return document
        }
    }

    /// Where `parts` runs of about equal size begin, and the end: `ends[i]` is the size of items 0...i
    /// together (rising). At most `parts` runs, none empty.
    static func runs(ends: [Int], parts: Int) -> [Int] {
        let count = ends.count
        let wanted = min(count, parts)
        let total = ends.last ?? 0
        var bounds = [0]
        for (i, end) in ends.enumerated() where bounds.count < wanted && end * wanted >= total * bounds.count {
            bounds.append(i + 1)
        }
        if bounds.last != count { bounds.append(count) }
        return bounds
    }

    /// The section as `read` reads it, in parts to be written one after another: runs of documents are
    /// encoded on every core, each on its own, and not joined (which would hold the section twice).
    static func encoded(_ documents: [Document], turnUnitCount: Int) -> [[UInt8]] {
        var head = SnapshotWriter()
        head.unsigned(UInt64(documents.count))
        head.int(turnUnitCount)
        // Runs of about equal numbers of utterances, several per core.
        var seen = 0
        let runs = Self.runs(ends: documents.map { document in
            seen += document.utterances.count
            return seen
        }, parts: 16)
        let parts = parallelMap(runs.count - 1) { r -> [UInt8] in
            var w = SnapshotWriter()
            var one = SnapshotWriter()
            for document in documents[runs[r]..<runs[r + 1]] {
                one.bytes.removeAll(keepingCapacity: true)
                write(document, to: &one)
                w.unsigned(UInt64(one.bytes.count))
                w.unsigned(UInt64(document.utterances.reduce(0) { $0 + $1.textByteCount }))
                w.bytes += one.bytes
            }
            return w.bytes
        }
        return [head.bytes] + parts
    }

    private static func write(_ d: Document, to w: inout SnapshotWriter) {
        w.string(d.id)
        w.string(d.path)
        w.string(d.format)
        w.optional(d.title) { $0.string($1) }
        w.optional(d.date) { w, date in
            w.int(date.year)
            w.optional(date.month) { $0.int($1) }
            w.optional(date.day) { $0.int($1) }
        }
        w.optional(d.place) { $0.string($1) }
        w.array(d.metadata, field)
        w.array(d.speakers) { w, s in
            w.string(s.name)
            w.array(s.labels) { $0.string($1) }
            w.array(s.titles) { $0.string($1) }
            w.array(s.attributes) { w, a in
                w.string(a.name)
                w.string(a.value)
                for date in [a.from, a.to] {
                    w.optional(date) { w, date in
                        w.int(date.year)
                        w.optional(date.month) { $0.int($1) }
                        w.optional(date.day) { $0.int($1) }
                    }
                }
                w.string(a.source)
            }
        }
        w.array(d.unplacedLines) { w, u in
            w.int(u.line)
            w.string(u.text)
            w.string(u.reason)
        }
        w.array(d.doubtfulLabels, doubtful)
        w.optional(d.sidecar) { $0.string($1) }
        w.array(d.sidecarChanges, doubtful)
        w.array(d.annotations) { w, a in
            w.int(a.utterance)
            w.string(a.code)
            w.string(a.text)
            w.int(a.range.lowerBound)
            w.int(a.range.upperBound)
        }
        w.array(d.printedLines) { w, p in
            w.int(p.line)
            w.optional(p.page) { $0.int($1) }
            w.int(p.printedLine)
        }
        w.array(d.pageStarts) { w, p in
            w.int(p.line)
            w.string(p.page)
            w.int(p.inParagraph ? 1 : 0)
        }
        // Turns name their label by its place in a table of the document's labels: a few labels, many turns.
        var labels: [String] = []
        var labelIndex: [String: Int] = [:]
        for turn in d.turns where labelIndex[turn.label] == nil {
            labelIndex[turn.label] = labels.count
            labels.append(turn.label)
        }
        w.array(labels) { $0.string($1) }
        w.array(d.turns) { w, t in
            w.int(labelIndex[t.label] ?? 0)
            w.int(t.number)
            w.int((t.speaker ?? -1) + 1)
            w.int(t.utterances.lowerBound)
            w.int(t.utterances.upperBound)
            let rare = t.addressee != nil || t.start != nil || t.end != nil || !t.metadata.isEmpty
            w.bool(rare)
            if rare {
                w.optional(t.addressee) { $0.string($1) }
                w.optional(t.start) { $0.double($1) }
                w.optional(t.end) { $0.double($1) }
                w.array(t.metadata, field)
            }
        }
        w.array(runs(of: d)) { w, run in
            w.string(run.path)
            w.unsigned(UInt64(run.utterances.count))
            w.int(run.textBytes)
            var figures: [Figure] = []
            var spans: [EditorialSpan] = []
            for u in run.utterances {
                d.utterances[u].withParts { _, f, e in
                    figures += f
                    spans += e
                }
            }
            w.array(figures) { w, f in
                w.double(f.value)
                w.optional(f.upper) { $0.double($1) }
                w.optional(f.scale) { $0.string($1) }
                w.optional(f.unit) { $0.string($1) }
                w.int(f.range.lowerBound)
                w.int(f.range.upperBound)
            }
            w.array(spans) { w, s in
                w.int(EditorialKind.allCases.firstIndex(of: s.kind) ?? 0)
                w.int(s.range.lowerBound)
                w.int(s.range.upperBound)
                w.string(s.content)
                w.optional(s.replaced) { $0.string($1) }
            }
            for u in run.utterances {
                let r = d.utterances[u].record
                w.int(UtteranceKind.allCases.firstIndex(of: r.kind) ?? 0)
                w.int(Int(r.speaker))
                w.int(Int(r.turn))
                w.int(Int(r.line))
                w.int(Int(r.textCount))
                w.int(Int(r.figureCount))
                w.int(Int(r.editorialCount))
            }
        }
    }

    private static func field(_ w: inout SnapshotWriter, _ f: MetadataField) {
        w.string(f.name)
        w.optional(f.value) { $0.string($1) }
    }

    private static func doubtful(_ w: inout SnapshotWriter, _ l: DoubtfulLabel) {
        w.int(l.line)
        w.string(l.text)
        w.string(l.reason)
        w.bool(l.taken)
    }

    /// A document as read, before its utterances' text is: the runs say how many bytes of `text` each takes.
    struct Partial {
        var document: Document
        var runs: [(path: String, textBytes: Int, figures: [Figure], spans: [EditorialSpan], records: [Utterance.Record])]
    }

    /// Reads what `write` wrote, the utterances' text a range each of `text`, decoding the documents on
    /// every core; every number that indexes something is checked against what it indexes. `decoded` is
    /// told each range of `r`'s bytes whose documents have been decoded, which are not read again.
    static func read(_ r: inout SnapshotReader, text: SharedBytes,
                     decoded: @Sendable (Range<Int>) -> Void = { _ in }) throws -> (documents: [Document], turnUnitCount: Int) {
        let count = try r.count()
        let turnUnitCount = try r.int(in: 0...Int(Int32.max))
        // Where each document's record and text lie.
        var extents: [Range<Int>] = []
        var textStarts = [0]
        extents.reserveCapacity(count)
        textStarts.reserveCapacity(count + 1)
        for _ in 0..<count {
            let length = try r.count()
            let textBytes = try r.unsigned()
            guard textBytes <= UInt64(text.count - textStarts[textStarts.count - 1]) else { throw r.damaged() }
            extents.append(r.offset..<r.offset + length)
            textStarts.append(textStarts[textStarts.count - 1] + Int(textBytes))
            try r.skip(length)
        }
        guard r.isAtEnd, textStarts[textStarts.count - 1] == text.count else { throw r.damaged() }
        // Runs of documents of about equal bytes, several per core, so that few are decoded at once.
        let bounds = Self.runs(ends: extents.map(\.upperBound), parts: 32)
        nonisolated(unsafe) let whole = r
        let (records, texts, starts) = (extents, textStarts, bounds)
        let documents = parallelMap(starts.count - 1) { chunk in
            Result { () throws -> [Document] in
                defer { decoded(records[starts[chunk]].lowerBound..<records[starts[chunk + 1] - 1].upperBound) }
                return try (starts[chunk]..<starts[chunk + 1]).map { i in
                    var one = SnapshotReader(UnsafeRawBufferPointer(rebasing: whole.bytes[records[i]]), part: whole.part)
                    let partial = try readDocument(&one)
                    guard one.isAtEnd else { throw one.damaged() }
                    var offset = texts[i]
                    let document = try partial.restored { n throws in
                        guard n <= texts[i + 1] - offset else { throw SnapshotProblem.damaged(whole.part) }
                        defer { offset += n }
                        return text[offset..<offset + n]
                    }
                    guard offset == texts[i + 1] else { throw SnapshotProblem.damaged(whole.part) }
                    return document
                }
            }
        }
        var all: [Document] = []
        all.reserveCapacity(count)
        for chunk in documents { all += try chunk.get() }
        return (all, turnUnitCount)
    }

    private static func date(_ r: inout SnapshotReader) throws -> PartialDate {
        let year = try r.int()
        let month = try r.optional { (r: inout SnapshotReader) throws in try r.int() }
        let day = try r.optional { (r: inout SnapshotReader) throws in try r.int() }
        guard let date = PartialDate(year: year, month: month, day: day) else { throw r.damaged() }
        return date
    }

    private static func string(_ r: inout SnapshotReader) throws -> String { try r.string() }

    private static func field(_ r: inout SnapshotReader) throws -> MetadataField {
        MetadataField(try r.string(), try r.optional(string))
    }

    private static func doubtful(_ r: inout SnapshotReader) throws -> DoubtfulLabel {
        DoubtfulLabel(line: try r.int(), text: try r.string(), reason: try r.string(), taken: try r.bool())
    }

    /// The kinds by their number in the section, made once: `allCases` makes its array at each use.
    private static let utteranceKinds = UtteranceKind.allCases
    private static let editorialKinds = EditorialKind.allCases

    private static func readDocument(_ r: inout SnapshotReader) throws -> Partial {
        var d = Document(id: try r.string(), path: try r.string(), format: try r.string())
        d.title = try r.optional(string)
        d.date = try r.optional(date)
        d.place = try r.optional(string)
        d.metadata = try r.array(field)
        d.speakers = try r.array { (r: inout SnapshotReader) throws in
            let name = try r.string()
            let labels = try r.array(string)
            let titles = try r.array(string)
            let attributes = try r.array { (r: inout SnapshotReader) throws in
                let name = try r.string()
                let value = try r.string()
                let from = try r.optional(date)
                let to = try r.optional(date)
                return SpeakerAttribute(name, value, from: from, to: to, source: try r.string())
            }
            return Speaker(name: name, labels: labels, titles: titles, attributes: attributes)
        }
        d.unplacedLines = try r.array { (r: inout SnapshotReader) throws in
            UnplacedLine(line: try r.int(), text: try r.string(), reason: try r.string())
        }
        d.doubtfulLabels = try r.array(doubtful)
        d.sidecar = try r.optional(string)
        d.sidecarChanges = try r.array(doubtful)
        let annotations = try r.array { (r: inout SnapshotReader) throws in
            let utterance = try r.int(in: 0...Int(Int32.max))
            let code = try r.string()
            let text = try r.string()
            let lower = try r.int(in: 0...Int(UInt32.max))
            let upper = try r.int(in: lower...Int(UInt32.max))
            return Annotation(utterance: utterance, code: code, text: text, range: lower..<upper)
        }
        d.printedLines = try r.array { (r: inout SnapshotReader) throws in
            PrintedLine(line: try r.int(), page: try r.optional { (r: inout SnapshotReader) throws in try r.int() },
                        printedLine: try r.int())
        }
        d.pageStarts = try r.array { (r: inout SnapshotReader) throws in
            PageStart(line: try r.int(), page: try r.string(), inParagraph: try r.int(in: 0...1) == 1)
        }
        let labels = try r.array(string)
        let speakers = d.speakers.count
        let turnCount = try r.count()
        var turns: [Turn] = []
        turns.reserveCapacity(turnCount)
        var lastEnd = 0
        for _ in 0..<turnCount {
            let label = try r.int(in: 0...max(0, labels.count - 1))
            guard label < labels.count else { throw r.damaged() }
            let number = try r.int(in: 0...Int(Int32.max))
            let speaker = try r.int(in: 0...speakers) - 1
            let first = try r.int(in: 0...Int(Int32.max))
            let end = try r.int(in: first...Int(Int32.max))
            lastEnd = max(lastEnd, end)
            var addressee: String?
            var start: Double?
            var finish: Double?
            var metadata: [MetadataField] = []
            if try r.bool() {
                addressee = try r.optional(string)
                start = try r.optional { (r: inout SnapshotReader) throws in try r.double() }
                finish = try r.optional { (r: inout SnapshotReader) throws in try r.double() }
                metadata = try r.array(field)
            }
            turns.append(Turn(number: number, speaker: speaker < 0 ? nil : speaker, label: labels[label], addressee: addressee,
                              start: start, end: finish, utterances: first..<end, metadata: metadata))
        }
        d.turns = turns
        var runs: Partial.Runs = []
        let runCount = try r.count()
        var utterances = 0
        for _ in 0..<runCount {
            let path = try r.string()
            let records = try r.count()
            let textBytes = try r.int(in: 0...Int(UInt32.max))
            let figures = try r.array { (r: inout SnapshotReader) throws in
                let value = try r.double()
                let upper = try r.optional { (r: inout SnapshotReader) throws in try r.double() }
                let scale = try r.optionalStringBytes()
                let unit = try r.optionalStringBytes()
                let lower = try r.int(in: 0...Int(UInt32.max))
                let end = try r.int(in: lower...Int(UInt32.max))
                return Figure(range: lower..<end, value: value, upper: upper, scaleUTF8: scale, unitUTF8: unit)
            }
            let spans = try r.array { (r: inout SnapshotReader) throws in
                let kind = editorialKinds[try r.int(in: 0...editorialKinds.count - 1)]
                let lower = try r.int(in: 0...Int(UInt32.max))
                let end = try r.int(in: lower...Int(UInt32.max))
                return EditorialSpan(kind: kind, range: lower..<end, content: try r.string(), replaced: try r.optional(string))
            }
            var list: [Utterance.Record] = []
            list.reserveCapacity(records)
            for _ in 0..<records {
                let kind = utteranceKinds[try r.int(in: 0...utteranceKinds.count - 1)]
                let speaker = try r.int(in: -1...speakers - 1)
                let turn = try r.int(in: 0...turnCount)
                let line = try r.int32()
                list.append(Utterance.Record(kind: kind, speaker: Int32(speaker), turn: Int32(turn), line: line,
                                             textCount: UInt32(try r.int(in: 0...Int(UInt32.max))),
                                             figureCount: UInt32(try r.int(in: 0...figures.count)),
                                             editorialCount: UInt32(try r.int(in: 0...spans.count))))
            }
            utterances += records
            runs.append((path, textBytes, figures, spans, list))
        }
        // What indexes the utterances stays within them.
        guard lastEnd <= utterances, annotations.allSatisfy({ $0.utterance < utterances }) else { throw r.damaged() }
        d.annotations = annotations
        return Partial(document: d, runs: runs)
    }
}

extension SnapshotDocuments.Partial {
    /// The document with its utterances, `text(n)` giving each run's next `n` bytes of text in turn;
    /// every record and annotation is checked against the text it points into.
    func restored(text: (Int) throws -> SharedBytes) throws -> Document {
        var document = self.document
        var utterances: [Utterance] = []
        for run in runs {
            guard let restored = Utterance.restoring(path: run.path, text: try text(run.textBytes), figures: run.figures,
                                                     editorial: run.spans, records: run.records) else {
                throw SnapshotProblem.damaged("section 'documents'")
            }
            // Most documents are one run: its array is the document's, neither copied nor made twice.
            if utterances.isEmpty { utterances = restored } else { utterances += restored }
        }
        for a in document.annotations where a.range.upperBound > utterances[a.utterance].textByteCount {
            throw SnapshotProblem.damaged("section 'documents'")
        }
        for turn in document.turns where turn.utterances.upperBound > utterances.count {
            throw SnapshotProblem.damaged("section 'documents'")
        }
        document.utterances = utterances
        return document
    }

    typealias Runs = [(path: String, textBytes: Int, figures: [Figure], spans: [EditorialSpan], records: [Utterance.Record])]
}
