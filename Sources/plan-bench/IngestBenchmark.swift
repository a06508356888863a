import Foundation
import PlanDataset
import PlanIngest

/// Times `body` over `iterations` runs after five warm-up runs and prints the spread.
func measure(_ label: String, iterations: Int, _ body: () throws -> Void) rethrows -> (median: Double, p90: Double, min: Double) {
    for _ in 0..<5 { try body() }  // warm-up
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    samples.sort()
    let result = (samples[samples.count / 2], samples[samples.count * 9 / 10], samples[0])
    print(String(format: "%-44@ median %9.1f µs   p90 %9.1f µs   min %9.1f µs   (%d runs)",
                 label as NSString, result.0, result.1, result.2, iterations))
    return result
}

/// How long reading the whole document takes, beside the bare cost of decoding and splitting
/// its text, measured in one run.
func runIngestBenchmark(iterations: Int) throws {
    guard let url = EmbeddedDocument.url else { fatalError("the embedded document is missing") }
    let data = try Data(contentsOf: url)
    print("document: \(url.lastPathComponent), \(data.count) bytes")
    let baseline = measure("decode UTF-8 and split lines (baseline)", iterations: iterations) {
        let text = String(decoding: data, as: UTF8.self)
        precondition(text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).count > 6000)
    }
    let ingest = try measure("ingest the whole document", iterations: iterations) {
        let result = try DocumentReader().read(data: data)
        precondition(result.catalogue.tables.count == 141)
    }
    print(String(format: "ingest / baseline (median): %.1fx", ingest.median / baseline.median))
}
