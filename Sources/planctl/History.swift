import ArgumentParser
import PlanPresentation
import PlanAPI

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A row's recorded actuals, oldest first (every page); JSON also gives its figures now.")

    @Argument(help: ArgumentHelp("The row (20.3.r4).", valueName: "row-id"))
    var row: String

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let pages = try await gateway.withGateway { calls in
            try await calls.pages { token in
                let page = try await calls.call(
                    Plan_V1_Metrics.Method.RowHistory.self, RowHistoryRequest(rowID: row, pageSize: 100, pageToken: token))
                return (page, page.nextPageToken)
            }
        }
        let recordings = pages.flatMap(\.recordings)
        try gateway.emit(RowHistoryResponse(current: pages[0].current, recordings: recordings), table: .recordings(recordings))
    }
}
