import ArgumentParser
import PlanPresentation
import PlanAPI

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Full-text search of the Chinese text: hits best first, with snippets and where they are.")

    @Argument(help: "The query; terms separated by spaces must all match (海洋, \"会议 文件\").")
    var query: String

    @Option(name: .long, help: ArgumentHelp("Only hits in this programme (6 or p6).", valueName: "programme"))
    var programme: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only hits of these kinds (a list): \(SearchScope.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "scopes"))
    var scope: [String] = []

    @Option(name: .long, help: "Most hits to print; 0 for all.")
    var limit = 20

    @OptionGroup var gateway: GatewayOptions

    func validate() throws {
        _ = try Vocabulary.list(scope, SearchScope.self, flag: "--scope")
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    func run() async throws {
        let scopes = try Vocabulary.list(scope, SearchScope.self, flag: "--scope")
        let pages = try await gateway.withGateway { calls in
            try await calls.pages(
                { token in
                    let request = SearchRequest(
                        query: query, programmeID: programme.map(Vocabulary.programmeID) ?? "", scopes: scopes,
                        pageSize: limit == 0 ? 100 : min(100, limit), pageToken: token)
                    let page = try await calls.call(Plan_V1_Catalogue.Method.Search.self, request)
                    return (page, page.nextPageToken)
                }, enough: { limit > 0 && $0.map(\.hits.count).reduce(0, +) >= limit })
        }
        var hits = pages.flatMap(\.hits)
        if limit > 0 { hits = Array(hits.prefix(limit)) }
        let answer = SearchResponse(hits: hits, totalHits: pages.first?.totalHits ?? 0)
        try gateway.emit(answer, table: .search(hits))
    }
}
