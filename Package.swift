// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "parley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        // For the Benchmarks package, which measures the stages without the command line.
        .library(name: "ParleyKit", targets: ["TranscriptModel", "TranscriptFormats", "QueryLanguage", "QueryEngine", "ShellCore"]),
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
        .target(name: "ShellCore", dependencies: ["TranscriptModel", "TranscriptFormats", "QueryLanguage", "QueryEngine"]),
        // A small C shim over libedit (Swift cannot call its variadic functions).
        .systemLibrary(name: "CLineEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        // The line editor: prompt, history file, TAB bridge, Ctrl-C.
        .target(name: "LineEditing", dependencies: ["CLineEdit"]),
        // Argument parsing and wiring only.
        .executableTarget(name: "parley", dependencies: [
            "ShellCore", "TranscriptFormats", "LineEditing",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TranscriptModelTests", dependencies: ["TranscriptModel"]),
        .testTarget(name: "TranscriptFormatsTests", dependencies: ["TranscriptFormats", "TranscriptModel", "TestSupport"]),
        .testTarget(name: "QueryLanguageTests", dependencies: ["QueryLanguage", "TestSupport"]),
        .testTarget(name: "QueryEngineTests", dependencies: ["QueryEngine", "QueryLanguage", "TranscriptFormats", "TranscriptModel", "TestSupport"]),
        .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "TestSupport"]),
        .testTarget(name: "ParleyTests", dependencies: ["parley", "TestSupport"]),
        .testTarget(name: "ExampleSessionTests", dependencies: ["ShellCore", "TranscriptFormats"]),
        .testTarget(name: "ShellCoreTests", dependencies: ["ShellCore", "QueryLanguage", "TranscriptFormats", "TranscriptModel"]),
    ]
)
