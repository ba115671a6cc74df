// swift-tools-version:6.0
import Foundation
import PackageDescription

// Fuzz targets for libFuzzer, in a package of their own so the main build stays lean:
// `make fuzz SECONDS=60` from the repository builds them and runs each. The build passes
// `-Xswiftc -sanitize=fuzzer,address` so that Parley's own modules are instrumented too (a setting
// here would reach only these targets, and the fuzzer would see no coverage of the code under test).
let parley = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "parley-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "fuzz-query", dependencies: ["FuzzSupport", .product(name: "ParleyKit", package: parley)]),
        .executableTarget(name: "fuzz-import", dependencies: ["FuzzSupport", .product(name: "ParleyKit", package: parley)]),
        .executableTarget(name: "fuzz-snapshot", dependencies: ["FuzzSupport", .product(name: "ParleyKit", package: parley)]),
    ]
)
