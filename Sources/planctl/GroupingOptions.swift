import ArgumentParser
import PlanAPI

/// How metrics commands group and cut rows: `--by`, `--where`, `--limit`.
struct GroupingOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Dimensions to group by, in order (a list; repeatable): \(Dimension.allCases.map(\.rawValue).joined(separator: ", ")). Measure is always a grouping.",
            valueName: "dimensions"))
    var by: [String] = []

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Keep rows whose key for a dimension is one of the keys: dimension=key or dimension=key1,key2 (programme=p6,p7; category=A); repeat for more dimensions (AND).",
            valueName: "cut"))
    var cuts: [String] = []

    @Option(name: .long, help: "Most cells to print; 0 (the default) for all.")
    var limit = 0

    func validate() throws {
        _ = try drilldowns()
        _ = try cutList()
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    /// `--by` as dimensions.
    func drilldowns() throws -> [Dimension] { try Vocabulary.list(by, Dimension.self, flag: "--by") }

    /// `--where` as cuts.
    func cutList() throws -> [Cut] { try Vocabulary.cuts(cuts) }

    /// The page size to ask for: the services cap it at 100.
    var pageSize: Int { limit == 0 ? 100 : min(100, limit) }

    /// Whether the pages fetched hold enough cells.
    func enough(_ counts: [Int]) -> Bool { limit > 0 && counts.reduce(0, +) >= limit }

    /// `cells` cut to `--limit`.
    func limited<T>(_ cells: [T]) -> [T] { limit > 0 ? Array(cells.prefix(limit)) : cells }
}
