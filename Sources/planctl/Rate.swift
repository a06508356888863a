import ArgumentParser
import PlanPresentation
import PlanAPI

struct Rate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Implementation rates: actual against planned outputs for a year, per group and measure.",
        discussion: "Rows where planned or actual is blank are skipped and counted apart.")

    @Option(name: .long, help: "2018 (printed actuals), 2019 or 2020 (recorded actuals).")
    var year: Int

    @OptionGroup var grouping: GroupingOptions

    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        guard (2018...2020).contains(year) else { throw ValidationError("--year must be 2018, 2019 or 2020, not \(year)") }
    }

    func run() async throws {
        let drilldowns = try grouping.drilldowns()
        let cuts = try grouping.cutList()
        let pages = try await gateway.withGateway { calls in
            try await calls.pages(
                { token in
                    let request = ImplementationRateRequest(
                        year: year, drilldowns: drilldowns, cuts: cuts, pageSize: grouping.pageSize, pageToken: token)
                    let page = try await calls.call(Plan_V1_Metrics.Method.ImplementationRate.self, request)
                    return (page, page.nextPageToken)
                }, enough: { grouping.enough($0.map(\.cells.count)) })
        }
        let cells = grouping.limited(pages.flatMap(\.cells))
        try gateway.emit(
            ImplementationRateResponse(year: year, cells: cells), table: .implementationRate(cells, drilldowns: drilldowns))
    }
}
