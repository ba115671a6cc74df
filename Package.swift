// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "parley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        // For the Benchmarks package, which measures the stages without the command line.
        .library(name: "ParleyKit", targets: ["TranscriptModel", "TranscriptFormats", "QueryLanguage", "QueryEngine", "ShellCore", "ClickHouseBackend"]),
        // For the Benchmarks package's full differential run against SQLite FTS5.
        .library(name: "FTS5Differential", targets: ["FTS5Differential"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Value types of the transcript model. No I/O, no queries.
        .target(name: "TranscriptModel"),
        // Readers and writers of transcript formats; format detection; the embedded reference document.
        .target(name: "TranscriptFormats", dependencies: ["TranscriptModel"]),
        // Query source, lexer, parser, AST and diagnostics.
        .target(name: "QueryLanguage", dependencies: ["TranscriptModel"]),
        // Folding and tokenising, the inverted index, evaluation and pipeline stages, the regex matcher.
        .target(name: "QueryEngine", dependencies: ["TranscriptModel", "QueryLanguage"]),
        // Session state, loading, reports and renderers; writes to an output sink, never to the terminal.
        .target(name: "ShellCore", dependencies: ["TranscriptModel", "TranscriptFormats", "QueryLanguage", "QueryEngine", "ClickHouseBackend"]),
        // Pushing transcripts to a ClickHouse cluster and compiling queries to its SQL, over its HTTP interface.
        .target(name: "ClickHouseBackend", dependencies: ["CCurl", "TranscriptModel", "TranscriptFormats", "QueryLanguage", "QueryEngine"],
                resources: [.embedInCode("Schema.sql")]),
        // One HTTP POST through libcurl, loaded on first use (see its header): not linked, so a run that never
        // speaks to a server does not load it and the libraries it needs.
        .systemLibrary(name: "CCurl"),
        // A small C shim over libedit (Swift cannot call its variadic functions).
        .systemLibrary(name: "CLineEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        // SQLite's C API (with FTS5), for the differential test only; not part of the program.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // Runs generated queries on Parley and on SQLite FTS5 over the same utterances and explains each
        // difference by a rule of Grammar/README.md.
        .target(name: "FTS5Differential", dependencies: ["CSQLite", "TranscriptModel", "QueryLanguage", "QueryEngine"]),
        // The line editor: prompt, history file, TAB bridge, Ctrl-C. TranscriptModel for the display width
        // that aligns the shell's output, so a listing of completions measures text as tables do.
        .target(name: "LineEditing", dependencies: ["CLineEdit", "TranscriptModel"]),
        // Argument parsing and wiring only.
        .executableTarget(name: "parley", dependencies: [
            "ShellCore", "TranscriptFormats", "TranscriptModel", "LineEditing",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TranscriptModelTests", dependencies: ["TranscriptModel", "TestSupport"]),
        .testTarget(name: "TranscriptFormatsTests", dependencies: ["TranscriptFormats", "TranscriptModel", "TestSupport"]),
        .testTarget(name: "QueryLanguageTests", dependencies: ["QueryLanguage", "TestSupport"]),
        .testTarget(name: "QueryEngineTests", dependencies: ["QueryEngine", "QueryLanguage", "TranscriptFormats", "TranscriptModel", "TestSupport"]),
        .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "TestSupport"]),
        .testTarget(name: "ParleyTests", dependencies: ["parley", "TestSupport"]),
        .testTarget(name: "ExampleSessionTests", dependencies: ["ShellCore", "TranscriptFormats"]),
        .testTarget(name: "FTS5DifferentialTests", dependencies: ["FTS5Differential", "QueryEngine", "TranscriptFormats", "TranscriptModel"]),
        .testTarget(name: "ClickHouseTests", dependencies: ["ClickHouseBackend", "ShellCore", "QueryEngine", "QueryLanguage", "TranscriptFormats", "TranscriptModel", "FTS5Differential", "TestSupport"]),
        .testTarget(name: "ShellCoreTests", dependencies: ["ShellCore", "QueryEngine", "QueryLanguage", "TranscriptFormats", "TranscriptModel", "TestSupport"]),
    ]
)
