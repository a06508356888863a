import ArgumentParser
import PlanPresentation
import PlanAPI

struct Aggregate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sums and counts of a figure column per group and measure (every page unless --limit).",
        discussion: "A dash counts 0; a blank is left out of the sum and counted apart. Figures of different measures are never added together.")

    @Option(
        name: .long,
        help: "The figure column: \(FigureColumn.allCases.map(\.rawValue).joined(separator: ", ")).")
    var column = FigureColumn.planned2020.rawValue

    @OptionGroup var grouping: GroupingOptions

    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "Ordering keys (a list): a --by dimension or sum, count, count_reported; - in front for descending. Default: document order, then measure.",
            valueName: "keys"))
    var order: [String] = []

    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        _ = try Vocabulary.parse(column, FigureColumn.self, flag: "--column")
        _ = try Vocabulary.order(order)
    }

    func run() async throws {
        let column = try Vocabulary.parse(column, FigureColumn.self, flag: "--column")
        let drilldowns = try grouping.drilldowns()
        let cuts = try grouping.cutList()
        let order = try Vocabulary.order(order)
        let pages = try await gateway.withGateway { calls in
            try await calls.pages(
                { token in
                    let request = AggregateRequest(
                        column: column, drilldowns: drilldowns, cuts: cuts, order: order, pageSize: grouping.pageSize,
                        pageToken: token)
                    let page = try await calls.call(Plan_V1_Metrics.Method.Aggregate.self, request)
                    return (page, page.nextPageToken)
                }, enough: { grouping.enough($0.map(\.cells.count)) })
        }
        let cells = grouping.limited(pages.flatMap(\.cells))
        let answer = AggregateResponse(
            column: column, cells: cells, summary: pages.first?.summary ?? [], totalCellCount: pages.first?.totalCellCount ?? 0)
        try gateway.emit(answer, table: .aggregate(cells, drilldowns: drilldowns))
    }
}
