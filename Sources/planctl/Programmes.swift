import ArgumentParser
import PlanPresentation
import PlanAPI

struct Programmes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The programmes, in document order (every page).")

    @Option(name: .long, help: "basic (titles only) or full.")
    var view: CatalogueView = .full

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let programmes = try await gateway.withGateway { calls in
            try await calls.pages { token in
                let page = try await calls.call(
                    Plan_V1_Catalogue.Method.ListProgrammes.self,
                    ListProgrammesRequest(pageSize: 100, pageToken: token, view: view))
                return (page.programmes, page.nextPageToken)
            }.flatMap { $0 }
        }
        try gateway.emit(ListProgrammesResponse(programmes: programmes), table: .programmes(programmes))
    }
}

extension CatalogueView: ExpressibleByArgument {}
