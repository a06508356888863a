import GRPCCore
import PlanCatalogue
import PlanIngest
import PlanModel
import Testing

/// The embedded document's catalogue, read once for all tests.
let catalogue: Catalogue = {
    do { return try DocumentReader().readEmbedded().catalogue } catch {
        fatalError("the embedded document does not read: \(error)")
    }
}()

/// The service over the embedded catalogue, built once for all tests.
let service = CatalogueService(catalogue: catalogue)

/// Expects `body` to throw an RPCError with `code` whose message names `name`.
func expectRPCError<T>(
    _ code: RPCError.Code, naming name: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(RPCError) -> T
) {
    do {
        _ = try body()
        Issue.record("expected \(code) naming '\(name)', got a result", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.message.contains(name), "\(error.message)", sourceLocation: sourceLocation)
    }
}

/// Every item of a list, walking its pages of `pageSize` from the first; fails after 1,000 pages.
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
        #expect(result.items.count == pageSize)
        token = result.next
    }
    Issue.record("more than 1,000 pages")
    return items
}
