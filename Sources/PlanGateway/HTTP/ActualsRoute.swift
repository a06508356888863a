import Foundation
import Hummingbird
import PlanModel
import PlanAPI

/// `POST /v1/actuals`: records an actual output (RecordActual). Needs `Authorization: Bearer
/// <token>` (checked before the body is read); answers 201 with the recording, or 200 when `request_id` had been used before for
/// the same recording (nothing new is recorded).
enum ActualsRoute {
    static func route(_ calls: BackendCalls) -> HTTPRoute {
        HTTPRoute(
            method: .post, path: "/v1/actuals", operationID: "recordActual",
            summary: "Records an actual output for a row and year (RecordActual); idempotent by request_id.",
            responseSchema: "RecordActualResponse", writes: true, requestSchema: "RecordActualRequest"
        ) { request, context, query in
            let method = PlanContract.method(Plan_V1_Metrics.Method.RecordActual.self)
            try calls.access.check(method, authorization: request.headers[.authorization])
            if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
                throw HTTPProblem(.unsupportedMediaType, "the body must be application/json, not \(type)")
            }
            var request = request
            let body = try await request.collectBody(upTo: HTTPLimits.maxBodySize)
            let message = try RecordActualBody.decode(Data(buffer: body)).message
            let answer = try await calls.unary(
                Plan_V1_Metrics.Method.RecordActual.self, message, request: request, context: context)
            return try JSONMapping.response(answer, status: answer.replayed ? .ok : .created)
        }
    }
}

/// The JSON body of `POST /v1/actuals`: `row_id`, `year`, `value` (a number, "—" or null),
/// `reported_by`, and optionally `source_note` and `request_id`. Unknown fields are refused, and
/// so are bodies that are not strict JSON (``StrictJSON``: UTF-8, no key twice) and strings that
/// fail ``TextCheck`` or are longer than ``RecordingLimits`` allows.
struct RecordActualBody: Decodable {
    var message: RecordActualRequest

    static let fields = ["row_id", "year", "value", "reported_by", "source_note", "request_id"]

    /// The body in `data`, or a 400 naming the field at fault.
    static func decode(_ data: Data) throws(HTTPProblem) -> RecordActualBody {
        do {
            try StrictJSON.check(Array(data))
        } catch {
            throw HTTPProblem(.badRequest, error.reason + "; the body must be one JSON object in UTF-8", parameter: "body")
        }
        do {
            let body = try JSONDecoder().decode(RecordActualBody.self, from: data)
            try body.checkTexts()
            return body
        } catch let problem as HTTPProblem {
            throw problem
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.first?.stringValue ?? "body"
            throw .badParameter(field, "'\(field)' has the wrong type: \(Self.expected[field] ?? "see the API document")")
        } catch DecodingError.keyNotFound(let key, _) {
            throw .badParameter(key.stringValue, "'\(key.stringValue)' is required")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            let field = context.codingPath.first!.stringValue
            throw .badParameter(field, "'\(field)' is not valid: \(Self.expected[field] ?? context.debugDescription)")
        } catch {
            throw HTTPProblem(.badRequest, "the body is not a JSON object of \(fields.joined(separator: ", "))", parameter: "body")
        }
    }

    /// Every string field passes ``TextCheck`` within its ``RecordingLimits`` limit.
    func checkTexts() throws(HTTPProblem) {
        let texts = [
            "row_id": message.rowID, "reported_by": message.reportedBy, "source_note": message.sourceNote,
            "request_id": message.requestID,
        ]
        for (field, limit) in RecordingLimits.byField {
            try TextCheck.check(texts[field] ?? "", parameter: field, maxLength: limit)
        }
    }

    static let expected = [
        "row_id": "a string (\"20.3.r4\")", "year": "an integer, 2019 or 2020",
        "value": "a number, \"—\" for a dash, or null for a blank", "reported_by": "a string",
        "source_note": "a string", "request_id": "a string",
    ]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !Self.fields.contains($0) }) {
            throw HTTPProblem.badParameter(
                unknown, "unknown field '\(unknown)'; the body takes \(Self.fields.joined(separator: ", "))")
        }
        let valueKey = FieldKey("value")
        guard container.contains(valueKey) else { throw HTTPProblem.badParameter("value", "'value' is required") }
        let value = try container.decodeNil(forKey: valueKey) ? Figure.blank : try container.decode(Figure.self, forKey: valueKey)
        message = RecordActualRequest(
            rowID: try container.decode(String.self, forKey: FieldKey("row_id")),
            year: try container.decode(Int.self, forKey: FieldKey("year")), value: value,
            reportedBy: try container.decode(String.self, forKey: FieldKey("reported_by")),
            sourceNote: try container.decodeIfPresent(String.self, forKey: FieldKey("source_note")) ?? "",
            requestID: try container.decodeIfPresent(String.self, forKey: FieldKey("request_id")) ?? "")
    }

    struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
