import TranscriptModel

/// One line of a caption file: its 1-based number and its bytes.
struct CaptionLine {
    var number: Int
    var range: Range<Int>
}

/// One caption cue: its times (nil when the timing line is missing or malformed) and its text lines.
struct CaptionCue {
    var start: Double?
    var end: Double?
    var lines: [CaptionLine]
}
