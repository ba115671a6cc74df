// swift-tools-version:6.0
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let parley = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// A separate package, so that the main build stays lean: `cd Benchmarks && swift run -c release parley-bench`.
let package = Package(
    name: "parley-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(name: "parley-bench", dependencies: [.product(name: "ParleyKit", package: parley)]),
        // The full differential run against SQLite FTS5: `swift run -c release fts5-differential`.
        .executableTarget(name: "fts5-differential", dependencies: [
            .product(name: "ParleyKit", package: parley), .product(name: "FTS5Differential", package: parley),
        ]),
    ]
)
