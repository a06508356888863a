import ArgumentParser
import PlanPresentation
import PlanAPI

struct Change: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The change from planned 2019 to planned 2020, per group and measure.",
        discussion: "Rows where either year is blank are skipped and counted apart.")

    @OptionGroup var grouping: GroupingOptions

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let drilldowns = try grouping.drilldowns()
        let cuts = try grouping.cutList()
        let pages = try await gateway.withGateway { calls in
            try await calls.pages(
                { token in
                    let request = ChangeRequest(drilldowns: drilldowns, cuts: cuts, pageSize: grouping.pageSize, pageToken: token)
                    let page = try await calls.call(Plan_V1_Metrics.Method.Change.self, request)
                    return (page, page.nextPageToken)
                }, enough: { grouping.enough($0.map(\.cells.count)) })
        }
        let cells = grouping.limited(pages.flatMap(\.cells))
        try gateway.emit(ChangeResponse(cells: cells), table: .change(cells, drilldowns: drilldowns))
    }
}
