/// A unit of a programme's work programme: the level that has an objective and deliverables.
public struct Unit: Codable, Hashable, Sendable, Identifiable {
    /// The kinds of unit the document has.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// "次级方案 N" (also "1(a)").
        case subprogramme
        /// "构成部分 N" of a subprogramme.
        case component
        /// An unnumbered office or mechanism ("联合国停战监督组织").
        case office
        /// The programme itself, where it has no subprogrammes.
        case programme
    }

    /// Stable id: `p4.sp2`, `p25.A.sp1.c3`, `p4.o2`, `p21.programme`.
    public var id: String
    /// The kind of unit.
    public var kind: Kind
    /// The number as printed (`"2"`, `"1(a)"`), `nil` for offices and programme-level units.
    public var number: String?
    /// The title as printed.
    public var title: String
    /// Number of the programme.
    public var programme: Int
    /// Id of the part the unit sits in, if any.
    public var partID: String?
    /// Id of the subprogramme a component belongs to.
    public var parentID: String?
    /// The objective, if printed.
    public var objective: Objective?
    /// Narrative sections under the unit (2020 年重点计划成果, 挑战和对策, …).
    public var narrative: [NarrativeSection]
    /// Mandates listed for this unit.
    public var mandates: [Mandate]
    /// The unit's planned result for 2020 ("2020 年重点计划成果"), if it states one.
    public var plannedResult: PlannedResult?
    /// Ids of the unit's deliverables tables.
    public var tableIDs: [String]
    /// 1-based line of the heading.
    public var line: Int

    public init(
        id: String, kind: Kind, number: String?, title: String, programme: Int,
        partID: String? = nil, parentID: String? = nil, objective: Objective? = nil,
        narrative: [NarrativeSection] = [], mandates: [Mandate] = [], plannedResult: PlannedResult? = nil,
        tableIDs: [String] = [], line: Int
    ) {
        self.id = id
        self.kind = kind
        self.number = number
        self.title = title
        self.programme = programme
        self.partID = partID
        self.parentID = parentID
        self.objective = objective
        self.narrative = narrative
        self.mandates = mandates
        self.plannedResult = plannedResult
        self.tableIDs = tableIDs
        self.line = line
    }
}
