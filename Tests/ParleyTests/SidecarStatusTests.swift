import Foundation
import Testing

/// A malformed sidecar through the real binary: `FILE:LINE:COL: error:`, the transcript still reported, status 66.
@Suite struct SidecarStatusTests {
    @Test func aMalformedSidecarEndsTheRunWithStatus66() throws {
        let folder = NSTemporaryDirectory() + "parley-sidecar-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Cde. Beria: One.\n\nCde. Malenkov: Two.\n".write(toFile: folder + "/t.txt", atomically: true, encoding: .utf8)
        try "Beria = \n".write(toFile: folder + "/t.speakers", atomically: true, encoding: .utf8)
        let bad = try EndToEndTests.run(["--check", "--format", "json", folder + "/t.txt"])
        #expect(bad.status == 66)
        #expect(bad.errors.hasPrefix("\(folder)/t.speakers:1:8: error: a speaker is missing after '='\n"))
        #expect(bad.output.contains("\"turns\": 2"))
        #expect(bad.output.contains("\"sidecar\": null"))
        try "Beria = Lavrentiy Beria\n".write(toFile: folder + "/t.speakers", atomically: true, encoding: .utf8)
        let good = try EndToEndTests.run(["--check", "--format", "json", folder + "/t.txt"])
        #expect(good.status == 0)
        #expect(good.output.contains("\"sidecar\": \"\(folder)/t.speakers\""))
        #expect(good.output.contains("\"Lavrentiy Beria\": {\"turns\": 1"))
    }
}
