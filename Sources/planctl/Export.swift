import ArgumentParser
import Foundation
import PlanModel
import PlanPresentation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the catalogue or its deliverables as JSON or CSV.",
        subcommands: [Deliverables.self, CatalogueExport.self]
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, csv
    }

    struct Deliverables: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One record per table row, in document order.")

        @Option(name: .long, help: "json or csv.")
        var format: Format = .json

        @OptionGroup var options: DocumentOptions

        func run() throws {
            let records = try options.read().catalogue.deliverableRecords
            switch format {
            case .json:
                write(Data(try DeliverableRecord.json(records).utf8))
            case .csv:
                write(Data(CSV.text(header: DeliverableRecord.fieldNames, rows: records.map(\.csvCells)).utf8))
            }
        }
    }

    struct CatalogueExport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalogue", abstract: "The whole catalogue as JSON, keys snake_case.")

        @Option(name: .long, help: "json (the only format for the whole catalogue).")
        var format: Format = .json

        @OptionGroup var options: DocumentOptions

        func validate() throws {
            guard format == .json else { throw ValidationError("the whole catalogue exports as json only") }
        }

        func run() throws {
            write(try JSONMapping.encodePretty(options.read().catalogue))
        }
    }
}
