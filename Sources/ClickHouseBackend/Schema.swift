import Foundation
import QueryEngine

/// The tables Parley keeps on a ClickHouse cluster: `Schema.sql` beside this file, built into the program
/// so that `parley --push` can make them where they are missing.
public enum Schema {
    /// The version `parley.schema_version` holds; a cluster with another is refused.
    public static let version = 5

    /// `tokens.editorial` for a word of `source` (Schema.sql).
    static func editorialCode(_ source: WordSource) -> Int {
        switch source {
        case .spoken: 0
        case .inserted: 1
        case .note: 2
        }
    }

    /// The statements of `Schema.sql`, comments included: the file is built into the program as it is.
    public static let text = String(decoding: PackageResources.Schema_sql, as: UTF8.self)

    /// Each statement to run, its comments left out and `{cluster}` replaced by the cluster's name.
    public static func statements(cluster: String) -> [String] {
        text.split(separator: "\n").filter { !$0.hasPrefix("--") && !$0.isEmpty }
            .map { line in
                var statement = String(line)
                if statement.hasSuffix(";") { statement.removeLast() }
                return statement.replacingOccurrences(of: "{cluster}", with: cluster)
            }
    }
}
