import TranscriptModel
public enum EditorialScanner { public static func scan(_ text: String) -> (text: String, spans: [EditorialSpan]) { (text, []) } }
public enum FigureScanner { public static func scan(_ text: String) -> [Figure] { [] } }
