import Foundation
import GRPCCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlanModel
import Testing

@testable import PlanGateway
@testable import PlanAPI

@Suite("HTTP front over a fake backend, in memory")
struct HTTPRouterTests {
    @Test("A query becomes the request message; the request id goes to the backend and comes back")
    func aggregateRequest() async throws {
        try await withHTTPFront { backend, _, client in
            let response = try await client.execute(
                uri: "/v1/metrics/aggregate?column=actual_2018&drilldown=programme,measure&cut=category:A&order=-sum&page_size=7",
                method: .get, headers: [HTTPField.Name("X-Request-Id")!: "req-42"])
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] == "req-42")
            let (message, metadata) = try #require(backend.last("Aggregate", as: AggregateRequest.self))
            #expect(message == AggregateRequest(
                column: .actual2018, drilldowns: [.programme, .measure], cuts: [Cut(dimension: .category, values: ["A"])],
                order: [AggregateOrder(key: .aggregate(.sum), descending: true)], pageSize: 7))
            #expect(Array(metadata[stringValues: "x-request-id"]) == ["req-42"])
            let cells = try #require(response.object["cells"] as? [[String: Any]])
            #expect(cells.first?["count_dashes"] as? Int == 1)
            let assigned = try await client.execute(uri: "/v1/programmes", method: .get)
            #expect(assigned.headers[HTTPField.Name("X-Request-Id")!]?.count == 32)
        }
    }

    @Test("CSV by Accept or format=csv: a number, — for a dash, empty for a blank")
    func csvFigures() async throws {
        try await withHTTPFront { _, _, client in
            for (uri, headers) in [
                ("/v1/metrics/figures?row_id=20.3.r4", [HTTPField.Name.accept: "text/csv"] as HTTPFields),
                ("/v1/metrics/figures?row_id=20.3.r4&format=csv", [:]),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = response.text.components(separatedBy: "\r\n")
                #expect(lines[0] == "row_id,table_id,unit_id,programme,category,subcategory,measure_text,measure,planned_2018,actual_2018,planned_2019,planned_2020,actual_2019,actual_2020,line")
                #expect(lines[1] == "20.3.r4,20.3,p20.sp1c,20,B,\"出版物, 技术材料\",出版物数目,publications,0,—,,11,—,,4766")
            }
            let json = try await client.execute(uri: "/v1/metrics/figures?row_id=20.3.r4&format=json", method: .get, headers: [.accept: "text/csv"])
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            let rows = try await client.execute(uri: "/v1/rows?format=csv", method: .get)
            #expect(rows.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.prefix(8) }
                == ["row_id,t", "20.3.r1,", "20.3.r2,", "20.3.r3,"])
            let notCSV = try await client.execute(uri: "/v1/units/p6.sp1?format=csv", method: .get)
            #expect(notCSV.status == .badRequest)
        }
    }

    @Test("GET /v1/rows: the rows of every StreamRowBatches message, flattened in order, for the cuts asked")
    func rowsFromBatches() async throws {
        try await withHTTPFront { backend, _, client in
            let response = try await client.execute(uri: "/v1/rows?cut=programme:p20", method: .get)
            #expect(response.status == .ok)
            let rows = try #require(response.object["rows"] as? [[String: Any]])
            #expect(rows.map { ($0["row"] as? [String: Any])?["id"] as? String } == ["20.3.r1", "20.3.r2", "20.3.r3"])
            #expect(rows.allSatisfy { $0["table_id"] as? String == "20.3" && $0["programme"] as? Int == 20 })
            #expect(backend.last("StreamRowBatches", as: StreamRowsRequest.self)?.message
                == StreamRowsRequest(cuts: [Cut(dimension: .programme, values: ["p20"])]))
            #expect(backend.last("StreamRows", as: StreamRowsRequest.self) == nil)
        }
    }

    @Test("Planned results: a filtered list and one by id, in JSON (snake_case) and CSV; 404 for an unknown id")
    func results() async throws {
        try await withHTTPFront { backend, _, client in
            let list = try await client.execute(uri: "/v1/results?programme_id=p6&unit_id=p6.sp1&page_size=5", method: .get)
            #expect(list.status == .ok)
            #expect(backend.last("ListResults", as: ListResultsRequest.self)?.message
                == ListResultsRequest(programmeID: "p6", unitID: "p6.sp1", pageSize: 5))
            let results = try #require(list.object["results"] as? [[String: Any]])
            #expect(results.first?["unit_id"] as? String == "p6.sp1")
            let performance = try #require(results.first?["performance"] as? [String: Any])
            let cells = try #require(performance["cells"] as? [[String: Any]])
            #expect(cells.map { $0["year"] as? Int } == [2018, 2019, 2020])
            #expect(cells[1]["text"] as? String == "谈判并缔结东道国协定")
            #expect(performance["caption"] == nil)
            let csv = try await client.execute(uri: "/v1/results?format=csv", method: .get)
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(lines[0] == "id,unit_id,programme,title,caption,measure_2018,measure_2019,measure_2020,line")
            #expect(lines[1] == "p6.sp1.result,p6.sp1,6,为重振后的驻地协调员制度创造授权型环境,,重振后的驻地协调员制度缺乏东道国协定,谈判并缔结东道国协定,签署 149 项东道国协定，为驻地协调员及其办公室履行职能提供必要的法律框架,1295")
            let one = try await client.execute(uri: "/v1/results/p6.sp1.result", method: .get)
            #expect(one.status == .ok && one.object["id"] as? String == "p6.sp1.result")
            #expect((one.object["evidence"] as? [[String: Any]])?.first?["number"] as? String == "6.35")
            let missing = try await client.execute(uri: "/v1/results/p6.sp9.result", method: .get)
            #expect(missing.status == .notFound)
            #expect((missing.object["detail"] as? String)?.contains("p6.sp9.result") == true)
        }
    }

    @Test("Mandates filter by a canonical symbol, and carry canonical symbols and lines")
    func mandateSymbol() async throws {
        try await withHTTPFront { backend, _, client in
            let response = try await client.execute(uri: "/v1/mandates?symbol=A%2FRES%2F70%2F1", method: .get)
            #expect(response.status == .ok)
            #expect(backend.last("ListMandates", as: ListMandatesRequest.self)?.message.symbol == "A/RES/70/1")
            let mandate = try #require((response.object["mandates"] as? [[String: Any]])?.first?["mandate"] as? [String: Any])
            #expect(mandate["canonical_symbols"] as? [String] == ["A/RES/70/1"])
            #expect(mandate["lines"] as? [Int] == [4666, 4667])
            let csv = try await client.execute(uri: "/v1/mandates?symbol=70/1&format=csv", method: .get)
            #expect(csv.text.components(separatedBy: "\r\n")[0] == "owner_id,programme,mandate_id,issuing_body,symbols,canonical_symbols,title,line")
        }
    }

    @Test("Errors are problem documents: unknown routes, bad parameters, backend codes, no internals")
    func problems() async throws {
        try await withHTTPFront { _, _, client in
            let missing = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(missing.object["request_id"] as? String == missing.headers[HTTPField.Name("X-Request-Id")!])
            // No path of the API ends with '/': the router would take /v1/units/ for /v1/units.
            let slash = try await client.execute(uri: "/v1/units/", method: .get)
            #expect(slash.status == .notFound && slash.headers[.contentType] == "application/problem+json")
            let bad = try await client.execute(uri: "/v1/units?kind=team", method: .get)
            #expect(bad.status == .badRequest && bad.object["parameter"] as? String == "kind")
            let expected: [(String, HTTPResponse.Status)] = [
                ("notFound", .notFound), ("invalidArgument", .badRequest), ("unauthenticated", .unauthorized),
                ("permissionDenied", .forbidden), ("resourceExhausted", .tooManyRequests),
                ("deadlineExceeded", .gatewayTimeout), ("internalError", .internalServerError),
                ("dataLoss", .internalServerError),
                // Last: the only replica is ejected after its retried UNAVAILABLE answers.
                ("unavailable", .serviceUnavailable),
            ]
            for (code, status) in expected {
                let response = try await client.execute(uri: "/v1/units?programme_id=fail-\(code)", method: .get)
                #expect(response.status == status, "\(code)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let detail = response.object["detail"] as? String ?? ""
                #expect(detail.contains("secret") == (status != .internalServerError), "\(code): \(detail)")
                #expect((response.headers[.retryAfter] != nil) == (status == .tooManyRequests))
            }
            let deadline = try await client.execute(
                uri: "/v1/programmes", method: .get, headers: [HTTPField.Name("X-Deadline-Ms")!: "0"])
            #expect(deadline.status == .badRequest && deadline.object["parameter"] as? String == "X-Deadline-Ms")
        }
    }

    @Test("Recording needs the bearer token; bodies over 64 KiB are 413")
    func recording() async throws {
        try await withHTTPFront { backend, _, client in
            let body = ByteBuffer(string: #"{"row_id":"20.3.r4","year":2019,"value":"—","reported_by":"me","request_id":"r-1"}"#)
            let refused = try await client.execute(uri: "/v1/actuals", method: .post, body: body)
            #expect(refused.status == .unauthorized)
            #expect(backend.last("RecordActual", as: RecordActualRequest.self) == nil)
            let recorded = try await client.execute(
                uri: "/v1/actuals", method: .post, headers: [.authorization: "Bearer http-test-token-0123456789"], body: body)
            #expect(recorded.status == .created)
            #expect(backend.last("RecordActual", as: RecordActualRequest.self)?.message.value == .dash)
            let recording = try #require(recorded.object["recording"] as? [String: Any])
            #expect(recording["value"] as? String == "—")
            let large = try await client.execute(
                uri: "/v1/actuals", method: .post, headers: [.authorization: "Bearer http-test-token-0123456789"],
                body: ByteBuffer(repeating: UInt8(ascii: " "), count: HTTPLimits.maxBodySize + 1))
            #expect(large.status == .contentTooLarge)
        }
        try await withHTTPFront(token: nil) { _, _, client in
            let response = try await client.execute(
                uri: "/v1/actuals", method: .post, headers: [.authorization: "Bearer anything-at-all-here"],
                body: ByteBuffer(string: "{}"))
            #expect(response.status == .forbidden)
        }
    }

    @Test("A client over its rate gets 429 with Retry-After; the health probes are not limited")
    func rateLimit() async throws {
        // One call in 100 s after a burst of 2: however slowly a loaded machine runs the first
        // two calls, the bucket cannot refill before the third.
        try await withHTTPFront(rateLimiter: RateLimiter(rate: 0.01, burst: 2)) { _, _, client in
            for _ in 0..<2 { #expect(try await client.execute(uri: "/v1/programmes", method: .get).status == .ok) }
            let limited = try await client.execute(uri: "/v1/programmes", method: .get)
            #expect(limited.status == .tooManyRequests)
            // The next call is at most 100 s away (less when the bucket refilled a little while
            // the first calls ran), and never 0.
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...100).contains(retryAfter))
            #expect(limited.headers[.contentType] == "application/problem+json")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
        }
    }

    @Test("A request is charged what its route costs: all rows cost as much as a hundred small calls")
    func costedRateLimit() async throws {
        try await withHTTPFront(rateLimiter: RateLimiter(rate: 0.01, burst: 150)) { _, _, client in
            func status(_ uri: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: uri, method: .get).status
            }
            let first = try await status("/v1/rows")
            #expect(first == .ok)
            // 50 tokens are left: not enough for all rows again, enough for 50 small calls.
            let second = try await status("/v1/rows")
            #expect(second == .tooManyRequests)
            var aggregates: [HTTPResponse.Status] = []
            for _ in 0..<11 { aggregates.append(try await status("/v1/metrics/aggregate?column=planned_2020")) }
            #expect(aggregates == Array(repeating: .ok, count: 10) + [.tooManyRequests])
            let small = try await status("/v1/programmes")
            #expect(small == .tooManyRequests)
        }
    }

    @Test("The OpenAPI document has exactly the router's routes, and each route's parameters are the ones it reads")
    func openAPIMatchesRouter() async throws {
        try await withHTTPFront { _, front, client in
            let served = Set(front.router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            let paths = try #require(response.object["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(served == documented)
            #expect(served.count == 25)
            for route in front.routes {
                let operation = try #require(paths[route.path]?[route.method.rawValue.lowercased()] as? [String: Any])
                let parameters = try #require(operation["parameters"] as? [[String: Any]])
                let query = Set(parameters.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String })
                let path = parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
                #expect(query == Set(route.acceptedQueryParameters.map(\.name)), "\(route.path)")
                #expect(path == route.pathParameters.map(\.name), "\(route.path)")
                #expect(path == route.path.split(separator: "{").dropFirst().map { String($0.prefix { $0 != "}" }) })
                // Every documented parameter is accepted (the route reads it) and an undocumented one is refused.
                var uri = route.path
                for parameter in route.pathParameters { uri = uri.replacingOccurrences(of: "{\(parameter.name)}", with: parameter.example) }
                let items = route.acceptedQueryParameters.filter { !$0.example.isEmpty && $0.name != "row_id" }
                    .map { "\($0.name)=\($0.example.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                let answer = try await client.execute(uri: uri + "?" + items.joined(separator: "&"), method: route.method)
                #expect(!answer.text.contains("unknown query parameter"), "\(route.path): \(answer.text)")
                // 404 is documented where a value can name nothing: an id in the path, a filter, the
                // body; an explorer file's name.
                let responses = try #require(operation["responses"] as? [String: Any])
                let namesIDs = !route.pathParameters.isEmpty || route.requestSchema != nil
                    || route.acceptedQueryParameters.contains { $0.name.hasSuffix("_id") || $0.name == "cut" }
                #expect(
                    (responses["404"] != nil) == (namesIDs && route.path.hasPrefix("/v1/") || route.path.hasPrefix("/explorer/")),
                    "\(route.path)")
                let unknown = try await client.execute(uri: uri + "?undocumented=1", method: route.method)
                #expect(unknown.status == .badRequest && unknown.object["parameter"] as? String == "undocumented", "\(route.path)")
            }
        }
    }
}
