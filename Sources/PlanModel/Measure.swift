/// The unit of measure of a quantified deliverable, as a normalised vocabulary.
///
/// The document spells some units in several ways (文件数目, 文件数量, 文件数); each spelling
/// maps to one measure, while rows keep the text as printed. Figures of different measures are
/// never added together.
public enum Measure: String, CaseIterable, Codable, Hashable, Sendable, Comparable {
    case documents
    case threeHourMeetings = "three_hour_meetings"
    case thousandsOfWords = "thousands_of_words"
    case days
    case publications
    case materials
    case projects

    /// The stable code used in exports and on the wire.
    public var code: String { rawValue }

    /// The canonical Chinese label.
    public var chineseLabel: String {
        switch self {
        case .documents: "文件数目"
        case .threeHourMeetings: "三小时会议次数"
        case .thousandsOfWords: "千字"
        case .days: "天数"
        case .publications: "出版物数目"
        case .materials: "材料数目"
        case .projects: "项目数目"
        }
    }

    /// The English label.
    public var englishLabel: String {
        switch self {
        case .documents: "number of documents"
        case .threeHourMeetings: "number of three-hour meetings"
        case .thousandsOfWords: "thousands of words"
        case .days: "number of days"
        case .publications: "number of publications"
        case .materials: "number of materials"
        case .projects: "number of projects"
        }
    }

    /// Every spelling of this measure the document uses.
    public var spellings: [String] {
        switch self {
        case .documents: ["文件数目", "文件数量", "文件数"]
        case .threeHourMeetings: ["三小时会议次数"]
        case .thousandsOfWords: ["千字"]
        case .days: ["天数"]
        case .publications: ["出版物数目", "出版物数量", "出版物数"]
        case .materials: ["材料数目", "材料数量", "材料数"]
        case .projects: ["项目数目", "项目数量", "项目数"]
        }
    }

    /// The measure printed as `text`, if `text` is one of the known spellings.
    public init?(printed text: String) {
        guard let measure = Measure.bySpelling[text] else { return nil }
        self = measure
    }

    private static let bySpelling: [String: Measure] = Dictionary(
        uniqueKeysWithValues: allCases.flatMap { measure in measure.spellings.map { ($0, measure) } })

    public static func < (lhs: Measure, rhs: Measure) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
