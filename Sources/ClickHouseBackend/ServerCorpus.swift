import Foundation
import QueryEngine
import QueryLanguage
import TranscriptModel

/// What the client knows of the documents on the cluster: each document's metadata and speakers (with
/// their attributes), without its text. Fields about documents and speakers (`doc:`, `date:`, `speaker:`,
/// `party:`, `role:`, `sex:`, `age:`) are decided here by the
/// in-memory engine's own code, on documents that hold one stand-in utterance per speaker and one with
/// none, so that they match exactly the documents and speakers they match in memory (speakers joined
/// across documents by name, roles kept apart, every form of a name); the SQL then names those
/// documents and speakers.
public final class ServerCorpus: @unchecked Sendable {
    public let connection: Connection
    /// The most bytes fetched for one answer: documents (base64, as the server keeps them) for the stages
    /// that run on the client, utterances' text for a regular expression.
    public var fetchLimit = 192 << 20
    /// The server's ClickHouse release, as `version()` gives it.
    public let version: String
    /// Each document's key on the server, in the order documents were first pushed.
    public let keys: [UInt64]
    /// The stand-in documents, in the same order, and their index.
    public let index: CorpusIndex
    /// For each stand-in utterance, its document's number and its speaker's number in the document (-1: none).
    let standIns: [(document: Int, speaker: Int)]

    /// The rows a query may see: those of each document's latest complete load. Written into every query.
    static let visible = "(doc, load) IN (SELECT doc, max(load) FROM parley.loads_local GROUP BY doc)"

    /// Connects: checks the schema version and reads the documents and speakers.
    public init(connection: Connection) throws(ServerError) {
        self.connection = connection
        try connection.checkSchema()
        version = try connection.rows("SELECT version()").first?.first ?? "?"
        let documentRows = try connection.rows("""
            SELECT doc, id, path, format, title, date, place FROM parley.documents WHERE \(Self.visible) ORDER BY since, seq, id
            """)
        let speakerRows = try connection.rows("""
            SELECT doc, speaker, name, labels, titles, attribute_names, attribute_values, attribute_from, attribute_to, attribute_sources \
            FROM parley.speakers WHERE \(Self.visible) ORDER BY doc, speaker
            """, arrays: true)
        var speakersOf: [UInt64: [Speaker]] = [:]
        for row in speakerRows {
            guard row.count == 10, let doc = UInt64(row[0].text) else { continue }
            let (names, values, from, to, sources) = (row[5].list, row[6].list, row[7].list, row[8].list, row[9].list)
            let attributes = names.indices.compactMap { i -> SpeakerAttribute? in
                guard i < values.count, i < from.count, i < to.count, i < sources.count else { return nil }
                return SpeakerAttribute(names[i], values[i], from: PartialDate(iso: from[i][...]), to: PartialDate(iso: to[i][...]), source: sources[i])
            }
            speakersOf[doc, default: []].append(Speaker(name: row[2].text, labels: row[3].list, titles: row[4].list, attributes: attributes))
        }
        var keys: [UInt64] = []
        var documents: [Document] = []
        var standIns: [(Int, Int)] = []
        for row in documentRows {
            guard row.count == 7, let doc = UInt64(row[0]) else { continue }
            let speakers = speakersOf[doc] ?? []
            var utterances: [Utterance] = []
            let location = SourceLocation(path: row[2], line: 1)
            for s in speakers.indices {
                utterances.append(Utterance(kind: .speech, speaker: s, turn: nil, text: "", location: location))
                standIns.append((documents.count, s))
            }
            utterances.append(Utterance(kind: .narrative, speaker: nil, turn: nil, text: "", location: location))
            standIns.append((documents.count, -1))
            documents.append(Document(id: row[1], path: row[2], format: row[3], title: row[4].isEmpty ? nil : row[4],
                                      date: PartialDate(iso: row[5][...]), place: row[6].isEmpty ? nil : row[6],
                                      speakers: speakers, utterances: utterances))
            keys.append(doc)
        }
        self.keys = keys
        self.standIns = standIns
        // Ids unique as a session makes them (`meeting`, then `meeting-2`), in the order documents were pushed.
        index = CorpusIndex(Corpus(documents).documents)
    }

    /// The corpus-wide name of speaker `speaker` of the document with key `doc`, as `count by speaker` shows it.
    func speakerName(doc: UInt64, speaker: Int) -> String? {
        guard speaker >= 0, let d = documentNumber[doc] else { return nil }
        return index.speakerName(document: d, local: speaker)
    }

    /// The distinct pushed terms of `lengths` characters (Unicode scalars), for fuzzy words; asked once per
    /// length and kept.
    func terms(lengths: ClosedRange<Int>) throws(ServerError) -> [String] {
        var found: [String] = []
        for length in lengths {
            if let known = termsOfLength[length] { found += known; continue }
            let rows = try connection.rows("SELECT DISTINCT form FROM parley.terms WHERE \(Self.visible) AND lengthUTF8(form) = \(length)")
            let terms = rows.compactMap(\.first)
            termsOfLength[length] = terms
            found += terms
        }
        return found
    }

    private var termsOfLength: [Int: [String]] = [:]

    /// The utterances whose folded text holds `required` (all when it is empty), as (document key, utterance
    /// number, text); nil when their text passes `fetchLimit`, with how many there are and their bytes.
    func texts(holding required: [UInt8]) throws(ServerError) -> (rows: [(UInt64, Int, String)]?, count: Int, bytes: Int) {
        let test = required.isEmpty ? "1" : "position(folded, " + SQL.literal(String(decoding: required, as: UTF8.self)) + ") > 0"
        let size = try connection.rows("SELECT count(), sum(length(text)) " + Self.from(test)).first ?? []
        let (count, bytes) = (Int(size.first ?? "") ?? 0, Int(size.last ?? "") ?? 0)
        guard bytes <= fetchLimit else { return (nil, count, bytes) }
        let rows = try connection.rows("SELECT doc, u, text " + Self.from(test)).compactMap { row -> (UInt64, Int, String)? in
            guard row.count == 3, let doc = UInt64(row[0]), let u = Int(row[1]) else { return nil }
            return (doc, u, row[2])
        }
        return (rows, count, bytes)
    }
    /// `words(by:editorial:)`'s answers.
    var classWords: [ClassKey: [UtteranceClass]] = [:]
    struct ClassKey: Hashable {
        var columns: UtteranceClass.Columns
        var editorial: Bool
    }

    lazy var documentNumber: [UInt64: Int] = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
}

/// A cell of a JSONCompact answer: text, or a list of texts.
struct Cell {
    var text: String
    var list: [String]
}

extension Connection {
    /// Rows of a query's answer in JSONCompact, for answers with arrays.
    func rows(_ query: String, arrays: Bool) throws(ServerError) -> [[Cell]] {
        let text = try execute(query + " FORMAT JSONCompact", settings: ["output_format_json_quote_64bit_integers": "1"])
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let data = object["data"] as? [[Any]] else {
            throw .rejected(address.description, "an answer Parley could not read")
        }
        func cell(_ value: Any) -> Cell {
            if let list = value as? [Any] { return Cell(text: "", list: list.map { "\($0)" }) }
            if let string = value as? String { return Cell(text: string, list: []) }
            if let number = value as? NSNumber { return Cell(text: number.stringValue, list: []) }
            return Cell(text: "", list: [])
        }
        return data.map { $0.map(cell) }
    }
}
