import Foundation
import GRPCCore
import HummingbirdCore
import PlanModel
import Testing

@testable import PlanGateway
@testable import PlanAPI

@Suite("HTTP front: parsing, status mapping, JSON mapping")
struct HTTPPieceTests {
    static let aggregateParameters = [
        MetricsRoutes.column(required: true), MetricsRoutes.drilldown, MetricsRoutes.cut,
        ParameterSpec(name: "order", description: "", schema: .string, example: ""), .pageSize, .pageToken,
    ]

    func parse(_ query: String) throws(HTTPProblem) -> QueryParameters {
        try QueryParameters(URI("/v1/metrics/aggregate?" + query), declared: Self.aggregateParameters)
    }

    func parameter(of body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let problem as HTTPProblem {
            #expect(problem.status == .badRequest)
            return problem.parameter
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("Lists, cuts and orders are read as the API document says")
    func readsParameters() throws {
        let query = try parse("column=planned_2020&drilldown=programme,measure&drilldown=unit&cut=category:A&cut=programme:p6%7Cp7&order=-sum,programme&page_size=5&page_token=a%2Bb")
        #expect(try query.enumeration("column", FigureColumn.self) == .planned2020)
        #expect(try query.drilldowns() == [.programme, .measure, .unit])
        #expect(try query.cuts() == [Cut(dimension: .category, values: ["A"]), Cut(dimension: .programme, values: ["p6", "p7"])])
        #expect(try query.order() == [AggregateOrder(key: .aggregate(.sum), descending: true), AggregateOrder(key: .dimension(.programme))])
        #expect(try query.pageSize() == 5)
        #expect(try query.pageToken() == "a+b")
        #expect(try QueryParameters(URI("/v1/search?q=%E4%BC%9A%E8%AE%AE+%E6%96%87%E4%BB%B6"), declared: [
            ParameterSpec(name: "q", description: "", example: "")
        ]).required("q") == "会议 文件")
    }

    @Test("Bad values and unknown parameters are 400s naming the parameter")
    func namesTheParameter() {
        #expect(parameter { _ = try parse("colour=red") } == "colour")
        #expect(parameter { _ = try parse("column=planned_2021").enumeration("column", FigureColumn.self) } == "column")
        #expect(parameter { _ = try parse("page_size=ten").pageSize() } == "page_size")
        #expect(parameter { _ = try parse("page_size=-1").pageSize() } == "page_size")
        #expect(parameter { _ = try parse("page_size=1&page_size=2").pageSize() } == "page_size")
        #expect(parameter { _ = try parse("drilldown=programme,country").drilldowns() } == "drilldown")
        #expect(parameter { _ = try parse("cut=category").cuts() } == "cut")
        #expect(parameter { _ = try parse("cut=colour:A").cuts() } == "cut")
        #expect(parameter { _ = try parse("order=-size").order() } == "order")
        #expect(parameter { _ = try parse("page_token=%zz") } == "page_token")
    }

    @Test("Backend codes map to one fixed set of HTTP statuses; internals never reach the client")
    func statusMapping() {
        let expected: [(RPCError.Code, Int)] = [
            (.notFound, 404), (.invalidArgument, 400), (.unauthenticated, 401), (.permissionDenied, 403),
            (.resourceExhausted, 429), (.unavailable, 503), (.deadlineExceeded, 504), (.internalError, 500),
            (.unknown, 500), (.dataLoss, 500), (.unimplemented, 500), (.aborted, 500), (.failedPrecondition, 500),
        ]
        for (code, status) in expected {
            #expect(StatusMapping.status(of: code).code == status)
            let (problem, isInternal) = StatusMapping.problem(for: RPCError(code: code, message: "secret detail"))
            #expect(problem.status.code == status)
            #expect(isInternal == (status == 500))
            #expect(problem.detail.contains("secret") == (status != 500))
            #expect((problem.retryAfter != nil) == (status == 429))
        }
        let (problem, isInternal) = StatusMapping.problem(for: CocoaError(.fileNoSuchFile))
        #expect(problem.status == .internalServerError && isInternal && !problem.detail.contains("file"))
    }

    @Test("Problem documents carry type, title, status, detail, request_id and the parameter")
    func problemDocument() throws {
        let problem = HTTPProblem.badParameter("year", "'year' must be an integer")
        let data = try JSONMapping.encode(problem.document(requestID: "r-1"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == "urn:plan:problem:bad-request")
        #expect(object["title"] as? String == "Bad Request")
        #expect(object["status"] as? Int == 400)
        #expect(object["detail"] as? String == "'year' must be an integer")
        #expect(object["request_id"] as? String == "r-1")
        #expect(object["parameter"] as? String == "year")
    }

    @Test("JSON keys are snake_case; a number, a dash and a blank stay three things")
    func jsonMapping() throws {
        #expect(JSONMapping.snakeCase("nextPageToken") == "next_page_token")
        #expect(JSONMapping.snakeCase("planned2020") == "planned_2020")
        #expect(JSONMapping.snakeCase("tableIDs") == "table_ids")
        #expect(JSONMapping.snakeCase("partID") == "part_id")
        #expect(JSONMapping.snakeCase("recordedAtUnixMicros") == "recorded_at_unix_micros")
        let data = try JSONMapping.encode(HTTPFakeBackend.figures)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let row = try #require(object["row"] as? [String: Any])
        #expect(row["planned_2018"] as? Int == 0)
        #expect(row["actual_2018"] as? String == "—")
        #expect(row["planned_2019"] is NSNull)
        #expect(object["actual_2019"] as? String == "—")
        #expect(object["actual_2020"] is NSNull)
        #expect(object["table_id"] as? String == "20.3")
        #expect(row["measure"] as? String == "publications")
        let response = try JSONMapping.encode(AggregateResponse(column: .planned2020, totalCellCount: 3))
        let text = String(decoding: response, as: UTF8.self)
        #expect(text.contains("\"column\":\"planned_2020\"") && text.contains("\"total_cell_count\":3"))
    }

    @Test("The body of POST /v1/actuals: figures as number, dash or null; bad fields named")
    func recordActualBody() throws {
        func body(_ json: String) throws(HTTPProblem) -> RecordActualRequest {
            try RecordActualBody.decode(Data(json.utf8)).message
        }
        let base = #""row_id":"20.3.r4","year":2019,"reported_by":"me","request_id":"r1""#
        #expect(try body("{\(base),\"value\":0}").value == .number(0))
        #expect(try body("{\(base),\"value\":\"—\"}").value == .dash)
        #expect(try body("{\(base),\"value\":null}").value == .blank)
        #expect(parameter { _ = try body("{\(base)}") } == "value")
        #expect(parameter { _ = try body("{\(base),\"value\":\"x\"}") } == "value")
        #expect(parameter { _ = try body("{\(base),\"value\":1,\"extra\":1}") } == "extra")
        #expect(parameter { _ = try body(#"{"row_id":"r","year":"2019","value":1,"reported_by":"me"}"#) } == "year")
        #expect(parameter { _ = try body(#"{"year":2019,"value":1,"reported_by":"me"}"#) } == "row_id")
        #expect(parameter { _ = try body("[1]") } == "body")
    }

    @Test("A new request id is 32 lower-case hex digits, a new one each time")
    func newRequestIDs() {
        let ids = (0..<100).map { _ in GatewayBackends.newRequestID() }
        for id in ids {
            #expect(id.utf8.count == 32)
            #expect(id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }, "\(id)")
        }
        #expect(Set(ids).count == ids.count)
        #expect(RequestIDMiddleware.acceptable(ids[0]) == ids[0])
    }
}
