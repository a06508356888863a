import ArgumentParser
import Foundation

/// planctl: reads the document itself (`ingest`, `export`) or asks the services through the
/// gateway's binary front (every other command). Exit codes are ``ExitStatus``.
@main
struct Planctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planctl",
        abstract: "Read the UN 2020 programme budget's programme plans, export them, and query the services.",
        discussion: ExitStatus.help,
        groupedSubcommands: [
            CommandGroup(name: "Document", subcommands: [Ingest.self, Export.self]),
            CommandGroup(
                name: "Catalogue (through the gateway)",
                subcommands: [
                    Programmes.self, ProgrammeCommand.self, Units.self, Results.self, Search.self, Tables.self,
                    TableCommand.self,
                ]),
            CommandGroup(
                name: "Metrics (through the gateway)",
                subcommands: [
                    Aggregate.self, Rate.self, Change.self, Rankings.self, Figures.self, History.self, RecordActual.self,
                ]),
            CommandGroup(name: "Probe", subcommands: [HealthCommand.self]),
        ]
    )

    /// Runs the command line; usage errors exit 2, call failures with their ``ExitStatus``.
    static func main() async {
        StandardOutput.ignoreBrokenPipes()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let failure as CallFailure {
            standardError(failure.description)
            Foundation.exit(failure.status.rawValue)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            standardError(fullMessage(for: error))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }
}

/// Writes `text` and a line end to standard error.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes `data` and a line end to standard output.
func write(_ data: Data) {
    StandardOutput.write(data + Data("\n".utf8))
}
