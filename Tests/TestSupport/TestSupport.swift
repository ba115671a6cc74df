import Foundation

/// A small deterministic random generator (SplitMix64), so a failing random case is the same on every run.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh folder under the system's temporary folder for one test. It is removed when it goes away;
/// a test that hands its paths to another process calls `remove()` in a `defer`, which also keeps it
/// alive until then.
public final class TemporaryFolder {
    public let path: String

    public init(prefix: String = "parley-test") throws {
        path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to `name` (making the folders on its way) and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    /// A symbolic link `name` to `destination`.
    @discardableResult
    public func link(_ name: String, to destination: String) throws -> String {
        try FileManager.default.createSymbolicLink(atPath: file(name), withDestinationPath: destination)
        return file(name)
    }

    /// A folder `name` inside this one.
    @discardableResult
    public func folder(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: file(name), withIntermediateDirectories: true)
        return file(name)
    }

    /// Removes the folder and everything in it, opening up folders a test made unreadable first.
    public func remove() {
        func open(_ folder: String) {
            _ = chmod(folder, 0o755)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                var info = stat()
                if lstat(folder + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { open(folder + "/" + name) }
            }
        }
        open(path)
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Every word of `alphabet`'s characters, as long as `word`, at most two changes from it (`word` too), in
/// order: from `qqqq` over letters and digits, C(4,2)·35² + 4·35 + 1 = 7,491 words, more than a fuzzy
/// word is expanded to.
public func wordsWithinTwoChanges(of word: String, alphabet: [Character] = Array("abcdefghijklmnopqrstuvwxyz0123456789")) -> [String] {
    let letters = Array(word)
    var words: Set<String> = [word]
    for i in letters.indices {
        for j in i..<letters.count {
            for a in alphabet where a != letters[i] {
                for b in alphabet where b != letters[j] || i == j {
                    var changed = letters
                    changed[i] = a
                    if j != i { changed[j] = b }
                    words.insert(String(changed))
                }
            }
        }
    }
    return words.sorted()
}
