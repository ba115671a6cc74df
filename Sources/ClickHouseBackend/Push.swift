import Foundation
import QueryEngine
import TranscriptModel

/// Writes documents to the cluster: their metadata, speakers, turns, utterances (with folded text), the
/// forms of every word at every position as the in-memory index makes them, and the terms for fuzzy
/// expansion; each document under a new load number, made visible by its row in `loads`, written last
/// (see `Schema.sql`).
public struct Pusher {
    public let connection: Connection
    /// Documents per batch of INSERTs: a batch's rows travel in one request per table.
    public var batchSize = 50

    public init(connection: Connection) { self.connection = connection }

    /// What a push did.
    public struct Summary: Sendable {
        public var documents = 0
        public var utterances = 0
        public var tokens = 0
    }

    /// The key of a document on the server: FNV-1a over its absolute path, a NUL byte and its number among
    /// the documents of its file (0 for the first; a CHAT file can hold several). Not its id: a session
    /// renames the later of two documents named alike (`meeting-2`), and the file pushed alone would
    /// otherwise be another document beside the first, never replacing it.
    public static func key(path: String, ordinal: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in Array(path.utf8) + [0] + Array(String(ordinal).utf8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The path a document is known by on the server: absolute, so that the same file pushed from
    /// another folder is the same document. The built-in reference document keeps its own path.
    public static func serverPath(_ path: String) -> String {
        guard !path.hasPrefix("/"), FileManager.default.fileExists(atPath: path) else { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Makes Parley's tables on every shard when the cluster has none, and checks their version.
    public func prepare() throws(ServerError) {
        do {
            try connection.checkSchema()
            return
        } catch {
            guard case .schema = error, (try? connection.rows("SELECT max(version) FROM parley.schema_version")) == nil else { throw error }
        }
        let hosts = try connection.shardHosts()
        if hosts.isEmpty {
            throw .schema(connection.address.description, "has no cluster named '\(connection.address.cluster)' in its remote_servers; name it with ?cluster=NAME")
        }
        for host in hosts {
            let shard = Connection(connection.address.onHost(host))
            for statement in Schema.statements(cluster: connection.address.cluster) { _ = try shard.execute(statement) }
        }
        try connection.checkSchema()
    }

    /// Pushes `documents`, each replacing an earlier push of the same file and place in it.
    public func push(_ documents: [Document], progress: (Int) -> Void = { _ in }) throws(ServerError) -> Summary {
        try prepare()
        // Each document keyed by its file and its place among that file's documents (a file named twice was
        // loaded once: the loader skips a copy).
        var ordinals: [String: Int] = [:]
        let keyed = documents.map { document -> (key: UInt64, path: String, document: Document) in
            let path = Self.serverPath(document.path)
            let ordinal = ordinals[path, default: 0]
            ordinals[path] = ordinal + 1
            return (Self.key(path: path, ordinal: ordinal), path, document)
        }
        var summary = Summary()
        var start = 0
        while start < keyed.count {
            let batch = Array(keyed[start..<min(keyed.count, start + batchSize)])
            try pushBatch(batch, sequenceStart: start, summary: &summary)
            start += batch.count
            progress(start)
        }
        return summary
    }

    private func pushBatch(_ documents: [(key: UInt64, path: String, document: Document)], sequenceStart: Int,
                           summary: inout Summary) throws(ServerError) {
        let load = UInt64(Date().timeIntervalSince1970 * 1_000_000)
        var rows = TableRows()
        var keys: [(UInt64, String, String)] = []
        // A document pushed again keeps its place among the others (the load and number of its first push),
        // as a session keeps the order documents were first loaded in.
        var places: [UInt64: (since: UInt64, seq: UInt32)] = [:]
        let list = "(" + documents.map { String($0.key) }.joined(separator: ", ") + ")"
        for row in try connection.rows("SELECT doc, since, seq FROM parley.documents WHERE \(ServerCorpus.visible) AND doc IN \(list)") {
            guard row.count == 3, let doc = UInt64(row[0]), let since = UInt64(row[1]), let seq = UInt32(row[2]) else { continue }
            places[doc] = (since, seq)
        }
        for (i, (doc, path, document)) in documents.enumerated() {
            keys.append((doc, document.id, path))
            let place = places[doc] ?? (load, UInt32(sequenceStart + i))
            rows.add(document, doc: doc, load: load, since: place.since, seq: place.seq, path: path, summary: &summary)
        }
        // Synchronous inserts: each returns when every shard has its rows, so `loads` comes last in fact.
        let settings = ["insert_distributed_sync": "1"]
        for (table, data) in [("documents", rows.documents), ("speakers", rows.speakers), ("turns", rows.turns),
                              ("utterances", rows.utterances), ("tokens", rows.tokens), ("terms", rows.terms),
                              ("packets", rows.packets)] where !data.isEmpty {
            _ = try connection.execute("INSERT INTO parley.\(table) FORMAT JSONEachRow", data: data.bytes, settings: settings)
        }
        var loads = JSONRows()
        let pushed = Int(Date().timeIntervalSince1970)
        for (doc, id, path) in keys {
            loads.begin()
            loads.add("doc", doc)
            loads.add("load", load)
            loads.add("id", id)
            loads.add("path", path)
            loads.add("pushed", pushed)
            loads.end()
        }
        _ = try connection.execute("INSERT INTO parley.loads FORMAT JSONEachRow", data: loads.bytes, settings: settings)
        summary.documents += documents.count
        try removeOlderLoads(of: keys.map(\.0), keeping: load)
    }

    /// Deletes the rows of earlier loads of these documents, now that they are invisible. Best effort:
    /// rows left behind are never read.
    private func removeOlderLoads(of docs: [UInt64], keeping load: UInt64) throws(ServerError) {
        let list = "(" + docs.map(String.init).joined(separator: ", ") + ")"
        let older = try connection.rows("SELECT count() FROM parley.loads WHERE doc IN \(list) AND load < \(load)")
        guard let count = older.first?.first.flatMap(Int.init), count > 0 else { return }
        for host in (try? connection.shardHosts()) ?? [] {
            let shard = Connection(connection.address.onHost(host))
            for table in ["documents", "speakers", "turns", "utterances", "tokens", "terms", "packets", "loads"] {
                _ = try? shard.execute("ALTER TABLE parley.\(table)_local DELETE WHERE doc IN \(list) AND load < \(load)")
            }
        }
    }
}

/// The JSONEachRow rows of one batch, a buffer per table.
struct TableRows {
    var documents = JSONRows(), speakers = JSONRows(), turns = JSONRows(), utterances = JSONRows()
    var tokens = JSONRows(), terms = JSONRows(), packets = JSONRows()

    mutating func add(_ document: Document, doc: UInt64, load: UInt64, since: UInt64, seq: UInt32, path: String, summary: inout Pusher.Summary) {
        // Its text is read twice below: text kept in a file (`TextSpill`) is read into memory once.
        let document = document.withTextInMemory()
        documents.begin()
        documents.add("doc", doc); documents.add("load", load); documents.add("seq", seq); documents.add("since", since)
        documents.add("id", document.id); documents.add("path", path); documents.add("format", document.format)
        documents.add("title", document.title ?? ""); documents.add("date", document.date?.description ?? "")
        documents.add("place", document.place ?? "")
        documents.add("utterances", document.utterances.count); documents.add("turns", document.turns.count)
        documents.end()
        for (s, speaker) in document.speakers.enumerated() {
            speakers.begin()
            speakers.add("doc", doc); speakers.add("load", load); speakers.add("speaker", s)
            speakers.add("name", speaker.name); speakers.add("labels", speaker.labels); speakers.add("titles", speaker.titles)
            speakers.add("attribute_names", speaker.attributes.map(\.name))
            speakers.add("attribute_values", speaker.attributes.map(\.value))
            speakers.add("attribute_from", speaker.attributes.map { $0.from?.description ?? "" })
            speakers.add("attribute_to", speaker.attributes.map { $0.to?.description ?? "" })
            speakers.add("attribute_sources", speaker.attributes.map(\.source))
            speakers.end()
        }
        for turn in document.turns {
            turns.begin()
            turns.add("doc", doc); turns.add("load", load); turns.add("turn", turn.number)
            turns.add("speaker", turn.speaker ?? -1); turns.add("label", turn.label); turns.add("addressee", turn.addressee ?? "")
            turns.add("start", turn.start ?? 0); turns.add("end", turn.end ?? 0); turns.add("timed", turn.start == nil ? 0 : 1)
            turns.end()
        }
        // Every form at every position, as `CorpusIndex` reads them; the words of each utterance counted by
        // position, with and without the editor's insertions, an editor's note no word (see `WordSource`).
        var termCounts: [String: Int] = [:]
        var words = [Int](repeating: 0, count: document.utterances.count), spoken = words
        var last = (utterance: -1, position: UInt32.max)
        // The forms already written at this position: `people-to-people` gives `people` twice at one, and a
        // position holds a form once, as the index counts it.
        var here: Set<String> = []
        CorpusIndex.forEachForm(in: document) { u, form, position, source, capitalised in
            if (u, position) != last {
                last = (u, position)
                if source.isWord { words[u] += 1 }
                if source.isSpoken { spoken[u] += 1 }
                here.removeAll(keepingCapacity: true)
            }
            let folded = String(decoding: form, as: UTF8.self)
            guard here.insert(folded).inserted else { return }
            termCounts[folded, default: 0] += 1
            tokens.begin()
            tokens.add("doc", doc); tokens.add("load", load); tokens.add("u", u); tokens.add("pos", Int(position))
            tokens.add("form", folded); tokens.add("editorial", Schema.editorialCode(source)); tokens.add("capitalised", capitalised ? 1 : 0)
            tokens.end()
            summary.tokens += 1
        }
        for (u, utterance) in document.utterances.enumerated() {
            utterances.begin()
            utterances.add("doc", doc); utterances.add("load", load); utterances.add("u", u)
            utterances.add("turn", utterance.turn ?? -1); utterances.add("speaker", utterance.speaker ?? -1)
            utterances.add("kind", utterance.kind.rawValue); utterances.add("line", utterance.location.line)
            utterances.add("words", words[u]); utterances.add("spoken_words", spoken[u])
            utterances.add("text", utterance.text); utterances.add("folded", String(decoding: RegexProgram.fold(utterance.text), as: UTF8.self))
            utterances.add("units", Pipeline.figureUnits(utterance))
            utterances.end()
            summary.utterances += 1
        }
        packets.begin()
        packets.add("doc", doc); packets.add("load", load)
        let packet = Data(SnapshotDocuments.packet(document)).base64EncodedString()
        packets.add("bytes", packet.utf8.count)
        packets.add("packet", packet)
        packets.end()
        for (form, count) in termCounts.sorted(by: { $0.key < $1.key }) {
            terms.begin()
            terms.add("doc", doc); terms.add("load", load); terms.add("form", form); terms.add("occurrences", count)
            terms.end()
        }
    }
}
