import ArgumentParser
import Foundation
import PlanIngest
import PlanModel

@main
struct Planctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planctl",
        abstract: "Read the UN 2020 programme budget's programme plans and export what they hold.",
        subcommands: [Ingest.self, Export.self]
    )
}

/// Options shared by every command that reads a document.
struct DocumentOptions: ParsableArguments {
    @Option(name: .long, help: "The document to read (default: the embedded 2020 programme budget).")
    var document: String?

    @Flag(name: .long, help: "Fail on any diagnostic.")
    var strict = false

    func read(path: String? = nil) throws -> IngestResult {
        let reader = DocumentReader(strict: strict)
        do {
            if let path = path ?? document {
                return try reader.read(contentsOf: URL(fileURLWithPath: path))
            }
            return try reader.readEmbedded()
        } catch let error as IngestError {
            throw ValidationFailure(message: error.description)
        } catch let error as CocoaError {
            throw ValidationFailure(message: "cannot read \(path ?? document ?? "the embedded document"): \(error.localizedDescription)")
        }
    }
}

/// An error printed as it is, with exit code 1.
struct ValidationFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a document and report what it holds and what could not be placed.")

    @Argument(help: "The document to read (default: the embedded 2020 programme budget).")
    var path: String?

    @Flag(name: .long, help: "Print the counts of programmes, parts, units, tables and rows.")
    var summary = false

    @OptionGroup var options: DocumentOptions

    func run() throws {
        let result = try options.read(path: path)
        if summary || result.diagnostics.isEmpty {
            let s = result.catalogue.summary
            print("""
                programmes          \(s.programmes)
                parts               \(s.parts)
                units               \(s.units)
                objectives          \(s.objectives)
                mandates            \(s.mandates)
                tables              \(s.tables) (\(s.tables2018to2020) covering 2018-2020, \(s.tables2020) covering 2020 only)
                rows                \(s.rows) (\(s.quantifiedRows) quantified, \(s.nonQuantifiedRows) non-quantified)
                diagnostics         \(result.diagnostics.count)
                """)
        }
        for diagnostic in result.diagnostics {
            FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
        }
    }
}

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
            commandName: "catalogue", abstract: "The whole catalogue as JSON.")

        @Option(name: .long, help: "json (the only format for the whole catalogue).")
        var format: Format = .json

        @OptionGroup var options: DocumentOptions

        func validate() throws {
            guard format == .json else { throw ValidationError("the whole catalogue exports as json only") }
        }

        func run() throws {
            write(try encoder().encode(options.read().catalogue))
        }
    }
}

private func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
    return encoder
}

private func write(_ data: Data) {
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}
