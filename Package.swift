// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "parley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Value types of the transcript model. No I/O, no queries.
        .target(name: "TranscriptModel"),
        // Readers and writers of transcript formats; format detection; the embedded reference document.
        .target(name: "TranscriptFormats", dependencies: ["TranscriptModel"]),
        // Session state, loading, reports and renderers; writes to an output sink, never to the terminal.
        .target(name: "ShellCore", dependencies: ["TranscriptModel", "TranscriptFormats"]),
        // Argument parsing and wiring only.
        .executableTarget(name: "parley", dependencies: [
            "ShellCore", "TranscriptFormats",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "TranscriptModelTests", dependencies: ["TranscriptModel"]),
        .testTarget(name: "TranscriptFormatsTests", dependencies: ["TranscriptFormats", "TranscriptModel"]),
        .testTarget(name: "ShellCoreTests", dependencies: ["ShellCore", "TranscriptFormats", "TranscriptModel"]),
    ]
)
