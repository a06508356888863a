import Foundation
import PlanIngest
import PlanMetrics
import PlanModel
import PlanAPI


/// Aggregates of the metrics service, the same `Plan_V1_Metrics.Method.Aggregate.descriptor` call the Aggregate RPC
/// handler makes (no sockets, no protobuf):
///
/// 1. over the whole embedded document, by programme × measure, of planned 2020 and of actual
///    2018 (target: under 200 µs), beside a hand-written loop that computes the same sums;
/// 2. over synthetic catalogues of the document's shape (``SyntheticCatalogue``) from 10³ rows
///    up to `maxRows`, each 10 times the last: time to generate and to build the fact table,
///    the aggregate by programme × measure of planned 2020 (target at 10⁶ rows: under 100 ms),
///    and resident memory (target at 10⁶ rows: under 500 MB), with the growth per 10x.
func runMetricsBenchmark(iterations: Int, maxRows: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-bench-metrics-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // The service as plan-metrics builds it, its recordings in a SQLite file of a temp folder.
    let result = try DocumentReader().readEmbedded()
    let table = FactTable(catalogue: result.catalogue)
    let store = try SQLiteRecordingStore(path: folder.appendingPathComponent("document.sqlite").path, table: table)
    let service = MetricsService(table: table, store: store)
    print(
        "document: \(result.catalogue.tables.count) tables, \(table.facts.count) rows; a Fact is "
            + "\(MemoryLayout<Fact>.stride) bytes inline (its strings shared or in line)")
    for column in [FigureColumn.planned2020, .actual2018] {
        let request = AggregateRequest(column: column, drilldowns: [.programme, .measure])
        let response = try service.aggregate(request)
        let expected = handAggregate(table.facts, column)
        precondition(response.totalCellCount == expected.count, "the baseline disagrees with the library")
        precondition(
            response.summary.map(\.sum).reduce(0, +) == expected.values.map(\.sum).reduce(0, +),
            "the baseline disagrees with the library")
        print("  \(column): \(response.totalCellCount) cells, summary sum \(response.summary.map(\.sum).reduce(0, +))")
        let baseline = measure("baseline: hand-written loop, \(column)", iterations: iterations) {
            precondition(handAggregate(table.facts, column).count == expected.count)
        }
        let aggregate = try measure("aggregate programme × measure, \(column)", iterations: iterations) {
            let cells = try service.aggregate(request).totalCellCount
            precondition(cells == expected.count)
        }
        print(
            String(
                format: "  aggregate / target 200 µs (median): %.2f  (%@)   aggregate / baseline (median): %.1fx",
                aggregate.median / 200, (aggregate.median < 200 ? "met" : "NOT met") as NSString,
                aggregate.median / baseline.median))
    }

    // Synthetic catalogues of the same shape, 10³ rows and up.
    let synthetic = SyntheticCatalogue(base: result.catalogue)
    print("\nsynthetic catalogues: the document's \(synthetic.baseRowCount) rows copied with new ids and seeded figures")
    var sizes: [Int] = []
    var size = 1_000
    while size <= maxRows {
        sizes.append(size)
        size *= 10
    }
    let peakResettable = resetPeakMemory()
    if !peakResettable { print("  (cannot reset VmHWM: peaks below are the process's peak so far)") }
    releaseFreeMemory()
    print(String(format: "  RSS before the first size (the document, its service, the runtime): %.0f MB", MemoryStatus.current().rssMB))
    var results: [SyntheticResult] = []
    for rows in sizes {
        let outcome = try benchmarkSynthetic(synthetic, rows: rows, folder: folder)
        results.append(outcome)
        print(
            String(
                format: "  %9d rows: aggregate median %9.3f ms  p90 %9.3f ms  min %9.3f ms  (%d runs)   RSS %6.0f MB",
                rows, outcome.aggregate.median / 1000, outcome.aggregate.p90 / 1000, outcome.aggregate.min / 1000,
                outcome.runs, outcome.tableOnly.rssMB))
    }

    print(
        "\n      rows | generate ms | build ms | aggregate median ms | aggregate min ms | baseline median ms "
            + "| RSS before MB | RSS with catalogue MB | RSS table only MB (net) | peak generate+build MB "
            + "| peak aggregating MB")
    for r in results {
        print(
            String(
                format: "%10d | %11.1f | %8.1f | %19.3f | %16.3f | %18.3f | %13.0f | %21.0f | %14.0f (%6.0f) | %22.0f | %19.0f",
                r.rows, r.generateMs, r.buildMs, r.aggregate.median / 1000, r.aggregate.min / 1000,
                r.baseline.median / 1000, r.before.rssMB, r.withCatalogue.rssMB, r.tableOnly.rssMB,
                r.tableOnly.rssMB - r.before.rssMB, r.withCatalogue.hwmMB, r.aggregating.hwmMB))
    }
    print("\ngrowth per 10x rows     | build  | aggregate median | aggregate min | baseline median | RSS table only, net")
    for (smaller, larger) in zip(results, results.dropFirst()) {
        print(
            String(
                format: "%7d → %-9d | %5.1fx | %15.1fx | %12.1fx | %14.1fx | %13.1fx",
                smaller.rows, larger.rows, larger.buildMs / smaller.buildMs,
                larger.aggregate.median / smaller.aggregate.median, larger.aggregate.min / smaller.aggregate.min,
                larger.baseline.median / smaller.baseline.median,
                (larger.tableOnly.rssMB - larger.before.rssMB) / (smaller.tableOnly.rssMB - smaller.before.rssMB)))
    }
    if let largest = results.last, largest.rows == 1_000_000 {
        let peak = max(largest.withCatalogue.hwmMB, largest.aggregating.hwmMB)
        print(
            String(
                format: "10⁶ rows: aggregate median / target 100 ms: %.2f (%@); RSS table only / target 500 MB: %.2f (%@); "
                    + "peak RSS / target 500 MB: %.2f (%@)",
                largest.aggregate.median / 100_000, (largest.aggregate.median < 100_000 ? "met" : "NOT met") as NSString,
                largest.tableOnly.rssMB / 500, (largest.tableOnly.rssMB < 500 ? "met" : "NOT met") as NSString,
                peak / 500, (peak < 500 ? "met" : "NOT met") as NSString))
    }
}

