import TranscriptModel

/// The positions a memorandum's list of participants states (`Dr. Henry A. Kissinger, Secretary of State;
/// Amb. R. F. Botha, Ambassador of ...`), kept as each speaker's `role`, with the list as its source.
enum ParticipantPositions {
    /// The document with each listed speaker's position as a `role` attribute. An entry is `NAME, POSITION`;
    /// a speaker is the one whose canonical name is the entry's last name (`Jr.` and the like passed over).
    static func apply(_ document: Document) -> Document {
        guard let list = document.metadata("participants"), list.contains(","), !document.speakers.isEmpty else { return document }
        var document = document
        for entry in list.split(separator: ";") {
            var parts = entry.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            // `William E. Schaufele, Jr., Assistant Secretary ...`: the suffix belongs to the name.
            for suffix in ["Jr.", "Sr.", "Jr", "Sr", "II", "III"] where parts[1].hasPrefix(suffix + ",") {
                parts[1] = String(parts[1].dropFirst(suffix.count + 1)).trimmingCharacters(in: .whitespaces)
            }
            let position = parts[1]
            guard let last = parts[0].split(separator: " ").last.map({ Folding.fold($0) }), !position.isEmpty else { continue }
            for (i, speaker) in document.speakers.enumerated()
            where Folding.fold(speaker.name).split(separator: " ").last.map(String.init) == last
                && !document.speakers[i].attributes.contains(where: { $0.name == "role" }) {
                document.speakers[i].attributes.append(SpeakerAttribute("role", position, source: "participants"))
            }
        }
        return document
    }
}
