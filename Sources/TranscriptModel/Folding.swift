import Foundation

/// Folding of case and diacritics, so that `rakosi` and `Rákosi` name the same speaker.
public enum Folding {
    /// The text folded for case and diacritics, spaces collapsed: `Cde. RÁKOSI` gives `cde. rakosi`.
    public static func key(_ text: some StringProtocol) -> String {
        let folded = String(text).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
