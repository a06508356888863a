import ArgumentParser
import PlanModel
import PlanPresentation
import PlanAPI

struct ProgrammeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme", abstract: "One programme: its title, parts, units and how much it holds.")

    @Argument(help: ArgumentHelp("The programme: its number (6) or id (p6).", valueName: "programme"))
    var programme: String

    @Option(name: .long, help: "basic (no parts, units, mandates, narrative) or full.")
    var view: CatalogueView = .full

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let request = GetProgrammeRequest(programmeID: Vocabulary.programmeID(programme), view: view)
        let answer = try await gateway.withGateway { calls in
            try await calls.call(Plan_V1_Catalogue.Method.GetProgramme.self, request)
        }
        try gateway.emit(answer, table: .programme(answer))
    }
}
