import ArgumentParser
import PlanModel
import PlanPresentation
import PlanAPI

struct Units: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Subprogrammes, components, offices and programmes without subprogrammes (every page).")

    @Option(name: .long, help: ArgumentHelp("Only units of this programme (6 or p6).", valueName: "programme"))
    var programme: String?

    @Option(name: .long, help: ArgumentHelp("Only units in this part (p25.A).", valueName: "part-id"))
    var part: String?

    @Option(name: .long, help: "Only units of this kind: subprogramme, component, office or programme.")
    var kind: PlanModel.Unit.Kind?

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let units = try await gateway.withGateway { calls in
            try await calls.pages { token in
                let request = ListUnitsRequest(
                    programmeID: programme.map(Vocabulary.programmeID) ?? "", partID: part ?? "", kind: kind, pageSize: 100,
                    pageToken: token)
                let page = try await calls.call(Plan_V1_Catalogue.Method.ListUnits.self, request)
                return (page.units, page.nextPageToken)
            }.flatMap { $0 }
        }
        try gateway.emit(ListUnitsResponse(units: units), table: .units(units))
    }
}

extension PlanModel.Unit.Kind: ExpressibleByArgument {}
