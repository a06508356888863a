import Foundation
import Hummingbird
import PlanModel
import PlanAPI

/// The OpenAPI 3.1 document of the HTTP front, served at `GET /openapi.json`. Its paths,
/// methods and parameters are built from the same ``HTTPRoute`` declarations the router
/// registers; the schemas of the bodies are in ``OpenAPISchemas``.
enum OpenAPIDocument {
    /// The document describing `routes`.
    static func document(routes: [HTTPRoute]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes {
            var operations = paths[route.path]?.members ?? [:]
            operations[route.method.rawValue.lowercased()] = operation(route)
            paths[route.path] = .object(operations)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "ProgrammePlan HTTP API",
                "version": "1.0.0",
                "description": .string(
                    "The UN programme budget 2020 (Chinese) as JSON and CSV: the catalogue and the metrics of plan-gateway. "
                        + "Query parameters and JSON fields are snake_case. Figures are a number, \"—\" for a dash or null "
                        + "for a blank. Errors are RFC 9457 problem documents. Every answer carries X-Request-Id."),
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object(OpenAPISchemas.all),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "responses": .object(
                    Dictionary(uniqueKeysWithValues: problemStatuses.map { (String($0.code), problemResponse($0)) })),
            ],
        ]
    }

    /// The document as JSON bytes (keys as written, sorted).
    static func json(routes: [HTTPRoute]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document(routes: routes))
    }

    /// The route serving the document: `routes` and itself.
    static func route(documenting routes: @escaping @Sendable () -> [HTTPRoute]) -> HTTPRoute {
        var route = ownRoute
        route.handler = { _, _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try json(routes: routes() + [ownRoute]))))
        }
        return route
    }

    /// The declaration of `GET /openapi.json`.
    static let ownRoute = HTTPRoute(
        method: .get, path: "/openapi.json", operationID: "openAPIDocument",
        summary: "This document (OpenAPI 3.1).", responseSchema: "OpenAPIDocument"
    ) { _, _, _ in throw HTTPError(.notFound) }

    static let problemStatuses: [HTTPResponse.Status] = [
        .badRequest, .unauthorized, .forbidden, .notFound, .requestTimeout, .contentTooLarge, .uriTooLong,
        .unsupportedMediaType, .tooManyRequests, .requestHeaderFieldsTooLarge, .internalServerError,
        .serviceUnavailable, .gatewayTimeout,
    ]

    static func problemResponse(_ status: HTTPResponse.Status) -> JSONValue {
        var response: [String: JSONValue] = [
            "description": .string(status.reasonPhrase),
            "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]],
        ]
        if status == .tooManyRequests {
            response["headers"] = [
                "X-Request-Id": ["schema": ["type": "string"]],
                "Retry-After": ["description": "Seconds to wait.", "schema": ["type": "integer"]],
            ]
        } else {
            response["headers"] = ["X-Request-Id": ["schema": ["type": "string"]]]
        }
        return .object(response)
    }

    static func operation(_ route: HTTPRoute) -> JSONValue {
        var parameters: [JSONValue] = route.pathParameters.map { parameter($0, in: "path") }
        parameters += route.acceptedQueryParameters.map { parameter($0, in: "query") }
        parameters.append([
            "name": "X-Request-Id", "in": "header", "required": false,
            "description": .string("The request id (1–128 visible ASCII characters), returned in the answer. A fresh id is "
                + "assigned when it is absent or not such a value: a bad one is replaced, never echoed nor refused."),
            "schema": ["type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[!-~]{1,128}$"],
        ])
        if route.path.hasPrefix("/v1/") {
            parameters.append([
                "name": "X-Deadline-Ms", "in": "header", "required": false,
                "description": "The call's deadline in milliseconds (1 to 300000); the gateway's default deadline otherwise.",
                "schema": ["type": "integer", "minimum": 1, "maximum": 300_000],
            ])
        }
        parameters += route.headerParameters.map { parameter($0, in: "header") }
        var content: [String: JSONValue] = [route.mediaType: responseContent(route)]
        for type in route.otherMediaTypes { content[type] = responseContent(route) }
        if route.csv { content["text/csv"] = ["schema": ["type": "string"]] }
        var responses: [String: JSONValue] = [
            route.writes ? "201" : "200": [
                "description": route.writes ? "Recorded." : "OK.", "content": .object(content),
                "headers": ["X-Request-Id": ["schema": ["type": "string"]]],
            ]
        ]
        if route.writes {
            responses["200"] = [
                "description": "Replayed: the request_id was used before for the same recording; nothing new recorded.",
                "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(route.responseSchema)")]]],
            ]
        }
        if route.path == "/readyz" {
            responses["503"] = [
                "description": "Not ready.",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Health"]]],
            ]
        }
        for status in problemStatuses where applies(status, to: route) {
            responses[String(status.code)] = ["$ref": .string("#/components/responses/\(status.code)")]
        }
        var operation: [String: JSONValue] = [
            "operationId": .string(route.operationID), "summary": .string(route.summary),
            "parameters": .array(parameters), "responses": .object(responses),
        ]
        if let schema = route.requestSchema {
            operation["requestBody"] = [
                "required": true,
                "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]],
            ]
        }
        if route.writes { operation["security"] = [["bearer": []]] }
        return .object(operation)
    }

    /// The schema of a route's successful answer: its JSON schema, or text (the explorer's
    /// files, an event stream, whose events the route's summary describes).
    static func responseContent(_ route: HTTPRoute) -> JSONValue {
        guard route.mediaType == "application/json" else {
            var text: [String: JSONValue] = ["type": "string"]
            if !route.responseSchema.isEmpty {
                text["description"] = .string("Each event's data is a \(route.responseSchema) (#/components/schemas/\(route.responseSchema)).")
            }
            return ["schema": .object(text)]
        }
        return ["schema": ["$ref": .string("#/components/schemas/\(route.responseSchema)")]]
    }

    /// Whether a route can answer `status` as a problem.
    static func applies(_ status: HTTPResponse.Status, to route: HTTPRoute) -> Bool {
        let outsideAPI = !route.path.hasPrefix("/v1/")  // health probes, the explorer
        switch status {
        // Any request's head may be too slow, too long or too large (``HTTPHeadGuard``).
        case .internalServerError, .requestTimeout, .uriTooLong, .requestHeaderFieldsTooLarge: return true
        case .tooManyRequests: return !route.path.hasSuffix("z")
        case .contentTooLarge, .unsupportedMediaType: return route.requestSchema != nil
        case .unauthorized, .forbidden, .serviceUnavailable, .gatewayTimeout: return !outsideAPI
        // An id in the path, in a filter (programme_id, a cut) or in the body that names nothing;
        // a file the explorer has not.
        case .notFound:
            if route.path.hasPrefix("/explorer/") { return true }
            return !outsideAPI
                && (!route.pathParameters.isEmpty || route.requestSchema != nil
                    || route.acceptedQueryParameters.contains(where: \.namesCatalogueEntries))
        case .badRequest: return !outsideAPI || route.path.hasPrefix("/explorer/")
        default: return false
        }
    }

    static func parameter(_ spec: ParameterSpec, in location: String) -> JSONValue {
        var value: [String: JSONValue] = [
            "name": .string(spec.name), "in": .string(location), "required": .boolean(spec.required),
            "description": .string(spec.description), "schema": schema(spec.schema, maxLength: spec.maxLength),
        ]
        if !spec.example.isEmpty { value["example"] = .string(spec.example) }
        switch spec.schema {
        case .list, .repeated:
            value["style"] = "form"
            value["explode"] = true
        default: break
        }
        return .object(value)
    }

    /// The schema of a parameter; texts (and the items of a repeated text) carry `maxLength`.
    static func schema(_ schema: ParameterSpec.Schema, maxLength: Int) -> JSONValue {
        switch schema {
        case .string: ["type": "string", "maxLength": .integer(maxLength)]
        case .integer(let range): ["type": "integer", "minimum": .integer(range.lowerBound), "maximum": .integer(range.upperBound)]
        case .boolean: ["type": "boolean"]
        case .enumeration(let values): ["type": "string", "enum": .array(values.map(JSONValue.string))]
        case .list(let values):
            [
                "type": "array",
                "description": "Comma-separated, repeated, or both.",
                "items": ["type": "string", "enum": .array(values.map(JSONValue.string))],
            ]
        case .repeated: ["type": "array", "items": ["type": "string", "maxLength": .integer(maxLength)]]
        }
    }
}
