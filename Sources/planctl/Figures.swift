import ArgumentParser
import PlanPresentation
import PlanAPI

struct Figures: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The figures of one row or of every row of a table: printed, and actuals as recorded.")

    @Option(name: .long, help: ArgumentHelp("This one row (20.3.r4).", valueName: "row-id"))
    var row: String?

    @Option(name: .long, help: ArgumentHelp("Every row of this table (20.3).", valueName: "table-id"))
    var table: String?

    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        guard (row == nil) != (table == nil) else { throw ValidationError("give --row or --table (one of them)") }
    }

    func run() async throws {
        let target: GetFiguresRequest.Target = if let row { .rowID(row) } else { .tableID(table!) }
        let answer = try await gateway.withGateway { calls in
            try await calls.call(Plan_V1_Metrics.Method.GetFigures.self, GetFiguresRequest(target: target))
        }
        try gateway.emit(answer, table: .rowFigures(answer.rows))
    }
}
