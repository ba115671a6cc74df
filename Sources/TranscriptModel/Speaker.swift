/// A person (or role) who speaks in a document: a canonical name and every label it was written as.
public struct Speaker: Hashable, Sendable {
    /// The name without honorifics or titles, upper-case names in title case: `Mr. LIMAN` is `Liman`.
    public var name: String
    /// Every label as written, in order of first use: `Cde. Rákosi`, `Comrade Rákosi`.
    public var labels: [String]
    /// Honorifics and titles seen with the name, in order of first use: `Cde.`, `Comrade`.
    public var titles: [String]
    /// What the source states of the speaker (party, role, sex, age), each for the dates it holds.
    public var attributes: [SpeakerAttribute]

    public init(name: String, labels: [String] = [], titles: [String] = [], attributes: [SpeakerAttribute] = []) {
        self.name = name
        self.labels = labels
        self.titles = titles
        self.attributes = attributes
    }

    /// Words that name a voice rather than a person (`Speaker 1`, `Caller 2`, `Respondent`): a numbered
    /// `Step 1:` or `Chapter 2:` is no one, and such a voice in one document is not the same person in another.
    public static let voiceWords: Set<String> = [
        "speaker", "caller", "participant", "person", "voice", "respondent", "interviewee", "interviewer", "student",
        "guest", "host", "panelist", "panellist", "witness", "juror", "member", "delegate", "unknown", "unidentified",
        "male", "female", "man", "woman", "child", "teacher", "moderator", "audience", "questioner", "reporter",
        "说话人", "发言人", "主持人", "受访者", "采访者", "记者", "嘉宾", "观众", "老师", "学生",
    ]
}

/// One fact a source states of a speaker: `party` `PSC` from 2015-10-26, `role` `Target_Child`, `sex` `F`,
/// `age` `1;6.`; with where it comes from, for `.who`.
public struct SpeakerAttribute: Hashable, Sendable {
    /// `party`, `role`, `sex` or `age`.
    public var name: String
    public var value: String
    /// The first and last day it holds, where the source says (ParlaMint's `from` and `to`).
    public var from: PartialDate?
    public var to: PartialDate?
    /// Where the source states it: `listPerson`, `@ID`, a file and line.
    public var source: String

    public init(_ name: String, _ value: String, from: PartialDate? = nil, to: PartialDate? = nil, source: String) {
        self.name = name
        self.value = value
        self.from = from
        self.to = to
        self.source = source
    }

    /// Whether it holds on any day of `date` (a month or year counts when any of its days does); always,
    /// when either is unknown.
    public func holds(on date: PartialDate?) -> Bool {
        guard let date else { return true }
        let (first, last) = date.days
        if let from, from.days.first > last { return false }
        if let to, to.days.last < first { return false }
        return true
    }
}
