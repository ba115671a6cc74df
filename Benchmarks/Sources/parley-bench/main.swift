import ClickHouseBackend
import Foundation
import QueryEngine
import QueryLanguage
import ShellCore
import TranscriptFormats

// Measures Parley on a corpus made by ../shared/bench/gen_corpus.py, side by side with
// ../shared/bench/baseline_sqlite.py (SQLite FTS5 and ripgrep) run on the same corpus in the same run,
// and prints one JSON object.
//
//   swift run -c release parley-bench [--turns 100000] [--corpus DIR] [--repeat 5] [--no-baseline] [--only TEXT] [--query TEXT ...] [--server URL]
//
// Whole-process figures (a cold load with no snapshot, the first load writing one, reopening it, updating
// it after a file changed and reopening it then) come from
// this program run again as a child in one of those ways (`--child`), its time and peak memory from wait4.

// The child: opens the corpus as `parley -c 'army | count'` does, through the snapshot folder given or none,
// and writes what it printed to a file.
if CommandLine.arguments.count == 5, CommandLine.arguments[1] == "--child" {
    let folder = CommandLine.arguments[2]
    var options = RunOptions(paths: [CommandLine.arguments[3]])
    options.quiet = true
    options.indexCache = folder == "--no-index" ? nil : IndexCache(folder: folder)
    let output = BufferOutput()
    _ = Run.commands(["army | count"], options: options, output: output)
    try? Data(output.output.utf8).write(to: URL(fileURLWithPath: CommandLine.arguments[4]))
    exit(0)
}

struct Options {
    var turns = 100_000
    var corpus: String?
    var repeats = 5
    var baseline = true
    /// Only the queries whose text contains this.
    var only: String?
    /// Queries to time besides those of queries.tsv and the analysis stages.
    var extra: [String] = []
    /// A ClickHouse cluster the corpus was pushed to (`parley --push URL DIR`): its counts are timed too.
    var server: String?

    init(_ arguments: [String]) {
        var i = 0
        while i < arguments.count {
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--turns": turns = Int(next) ?? turns; i += 1
            case "--corpus": corpus = next; i += 1
            case "--repeat": repeats = max(1, Int(next) ?? repeats); i += 1
            case "--no-baseline": baseline = false
            case "--only": only = next; i += 1
            case "--query": extra.append(next); i += 1
            case "--server": server = next; i += 1
            default: FileHandle.standardError.write(Data("parley-bench: unknown argument '\(arguments[i])'\n".utf8)); exit(64)
            }
            i += 1
        }
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let bench = here.appendingPathComponent("../../../../shared/bench").standardizedFileURL
let corpus = options.corpus ?? "/tmp/parley-bench-\(options.turns)"

func shell(_ arguments: [String]) -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return (127, Data()) }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data)
}

if !FileManager.default.fileExists(atPath: corpus + "/manifest.json") {
    let turnsPerDoc = options.turns >= 1_000_000 ? ["--turns-per-doc", "400", "--seed", "7"] : []
    let result = shell(["python3", bench.appendingPathComponent("gen_corpus.py").path, "--turns", String(options.turns), "--out", corpus] + turnsPerDoc)
    guard result.status == 0 else { FileHandle.standardError.write(Data("parley-bench: gen_corpus.py failed\n".utf8)); exit(1) }
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return peakBytes(usage)
}

/// The peak resident memory of a `rusage`: `ru_maxrss` is in kilobytes on Linux, in bytes on macOS.
func peakBytes(_ usage: rusage) -> Int {
    #if os(Linux)
    Int(usage.ru_maxrss) * 1024
    #else
    Int(usage.ru_maxrss)
    #endif
}

let bytes = (try? FileManager.default.contentsOfDirectory(atPath: corpus))?.filter { $0.hasSuffix(".txt") }
    .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: corpus + "/" + $1)[.size] as? Int) ?? 0) } ?? 0

/// This program run as a child (`--child FOLDER CORPUS OUTPUT`): its wall time, its peak resident memory,
/// and what it printed; run before the corpus is loaded here, so that the two never hold it at once.
func child(_ folder: String) -> (seconds: Double, peakBytes: Int, output: String) {
    let printed = NSTemporaryDirectory() + "parley-bench-child-\(getpid()).txt"
    var argv: [UnsafeMutablePointer<CChar>?] = [CommandLine.arguments[0], "--child", folder, corpus, printed].map { text in text.withCString { strdup($0) } } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, CommandLine.arguments[0], nil, nil, &argv, environ) == 0 else { return (0, 0, "") }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    defer { unlink(printed) }
    return (elapsed, peakBytes(usage), (try? String(contentsOfFile: printed, encoding: .utf8)) ?? "")
}

// Whole process: a cold load with no snapshot (`parley --no-index`, the median of three), the first load
// writing a snapshot, and reopening it (the median of three), each answering `army | count`.
let snapshots = NSTemporaryDirectory() + "parley-bench-snapshots-\(getpid())"
let cold = (0..<3).map { _ in child("--no-index") }.sorted { $0.seconds < $1.seconds }[1]
let first = child(snapshots)
let reopened = (0..<3).map { _ in child(snapshots) }.sorted { $0.seconds < $1.seconds }[1]
let snapshotBytes = ((try? FileManager.default.contentsOfDirectory(atPath: snapshots)) ?? [])
    .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: snapshots + "/" + $1)[.size] as? Int) ?? 0) }
