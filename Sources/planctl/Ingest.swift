import ArgumentParser
import Foundation

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
