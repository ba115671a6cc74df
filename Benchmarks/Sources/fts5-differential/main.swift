import FTS5Differential
import Foundation
import QueryEngine
import TranscriptFormats

// The full differential run against SQLite FTS5 (the fast subset runs in `swift test`): seeded queries over
// the whole shared corpus and over a generated corpus, each difference explained by a rule of
// Grammar/README.md. Exits 1 when a difference is unexplained.
//
//   swift run -c release fts5-differential [--queries 2000] [--seed 14] [--corpus DIR ...]
//
// Without --corpus: ../shared/corpus, and /tmp/parley-bench-100000 when parley-bench has made it.

var queries = 2000
var seed: UInt64 = 14
var corpora: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--queries": queries = Int(arguments.next() ?? "") ?? queries
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    case "--corpus": if let path = arguments.next() { corpora.append(path) }
    default:
        FileHandle.standardError.write(Data("fts5-differential: unknown argument '\(argument)'\n".utf8))
        exit(2)
    }
}
if corpora.isEmpty {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    corpora.append(here.appendingPathComponent("../../../../shared/corpus").standardizedFileURL.path)
    if FileManager.default.fileExists(atPath: "/tmp/parley-bench-100000") { corpora.append("/tmp/parley-bench-100000") }
}

var failed = false
for corpus in corpora {
    let documents = Loader().load([corpus]).documents
    let index = CorpusIndex(documents)
    print("\(corpus): \(documents.count) documents, \(index.utteranceCount) utterances")
    do {
        let report = try Differential(index: index).run(count: queries, seed: seed)
        print(report.summary(index: index))
        if !report.unexplained.isEmpty { failed = true }
    } catch {
        print("fts5-differential: \(error)")
        failed = true
    }
}
exit(failed ? 1 : 0)
