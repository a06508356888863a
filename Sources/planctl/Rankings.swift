import ArgumentParser
import PlanModel
import PlanPresentation
import PlanAPI

struct Rankings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The groups of one dimension ranked by a metric, within one measure.")

    @Option(name: .long, help: "The dimension ranked: \(Dimension.allCases.map(\.rawValue).joined(separator: ", ")).")
    var by: String

    @Option(name: .long, help: "The measure ranked within: \(Measure.allCases.map(\.rawValue).joined(separator: ", ")).")
    var measure: String

    @Option(name: .long, help: "What to rank by: \(RankingMetric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metric: String

    @Option(name: .long, help: "The column summed, for --metric total.")
    var column: String?

    @Option(name: .long, help: "The year, for --metric implementation_rate and gap: 2018, 2019 or 2020.")
    var year: Int?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp("Keep rows whose key for a dimension is one of the keys (dimension=key1,key2); repeatable.", valueName: "cut"))
    var cuts: [String] = []

    @Flag(name: .long, help: "Smallest first.")
    var ascending = false

    @Option(name: .long, help: "Most entries; 0 (the default) for all.")
    var limit = 0

    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        _ = try request()
        if let year, !(2018...2020).contains(year) { throw ValidationError("--year must be 2018, 2019 or 2020, not \(year)") }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    func request() throws -> RankingsRequest {
        RankingsRequest(
            by: try Vocabulary.parse(by, Dimension.self, flag: "--by"),
            measure: try Vocabulary.parse(measure, Measure.self, flag: "--measure"),
            metric: try Vocabulary.parse(metric, RankingMetric.self, flag: "--metric"),
            column: try column.map { try Vocabulary.parse($0, FigureColumn.self, flag: "--column") }, year: year ?? 0,
            cuts: try Vocabulary.cuts(cuts), ascending: ascending, limit: limit)
    }

    func run() async throws {
        let request = try request()
        let answer = try await gateway.withGateway { calls in
            try await calls.call(Plan_V1_Metrics.Method.Rankings.self, request)
        }
        try gateway.emit(answer, table: .rankings(answer))
    }
}
