import ArgumentParser
import PlanModel
import PlanPresentation
import PlanAPI

struct Results: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Planned results for 2020 (the results framework) with their performance measures (every page).")

    @Option(name: .long, help: ArgumentHelp("Only results of this programme's units (6 or p6).", valueName: "programme"))
    var programme: String?

    @Option(name: .long, help: ArgumentHelp("Only the result of this unit (p6.sp1).", valueName: "unit-id"))
    var unit: String?

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let results = try await gateway.withGateway { calls in
            try await calls.pages { token in
                let request = ListResultsRequest(
                    programmeID: programme.map(Vocabulary.programmeID) ?? "", unitID: unit ?? "", pageSize: 100,
                    pageToken: token)
                let page = try await calls.call(Plan_V1_Catalogue.Method.ListResults.self, request)
                return (page.results, page.nextPageToken)
            }.flatMap { $0 }
        }
        try gateway.emit(ListResultsResponse(results: results), table: .results(results))
    }
}