/// What one synthetic size measured; times in µs unless named `…Ms`.
private struct SyntheticResult {
    var rows: Int
    var generateMs: Double
    var buildMs: Double
    var runs: Int
    /// Resident memory before generating.
    var before: MemoryStatus
    var aggregate: (median: Double, p90: Double, min: Double)
    var baseline: (median: Double, p90: Double, min: Double)
    /// Resident memory once the fact table is built, the synthetic catalogue still alive, and
    /// the peak while generating and building.
    var withCatalogue: MemoryStatus
    /// Resident memory once the catalogue is released: what the service keeps.
    var tableOnly: MemoryStatus
    /// The peak from then on, over every aggregate (and the baseline loop's runs).
    var aggregating: MemoryStatus
}

/// Generates a catalogue of `rows` rows, builds its fact table and service (recordings in an
/// in-memory SQLite store), and times the aggregate by programme × measure of planned 2020.
private func benchmarkSynthetic(_ synthetic: SyntheticCatalogue, rows: Int, folder: URL) throws -> SyntheticResult {
    releaseFreeMemory()
    _ = resetPeakMemory()
    let before = MemoryStatus.current()
    var generateMs = 0.0
    var buildMs = 0.0
    var withCatalogue = MemoryStatus(rssKB: 0, hwmKB: 0)
    let table: FactTable = {
        let start = ContinuousClock.now
        let catalogue = synthetic.make(rows: rows)
        generateMs = microseconds(ContinuousClock.now - start) / 1000
        let buildStart = ContinuousClock.now
        let table = FactTable(catalogue: catalogue)
        buildMs = microseconds(ContinuousClock.now - buildStart) / 1000
        withCatalogue = MemoryStatus.current()
        precondition(table.facts.count == rows && catalogue.tables.reduce(0) { $0 + $1.rows.count } == rows)
        return table
    }()
    releaseFreeMemory()
    let afterBuild = MemoryStatus.current()
    _ = resetPeakMemory()
    let service = MetricsService(table: table, store: try SQLiteRecordingStore(inMemoryFor: table))
    let request = AggregateRequest(column: .planned2020, drilldowns: [.programme, .measure])
    let expected = handAggregate(table.facts, .planned2020)
    let cells = try service.aggregate(request).totalCellCount
    precondition(cells == expected.count, "the baseline disagrees with the library")
    let runs = max(5, min(200, 10_000_000 / rows))
    let aggregate = try timeRuns(runs, warmUps: 2) {
        let cells = try service.aggregate(request).totalCellCount
        precondition(cells == expected.count)
    }
    let baseline = timeRuns(runs, warmUps: 2) {
        precondition(handAggregate(table.facts, .planned2020).count == expected.count)
    }
    let peak = MemoryStatus.current()
    return SyntheticResult(
        rows: rows, generateMs: generateMs, buildMs: buildMs, runs: runs, before: before, aggregate: aggregate, baseline: baseline,
        withCatalogue: withCatalogue, tableOnly: afterBuild, aggregating: peak)
}

