import ArgumentParser
import PlanModel
import PlanPresentation
import PlanAPI

struct TableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table", abstract: "One deliverables table: its rows with their printed figures.")

    @Argument(help: ArgumentHelp("The table's corrected id (20.3).", valueName: "table-id"))
    var table: String

    @OptionGroup var gateway: GatewayOptions

    func run() async throws {
        let answer = try await gateway.withGateway { calls in
            try await calls.call(Plan_V1_Catalogue.Method.GetTable.self, GetTableRequest(tableID: table))
        }
        try gateway.emit(answer, table: .rows(of: answer))
    }
}
