import Foundation
import PlanPresentation

extension GatewayOptions {
    /// Prints an answer in the format asked for: `json` its JSON mapping, `csv` and `table` its
    /// table projection.
    func emit(_ answer: some Encodable, table: @autoclosure () -> Table) throws {
        switch format {
        case .json: write(try JSONMapping.encodePretty(answer))
        case .csv: StandardOutput.write(Data(table().csv.utf8))
        case .table: StandardOutput.write(Data(table().text.utf8))
        }
    }
}
