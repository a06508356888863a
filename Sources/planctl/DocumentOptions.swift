import ArgumentParser
import Foundation
import PlanIngest

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