// One file of the middle of the corpus changed (a turn appended): the update (the file of changes written
// beside the snapshot), then reopening the two (the median of three); the file is put back as it was.
let middle = ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
let changedFile = middle.isEmpty ? nil : corpus + "/" + middle[middle.count / 2]
let original = changedFile.flatMap { FileManager.default.contents(atPath: $0) }
if let changedFile, let original {
    try Data(original + Data("\n\nCde. Beria: One more word on the army.\n".utf8)).write(to: URL(fileURLWithPath: changedFile))
}
let updated = child(snapshots)
let reopenedWithChanges = (0..<3).map { _ in child(snapshots) }.sorted { $0.seconds < $1.seconds }[1]
let coldChanged = child("--no-index")
if let changedFile, let original { try original.write(to: URL(fileURLWithPath: changedFile)) }
let sameAnswers = [first.output, reopened.output].allSatisfy { $0 == cold.output } && !cold.output.isEmpty
    && [updated.output, reopenedWithChanges.output].allSatisfy { $0 == coldChanged.output }
try? FileManager.default.removeItem(atPath: snapshots)

var loaded = LoadResult()
let loadSeconds = seconds { loaded = Loader().load([corpus]) }
var index: CorpusIndex!
let indexSeconds = seconds { index = CorpusIndex(loaded.documents) }
// Writing the snapshot alone, of the index just made.
let snapshotFile = NSTemporaryDirectory() + "parley-bench-\(getpid()).parley-index"
let snapshotWriteSeconds = seconds {
    try? Snapshot.write(index, manifest: [], programVersion: ProgramVersion.current, settings: "", to: snapshotFile)
}
unlink(snapshotFile)

// The queries of queries.tsv, then the analysis stages (which FTS5 has no counterpart for), each run
// `repeat` times for its median, as the shell runs them.
let lines = (try? String(contentsOfFile: bench.appendingPathComponent("queries.tsv").path, encoding: .utf8)) ?? ""
let analysis = ["army | collocates", "army | keywords", "army | ngrams 3", "army | timeline", "army | count by speaker"]
let runner = QueryRunner(index: index, settings: MatchSettings(), named: NamedQueries(), stopWords: .perLanguage)
var queries: [[String: Any]] = []
var analysisQueries: [[String: Any]] = []
let named = lines.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    .filter { $0.count >= 2 }.map { ($0[0], $0[1]) } + analysis.map { ("analysis", $0) }
for (name, text) in named.filter({ options.only.map($0.1.contains) ?? true }) + options.extra.map({ ("extra", $0) }) {
    var times: [Double] = []
    var hits = 0
    for _ in 0..<options.repeats {
        times.append(seconds {
            let result = runner.run(text)
            switch result.outcome {
            case .answered(.table(let table)): hits = table.rows.count
            case .answered(.counts(let utterances, _, _)): hits = utterances
            case .answered(.timeline): hits = result.matchedUtterances
            default: hits = result.matched?.count ?? 0
            }
        })
    }
    times.sort()
    let entry: [String: Any] = ["name": name, "parley": text, "parley_s": times[times.count / 2], "parley_hits": hits]
    if name == "analysis" || name == "extra" { analysisQueries.append(entry) } else { queries.append(entry) }
}

// The same queries on the index made of two that such an update gives: the base, with the middle document
// in a segment of its own (`CorpusIndex.combining`). Each query's first run merges its words' lists from
// the two, and later runs read them merged: the first and the median of the others.
var segmentedQueries: [[String: Any]] = []
if !index.documents.isEmpty {
    let k = index.documents.count / 2
    let order = index.documents.indices.map { $0 == k ? nil : $0 }
    if let combined = CorpusIndex.combining(index, CorpusIndex([index.documents[k]]), order: order) {
        let runner = QueryRunner(index: combined, settings: MatchSettings(), named: NamedQueries(), stopWords: .perLanguage)
        for (name, text) in named.filter({ $0.0 != "analysis" && (options.only.map($0.1.contains) ?? true) }) {
            let times = (0..<max(2, options.repeats)).map { _ in seconds { _ = runner.run(text) } }
            let later = times.dropFirst().sorted()
            segmentedQueries.append(["name": name, "parley": text, "first_s": times[0], "later_s": later[later.count / 2]])
        }
    }
}

