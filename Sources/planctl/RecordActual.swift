import ArgumentParser
import Foundation
import GRPCCore
import PlanModel
import PlanPresentation
import PlanAPI

struct RecordActual: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record an actual output of a row for 2019 or 2020 (needs the gateway's write token).",
        discussion: """
            The token comes from --token-file or env PLAN_WRITE_TOKEN and is sent as \
            `authorization: Bearer …`. The request id makes the call safe to repeat: the same id \
            records nothing new (the answer says replayed). Without --request-id a fresh one is \
            made and printed to standard error.
            """)

    @Option(name: .long, help: ArgumentHelp("The row (20.3.r4).", valueName: "row-id"))
    var row: String

    @Option(name: .long, help: "2019 or 2020.")
    var year: Int

    @Option(name: .long, help: ArgumentHelp("A number, — (or -) for a dash, blank (or an empty value) to withdraw.", valueName: "figure"))
    var value: String

    @Option(name: .long, help: ArgumentHelp("Who reports the figure.", valueName: "name"))
    var reportedBy: String

    @Option(name: .long, help: ArgumentHelp("Where the figure comes from.", valueName: "text"))
    var note: String = ""

    @Option(name: .long, help: ArgumentHelp("The request id (default: a fresh random one, printed).", valueName: "id"))
    var requestID: String?

    @Option(name: .long, help: ArgumentHelp("A file holding the write token (default: env PLAN_WRITE_TOKEN).", valueName: "path"))
    var tokenFile: String?

    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        guard year == 2019 || year == 2020 else { throw ValidationError("--year must be 2019 or 2020, not \(year)") }
        _ = try figure()
        if let requestID, requestID.isEmpty { throw ValidationError("--request-id must not be empty") }
    }

    /// `--value` as a figure.
    func figure() throws -> Figure {
        switch value.trimmingCharacters(in: .whitespaces) {
        case Figure.dashText, "-": return .dash
        case "", "blank": return .blank
        case let text:
            guard let number = Int(text), number >= 0 else {
                throw ValidationError("--value: '\(value)' is not a number, — for a dash or blank")
            }
            return .number(number)
        }
    }

    /// The token: the first line of `--token-file`, else PLAN_WRITE_TOKEN; `nil` when neither.
    func token() throws -> String? {
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ValidationFailure(message: "cannot read the token file \(tokenFile)")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return ProcessInfo.processInfo.environment["PLAN_WRITE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func run() async throws {
        let id = requestID ?? UUID().uuidString.lowercased()
        if requestID == nil { standardError("planctl: request id \(id)") }
        var metadata: Metadata = [:]
        if let token = try token() { metadata.addString("Bearer \(token)", forKey: "authorization") }
        let request = RecordActualRequest(
            rowID: row, year: year, value: try figure(), reportedBy: reportedBy, sourceNote: note, requestID: id)
        let answer = try await gateway.withGateway { [metadata] calls in
            try await calls.call(Plan_V1_Metrics.Method.RecordActual.self, request, metadata: metadata)
        }
        try gateway.emit(answer, table: .recordActual(answer))
    }
}
