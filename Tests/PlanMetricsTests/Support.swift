import GRPCCore
import PlanIngest
import PlanMetrics
import PlanModel
import PlanAPI
import Testing

/// The embedded document's catalogue, read once for all tests.
let catalogue: Catalogue = {
    do { return try DocumentReader().readEmbedded().catalogue } catch {
        fatalError("the embedded document does not read: \(error)")
    }
}()

/// Every row as an export record: the independent source the tests sum from.
let records = catalogue.deliverableRecords

/// The service over the embedded catalogue with nothing recorded, built once for all tests.
let service = MetricsService(catalogue: catalogue)

/// The same service returning every cell on one page, to compare pages with.
let unpaged = MetricsService(
    catalogue: catalogue, pagination: Pagination(defaultPageSize: 100_000, maxPageSize: 100_000))

/// The record of the row printed on `line`.
func record(line: Int) -> DeliverableRecord? { records.first { $0.row.line == line } }

/// A record's key for `dimension`, computed from the record rather than the fact table.
func key(_ dimension: Dimension, of record: DeliverableRecord) -> String {
    switch dimension {
    case .programme: "p\(record.programme)"
    case .part: catalogue.unit(id: record.unitID)?.partID ?? ""
    case .unit: record.unitID
    case .category: record.row.category.letter
    case .subcategory: record.subcategory
    case .measure: record.measureCode ?? ""
    case .period: record.period.rawValue
    case .row: record.row.id
    }
}

/// Sum, count, reported count and dash count of `figures`, computed independently.
func tally(_ figures: [Figure]) -> (sum: Int, count: Int, reported: Int, dashes: Int) {
    var result = (sum: 0, count: 0, reported: 0, dashes: 0)
    for figure in figures {
        result.count += 1
        switch figure {
        case .number(let value):
            result.sum += value
            result.reported += 1
        case .dash:
            result.reported += 1
            result.dashes += 1
        case .blank: break
        }
    }
    return result
}

/// Expects `body` to throw an RPCError with `code` whose message names `name`.
func expectRPCError<T>(
    _ code: RPCError.Code, naming name: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> T
) {
    do {
        _ = try body()
        Issue.record("expected \(code) naming '\(name)', got a result", sourceLocation: sourceLocation)
    } catch {
        guard let error = error as? RPCError else {
            Issue.record("expected an RPCError, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.message.contains(name), "\(error.message)", sourceLocation: sourceLocation)
    }
}

/// Every item of a paged list, walking pages of `pageSize` from the first; fails after 1,000 pages.
func walk<Item>(
    pageSize: Int, _ page: (_ pageSize: Int, _ token: String) throws(RPCError) -> (items: [Item], next: String)
) throws -> [Item] {
    var items: [Item] = []
    var token = ""
    for _ in 0..<1000 {
        let result = try page(pageSize, token)
        #expect(result.items.count <= pageSize)
        items += result.items
        if result.next.isEmpty { return items }
        token = result.next
    }
    Issue.record("more than 1,000 pages")
    return items
}
