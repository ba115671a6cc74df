import TranscriptModel

/// The positions a memorandum's list of participants states (`Dr. Henry A. Kissinger, Secretary of State`),
/// kept as each speaker's `role`, with the list as its source.
enum ParticipantPositions {
    /// Gives each listed speaker the position after its name as a `role`. Each item is one participant,
    /// `NAME, POSITION` (a `Jr.` after the name belongs to it). The speaker is the one with the item's
    /// whole name, else the only speaker with its surname; an item that names no one, or several, is passed
    /// over.
    static func apply(_ items: [String], to document: inout Document) {
        for item in items {
            var parts = item.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard parts.count == 2 else { continue }
            for suffix in ["Jr.", "Sr.", "Jr", "Sr", "II", "III"] where parts[1].hasPrefix(suffix + ",") {
                parts[1] = String(parts[1].dropFirst(suffix.count + 1)).trimmingCharacters(in: .whitespaces)
            }
            let position = parts[1].split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let words = parts[0].split(whereSeparator: \.isWhitespace)
            let name = Folding.key(words[Titles.prefixLength(words)...].joined(separator: " "))
            guard !position.isEmpty, !name.isEmpty else { continue }
            let keys = document.speakers.map { Folding.key($0.name) }
            var chosen = keys.indices.filter { keys[$0] == name }
            if chosen.isEmpty, let surname = name.split(separator: " ").last {
                chosen = keys.indices.filter { keys[$0].split(separator: " ").last == surname }
            }
            guard chosen.count == 1, let s = chosen.first,
                  !document.speakers[s].attributes.contains(where: { $0.name == "role" }) else { continue }
            document.speakers[s].attributes.append(SpeakerAttribute("role", position, source: "participants"))
        }
    }
}
