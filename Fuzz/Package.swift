// swift-tools-version:6.0
import Foundation
import PackageDescription

// Fuzz targets for libFuzzer, in a package of their own so the main build stays lean:
// `make fuzz SECONDS=60` from the repository builds them with -sanitize=fuzzer,address and runs each.
let parley = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
let fuzzer: [SwiftSetting] = [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer,address"])]
let linker: [LinkerSetting] = [.unsafeFlags(["-sanitize=fuzzer,address"])]

let package = Package(
    name: "parley-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "fuzz-query", dependencies: [.product(name: "ParleyKit", package: parley)],
                          swiftSettings: fuzzer, linkerSettings: linker),
        .executableTarget(name: "fuzz-import", dependencies: [.product(name: "ParleyKit", package: parley)],
                          swiftSettings: fuzzer, linkerSettings: linker),
    ]
)
