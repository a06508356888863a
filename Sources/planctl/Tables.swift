import ArgumentParser
import PlanModel
import PlanPresentation
import PlanAPI

struct Tables: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The deliverables tables, in document order (every page).")

    @Option(name: .long, help: ArgumentHelp("Only tables of this programme (6 or p6).", valueName: "programme"))
    var programme: String?

    @Option(name: .long, help: ArgumentHelp("Only tables of this unit (p6.sp1).", valueName: "unit-id"))
    var unit: String?

    @Option(name: .long, help: "Only tables of this period: 2018-2020 or 2020.")
    var period: TablePeriod?

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let tables = try await gateway.withGateway { calls in
            try await calls.pages { token in
                let request = ListTablesRequest(
                    programmeID: programme.map(Vocabulary.programmeID) ?? "", unitID: unit ?? "", period: period,
                    view: .full, pageSize: 100, pageToken: token)
                let page = try await calls.call(Plan_V1_Catalogue.Method.ListTables.self, request)
                return (page.tables, page.nextPageToken)
            }.flatMap { $0 }
        }
        try gateway.emit(ListTablesResponse(tables: tables), table: .tables(tables))
    }
}

extension TablePeriod: ExpressibleByArgument {}
