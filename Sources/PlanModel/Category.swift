/// The five categories of deliverables used by every deliverables table.
public enum Category: String, CaseIterable, Codable, Hashable, Sendable, Comparable {
    case a = "A", b = "B", c = "C", d = "D", e = "E"

    /// The letter as printed before the category name.
    public var letter: String { rawValue }

    /// The category's name as the document prints it.
    public var chineseName: String {
        switch self {
        case .a: "协助政府间进程和专家机构"
        case .b: "生成和转让知识"
        case .c: "实质性应交付产出"
        case .d: "信息传播方面的应交付产出"
        case .e: "辅助性应交付产出"
        }
    }

    /// The category's English label, as in the English edition of the programme budget.
    public var englishLabel: String {
        switch self {
        case .a: "Facilitation of the intergovernmental process and expert bodies"
        case .b: "Generation and transfer of knowledge"
        case .c: "Substantive deliverables"
        case .d: "Communication deliverables"
        case .e: "Enabling deliverables"
        }
    }

    /// Whether the category's deliverables are counted (A and B) or only listed (C, D and E).
    public var isQuantified: Bool { self == .a || self == .b }

    public static func < (lhs: Category, rhs: Category) -> Bool { lhs.rawValue < rhs.rawValue }
}