var report: [String: Any] = [
    "corpus": corpus, "megabytes": Double(bytes) / 1e6, "documents": index.documents.count,
    "utterances": index.utteranceCount, "load_s": loadSeconds, "index_s": indexSeconds,
    "load_and_index_s": loadSeconds + indexSeconds, "mb_per_s": Double(bytes) / 1e6 / (loadSeconds + indexSeconds),
    "peak_resident_bytes": peakResidentBytes(), "peak_resident_over_corpus": Double(peakResidentBytes()) / Double(max(bytes, 1)),
    "snapshot_write_s": snapshotWriteSeconds, "snapshot_bytes": snapshotBytes,
    "process_cold_load_s": cold.seconds, "process_cold_load_mb_per_s": Double(bytes) / 1e6 / cold.seconds,
    "process_cold_load_peak_bytes": cold.peakBytes, "process_cold_load_peak_over_corpus": Double(cold.peakBytes) / Double(max(bytes, 1)),
    "process_first_load_and_snapshot_s": first.seconds, "process_first_load_and_snapshot_peak_bytes": first.peakBytes,
    "process_reopen_s": reopened.seconds, "process_reopen_peak_bytes": reopened.peakBytes,
    "process_reopen_peak_over_corpus": Double(reopened.peakBytes) / Double(max(bytes, 1)),
    "process_update_one_file_s": updated.seconds, "process_update_one_file_peak_bytes": updated.peakBytes,
    "process_reopen_with_changes_s": reopenedWithChanges.seconds, "process_reopen_with_changes_peak_bytes": reopenedWithChanges.peakBytes,
    "two_segment_queries": segmentedQueries,
    "process_answers": cold.output.trimmingCharacters(in: .whitespacesAndNewlines), "process_answers_agree": sameAnswers,
]

if options.baseline {
    let result = shell(["python3", bench.appendingPathComponent("baseline_sqlite.py").path, "--corpus", corpus,
                        "--repeat", String(options.repeats), "--db", "/tmp/parley-bench-baseline.db"])
    if result.status == 0, let baseline = try? JSONSerialization.jsonObject(with: result.output) as? [String: Any] {
        report["baseline_load_and_index_s"] = baseline["load_and_index_s"]
        report["baseline_utterances"] = baseline["utterances"]
        let entries = baseline["queries"] as? [[String: Any]] ?? []
        for (i, query) in queries.enumerated() {
            guard let entry = entries.first(where: { $0["name"] as? String == query["name"] as? String }) else { continue }
            var merged = query
            if let fts = entry["fts5_s"] as? Double {
                merged["fts5_s"] = fts
                merged["fts5_hits"] = entry["fts5_result"]
                if let ours = query["parley_s"] as? Double, ours > 0 { merged["fts5_over_parley"] = fts / ours }
            }
            if let rg = entry["rg_s"] as? Double { merged["rg_s"] = rg; merged["rg_matches"] = entry["rg_matches"] }
            queries[i] = merged
        }
        if let note = baseline["note"] { report["baseline_note"] = note }
    } else {
        report["baseline_note"] = "baseline_sqlite.py did not run (status \(result.status))"
    }
}
// The same queries on a ClickHouse cluster, run as `parley --server` runs them (`ServerRunner`), the median
// of `repeat` runs of each: `QUERY | count` (the tsv's `count by speaker` as it is), with its count; the
// first 20 results shown as the shell shows them on a terminal (`QUERY`, the documents of those 20 fetched);
// and `QUERY | limit 20 | kwic`.
if let server = options.server {
    do {
        let corpus = try ServerCorpus(connection: Connection(ServerAddress(server)))
        var local = QueryRunner(index: corpus.index, settings: MatchSettings(), named: NamedQueries(), stopWords: .perLanguage)
        local.displayLimit = 20
        let runner = ServerRunner(corpus: corpus, local: local)
        func timed(_ text: String) throws -> (Double, QueryOutput) {
            var times: [Double] = []
            var answer: QueryOutput?
            for _ in 0..<options.repeats {
                var result: QueryResult?
                times.append(seconds { result = runner.run(text) })
                guard case .answered(let output)? = result?.outcome else {
                    throw BenchmarkFailure("'\(text)' did not answer on the server: \(String(describing: result?.outcome)) \(result?.diagnostics.map(\.0.message) ?? [])")
                }
                answer = output
            }
            times.sort()
            return (times[times.count / 2], answer!)
        }
        for (i, query) in queries.enumerated() {
            let text = query["parley"] as? String ?? ""
            var merged = query
            let (time, answer) = try timed(text.contains("|") ? text : text + " | count")
            merged["server_s"] = time
            if case .counts(let n, _, _) = answer { merged["server_hits"] = n }
            if case .table(let table) = answer { merged["server_hits"] = table.rows.count }
            if let ours = query["parley_s"] as? Double, ours > 0 { merged["server_over_parley"] = time / ours }
            if !text.contains("|") {
                merged["server_show20_s"] = try timed(text).0
                merged["server_kwic20_s"] = try timed(text + " | limit 20 | kwic").0
            }
            queries[i] = merged
        }
        report["server"] = corpus.connection.address.description
        report["server_version"] = corpus.version
        report["server_documents"] = corpus.keys.count
    } catch {
        report["server_note"] = "the server's answers were not measured: \(error)"
    }
}
report["queries"] = queries
report["analysis"] = analysisQueries
let json = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
print(String(decoding: json, as: UTF8.self))

/// A measurement that could not be made, and why.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
