import GRPCCore
import PlanCatalogue
import PlanModel
import PlanAPI
import Testing

@Suite("Search, in memory")
struct SearchTests {
    /// Every hit of `query` in `programme`, walking the pages.
    func allHits(_ query: String, programme: String = "", scopes: [SearchScope] = []) throws -> [SearchHit] {
        try walk(pageSize: 100) { size, token throws(RPCError) in
            let page = try service.search(
                SearchRequest(query: query, programmeID: programme, scopes: scopes, pageSize: size, pageToken: token))
            return (page.hits, page.nextPageToken)
        }
    }

    @Test func lawOfTheSeaInProgramme6TitlesFirst() throws {
        let hits = try allHits("海洋", programme: "p6")
        #expect(hits.count > 10)
        #expect(hits.allSatisfy { $0.location.programme == 6 })
        // The subprogramme "海洋法和海洋事务" is a title: it ranks above every paragraph.
        let title = try #require(hits.firstIndex { $0.location.scope == .unit && $0.snippet == "海洋法和海洋事务" })
        let firstParagraph = try #require(hits.firstIndex { $0.location.scope == .narrative && $0.location.field.hasPrefix("paragraphs[") })
        #expect(title < firstParagraph)
        let titleScopes: Set<SearchScope> = [.programme, .part, .unit, .table]
        let lastTitle = hits.lastIndex { titleScopes.contains($0.location.scope) } ?? -1
        #expect(lastTitle < firstParagraph)
        // Paragraph 6.14 (line 1235) is one of the hits.
        #expect(hits.contains { $0.location.line == 1235 && $0.location.scope == .narrative })
        #expect(hits == hits.sorted { $0.score > $1.score } || zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func snippetsHoldTheQueryWhereTheHighlightsPoint() throws {
        for hit in try allHits("海洋法") {
            let scalars = Array(hit.snippet.unicodeScalars)
            #expect(!hit.highlights.isEmpty)
            for range in hit.highlights {
                let highlighted = String(String.UnicodeScalarView(scalars[range.start..<(range.start + range.length)]))
                #expect(highlighted.contains("海洋法"), "\(hit.snippet) \(range)")
            }
            #expect(scalars.count <= 3 + 2 * 30)
        }
    }

    @Test func everyTermMustMatch() throws {
        let hits = try allHits("海洋 评估")
        #expect(!hits.isEmpty)
        #expect(hits.allSatisfy { $0.snippet.contains("海洋") || $0.snippet.contains("评估") })
        let both = try allHits("海洋")
        #expect(hits.count < both.count)
    }

    @Test func aOneCharacterQueryWorks() throws {
        let response = try service.search(SearchRequest(query: "鱼", pageSize: 100))
        #expect(response.totalHits > 0)
        #expect(response.hits.allSatisfy { $0.snippet.contains("鱼") })
        #expect(response.hits.allSatisfy { $0.highlights.allSatisfy { $0.length == 1 } })
    }

    @Test func anEnglishWordNotInTheDocumentFindsNothing() throws {
        let response = try service.search(SearchRequest(query: "ocean"))
        #expect(response.hits.isEmpty)
        #expect(response.totalHits == 0)
        #expect(response.nextPageToken.isEmpty)
    }

    @Test func scopesAndPagesRestrictAndWalkTheHits() throws {
        let mandates = try allHits("海洋", scopes: [.mandate])
        #expect(mandates.allSatisfy { $0.location.scope == .mandate })
        let first = try service.search(SearchRequest(query: "海洋", pageSize: 5))
        let all = try allHits("海洋")
        #expect(first.totalHits == all.count)
        #expect(first.hits == Array(all.prefix(5)))
        #expect(Set(all.map { "\($0.location.entityID)|\($0.location.field)" }).count == all.count)
    }

    @Test func badQueriesAndTokensAreInvalidArguments() throws {
        expectRPCError(.invalidArgument, naming: "query") { () throws(RPCError) in try service.search(SearchRequest(query: "")) }
        expectRPCError(.invalidArgument, naming: "query") { () throws(RPCError) in try service.search(SearchRequest(query: " 　")) }
        expectRPCError(.invalidArgument, naming: "page_size") { () throws(RPCError) in try service.search(SearchRequest(query: "海洋", pageSize: -5)) }
        let token = try service.search(SearchRequest(query: "海洋")).nextPageToken
        expectRPCError(.invalidArgument, naming: "page_token") { () throws(RPCError) in try service.search(SearchRequest(query: "法律", pageToken: token)) }
        expectRPCError(.notFound, naming: "p77") { () throws(RPCError) in try service.search(SearchRequest(query: "海洋", programmeID: "p77")) }
    }

    @Test func findsPlannedResultsByTitleAndPerformanceCell() throws {
        let title = try allHits("驻地协调员制度", scopes: [.result])
        #expect(title.contains { $0.location.entityID == "p6.sp1.result" && $0.location.field == "title" })
        let cell = try allHits("示范合同", scopes: [.result])
        #expect(cell.contains { $0.location.entityID == "p6.sp2.result" && $0.location.field.hasPrefix("performance.cells[") })
        #expect(cell.allSatisfy { $0.location.scope == .result && $0.location.unitID.hasPrefix("p6.") })
    }
}
