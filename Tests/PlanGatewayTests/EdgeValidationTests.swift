import Foundation
import Hummingbird
import HummingbirdCore
import PlanAPI
import Testing

@testable import PlanGateway

@Suite("HTTP front: every text checked at the edge")
struct EdgeValidationTests {
    static let specs = [
        ParameterSpec(name: "programme_id", description: "", example: "", maxLength: ParameterSpec.idMaxLength),
        ParameterSpec(name: "q", description: "", example: "", maxLength: 512),
    ]

    func problem(_ body: () throws -> Void) -> HTTPProblem? {
        do {
            try body()
            return nil
        } catch let problem as HTTPProblem {
            return problem
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    func parse(_ query: String) throws(HTTPProblem) -> QueryParameters {
        try QueryParameters(URI("/v1/search?" + query), declared: Self.specs)
    }

    @Test("NUL, other control characters, bad UTF-8 and over-long values: 400 naming the parameter")
    func refusesBadText() {
        for (query, parameter) in [
            ("q=%00", "q"), ("q=a%00b", "q"), ("programme_id=p6%0A", "programme_id"), ("q=%7F", "q"),
            ("q=%FF%FE", "q"), ("q=%E4%BC", "q"), ("q=%G0", "q"),
            ("programme_id=" + String(repeating: "p", count: 65), "programme_id"),
            ("q=" + String(repeating: "%E4%BC%9A", count: 513), "q"),
            ("%00=1", "query"), (String(repeating: "n", count: 65) + "=1", "query"),
        ] {
            let refused = problem { _ = try parse(query) }
            #expect(refused?.status == .badRequest, "\(query)")
            #expect(refused?.parameter == parameter, "\(query)")
        }
        #expect(problem { _ = try parse("q=%FF") }?.detail.contains("UTF-8") == true)
        #expect(problem { _ = try parse("q=%G0") }?.detail.contains("percent-escape") == true)
        #expect(problem { _ = try parse("q=%00") }?.detail.contains("U+0000") == true)
    }

    @Test("Values at their limit pass, counted in characters")
    func acceptsTextAtTheLimit() throws {
        let query = try parse("q=" + String(repeating: "%E4%BC%9A", count: 512) + "&programme_id=" + String(repeating: "p", count: 64))
        #expect(try query.required("q").count == 512)
        #expect(try query.text("programme_id").count == 64)
    }

    @Test("Path segments are percent-decoded and checked like query values")
    func pathSegments() throws {
        let spec = ParameterSpec(name: "programme_id", description: "", example: "", maxLength: 8)
        func path(_ raw: String) throws(HTTPProblem) -> String {
            var captured = Parameters()
            captured[Substring("programme_id")] = Substring(raw)
            return try QueryParameters(URI("/v1/programmes/x"), declared: [], path: [spec], captured: captured)
                .path("programme_id")
        }
        #expect(try path("p%36") == "p6")
        #expect(try path("%E4%BC%9A") == "会")
        #expect(problem { _ = try path("p%00") }?.parameter == "programme_id")
        #expect(problem { _ = try path("p%FF") }?.parameter == "programme_id")
        #expect(problem { _ = try path("p123456789") }?.parameter == "programme_id")
    }

    @Test("The OpenAPI document gives every text parameter and recording field its maxLength")
    func documentedLimits() async throws {
        let routes = try await withHTTPFront { _, front, _ in front.routes }
        let document = OpenAPIDocument.document(routes: routes)
        var texts = 0
        for (_, operations) in document.members["paths"]!.members {
            for (_, operation) in operations.members {
                guard case .array(let parameters) = operation.members["parameters"] ?? .null else { continue }
                for parameter in parameters {
                    let schema = parameter.members["schema"]!.members
                    let text = schema["type"] == "string" && schema["enum"] == nil ? schema : schema["items"]?.members
                    guard let text, text["type"] == "string", text["enum"] == nil else { continue }
                    texts += 1
                    #expect(text["maxLength"] != nil, "\(parameter.members["name"]!)")
                }
            }
        }
        #expect(texts > 10)
        let request = OpenAPISchemas.all["RecordActualRequest"]!.members["properties"]!.members
        for (field, limit) in RecordingLimits.byField {
            #expect(request[field]?.members["maxLength"] == .integer(limit), "\(field)")
        }
    }

    @Test("Bodies of POST /v1/actuals: strict JSON, checked strings")
    func strictBodies() throws {
        func body(_ bytes: [UInt8]) throws(HTTPProblem) -> RecordActualRequest {
            try RecordActualBody.decode(Data(bytes)).message
        }
        let good = #"{"row_id":"20.3.r4","year":2019,"value":1,"reported_by":"我","request_id":"r1"}"#
        #expect(try body(Array(good.utf8)).reportedBy == "我")
        // Escaped keys are the same keys.
        #expect(problem { _ = try body(Array(#"{"row_id":"a","row\u005fid":"b","year":2019,"value":1,"reported_by":"m"}"#.utf8)) }?.parameter == "body")
        #expect(problem { _ = try body(Array(#"{"row_id":"a","row_id":"b","year":2019,"value":1,"reported_by":"m"}"#.utf8)) }?.detail.contains("twice") == true)
        // UTF-16 (which JSONDecoder would take), a byte order mark, bytes that are not UTF-8.
        let utf16 = Array(good.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(problem { _ = try body(utf16) }?.parameter == "body")
        #expect(problem { _ = try body([0xEF, 0xBB, 0xBF] + Array(good.utf8)) }?.parameter == "body")
        #expect(problem { _ = try body(Array(good.utf8).map { $0 == UInt8(ascii: "r") ? 0xFF : $0 }) }?.detail.contains("UTF-8") == true)
        #expect(problem { _ = try body(Array(#"{"row_id":"a"} x"#.utf8)) }?.parameter == "body")
        // Strings: NUL, length.
        for (json, field) in [
            (#"{"row_id":"20.3.r4","year":2019,"value":1,"reported_by":"a\u0000b","request_id":"r"}"#, "reported_by"),
            (#"{"row_id":"20.3.r4","year":2019,"value":1,"reported_by":"a","request_id":"r\u0001"}"#, "request_id"),
            (#"{"row_id":"20.3.r4","year":2019,"value":1,"reported_by":"a","source_note":"\n","request_id":"r"}"#, "source_note"),
            ("{\"row_id\":\"20.3.r4\",\"year\":2019,\"value\":1,\"reported_by\":\"\(String(repeating: "a", count: 257))\"}", "reported_by"),
            ("{\"row_id\":\"\(String(repeating: "1", count: 65))\",\"year\":2019,\"value\":1,\"reported_by\":\"a\"}", "row_id"),
        ] {
            #expect(problem { _ = try body(Array(json.utf8)) }?.parameter == field, "\(json.prefix(80))")
        }
    }

    @Test("The strict scan takes every JSON shape and refuses broken ones")
    func strictScan() {
        for good in [#"{}"#, #"[]"#, #"{"a":[1,-2.5e3,true,false,null,"x\"y\\z\u00e9"],"b":{"a":1}}"#, " 1 "] {
            #expect((try? StrictJSON.check(Array(good.utf8))) != nil, "\(good)")
        }
        for bad in [#"{"a":1,}"#, #"{"a"}"#, #"[1 2]"#, #"{"a":"\x"}"#, "\"a\u{1}\"", "", String(repeating: "[", count: 40) + String(repeating: "]", count: 40), #"{"a":1,"a":2}"#] {
            #expect((try? StrictJSON.check(Array(bad.utf8))) == nil, "\(bad)")
        }
    }
}