/// The sums and counts of `column` by programme × measure, written directly over the facts:
/// the bare cost of the arithmetic and one hash lookup per row, for comparison.
private func handAggregate(_ facts: [Fact], _ column: FigureColumn) -> [Int: (sum: Int, count: Int, reported: Int, dashes: Int)] {
    var cells: [Int: (sum: Int, count: Int, reported: Int, dashes: Int)] = [:]
    for index in facts.indices {
        let figure: Figure =
            switch column {
            case .planned2018: facts[index].row.planned2018
            case .actual2018: facts[index].row.actual2018
            case .planned2019: facts[index].row.planned2019
            case .planned2020: facts[index].row.planned2020
            case .actual2019, .actual2020: .blank  // nothing is recorded in these runs
            }
        let measure = facts[index].row.measure.flatMap { Measure.allCases.firstIndex(of: $0) } ?? Measure.allCases.count
        let key = facts[index].programme &* 16 &+ measure
        cells[key, default: (0, 0, 0, 0)].count += 1
        switch figure {
        case .number(let value):
            cells[key]!.sum += value
            cells[key]!.reported += 1
        case .dash:
            cells[key]!.reported += 1
            cells[key]!.dashes += 1
        case .blank: break
        }
    }
    return cells
}

/// Runs `body` `warmUps` times, then `runs` times timed; median, p90 and min in µs.
private func timeRuns(_ runs: Int, warmUps: Int, _ body: () throws -> Void) rethrows -> (
    median: Double, p90: Double, min: Double
) {
    for _ in 0..<warmUps { try body() }
    var samples: [Double] = []
    samples.reserveCapacity(runs)
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        samples.append(microseconds(ContinuousClock.now - start))
    }
    samples.sort()
    return (samples[samples.count / 2], samples[samples.count * 9 / 10], samples[0])
}

private func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

/// The process's resident memory now (VmRSS) and at its peak (VmHWM), from /proc/self/status.
private struct MemoryStatus {
    var rssKB: Int
    var hwmKB: Int

    var rssMB: Double { Double(rssKB) * 1024 / 1e6 }
    var hwmMB: Double { Double(hwmKB) * 1024 / 1e6 }

    static func current() -> MemoryStatus {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return MemoryStatus(rssKB: 0, hwmKB: 0)
        }
        func field(_ name: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
        return MemoryStatus(rssKB: field("VmRSS"), hwmKB: field("VmHWM"))
    }
}

/// Resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs); whether it could.
private func resetPeakMemory() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do {
        try handle.write(contentsOf: Data("5".utf8))
        return true
    } catch {
        return false
    }
}

/// Hands memory malloc keeps free back to the system, so RSS shows what is in use.
private func releaseFreeMemory() {
    #if os(Linux)
    _ = mallocTrim(0)
    #endif
}

#if os(Linux)
/// glibc's `int malloc_trim(size_t pad)`, which the Glibc module does not export.
@_silgen_name("malloc_trim")
private func mallocTrim(_ pad: Int) -> Int32
#endif
