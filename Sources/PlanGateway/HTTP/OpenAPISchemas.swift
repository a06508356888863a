import PlanAPI
import PlanModel

/// The schemas of the OpenAPI document: every JSON body the HTTP front sends or takes, with the
/// snake_case keys of ``JSONMapping``. Fields marked optional are left out when absent.
///
/// The schemas of the response messages and the model messages they hold are generated from
/// Protos/ (``messages``, in `Generated/OpenAPIMessageSchemas.swift`); written here are only the
/// bodies that are not messages of the contract: a Figure's JSON (a number, "—" or null, not its
/// proto's oneof), the problem details, health, the OpenAPI document, the body the HTTP front
/// takes.
enum OpenAPISchemas {
    /// Every schema, by name.
    static let all: [String: JSONValue] = handWritten.merging(messages) { _, generated in
        preconditionFailure("a generated schema has the name of a hand-written one: \(generated)")
    }

    /// The schemas written here.
    static let handWritten: [String: JSONValue] = [
        "Problem": object(
            [
                "type": string("A URI naming the kind of problem (urn:plan:problem:not-found)."),
                "title": string("The HTTP reason phrase."), "status": integer, "detail": string("What went wrong."),
                "request_id": string("The request id, as in X-Request-Id."),
                "parameter": string("The query or path parameter, header or body field at fault."),
            ], optional: ["parameter"]),
        "Figure": [
            "description": "A figure as printed: a number, \"—\" for a dash (counts as 0), null for a blank (not reported).",
            "oneOf": [["type": "integer"], ["type": "string", "const": "—"], ["type": "null"]],
        ],
        "Health": object(
            [
                "status": enumeration(["ok", "ready", "not_ready"]),
                "backends": array(object([
                    "service": string("plan.v1.Catalogue or plan.v1.Metrics"), "available": integer, "replicas": integer,
                    "report": string("Each replica's state."),
                ])),
            ], optional: ["backends"]),
        "OpenAPIDocument": ["type": "object", "description": "An OpenAPI 3.1 document."],
        "RecordActualRequest": object(
            [
                "row_id": limited("The row (20.3.r4).", RecordingLimits.rowID),
                "year": ["type": "integer", "enum": [2019, 2020]],
                "value": ref("Figure"), "reported_by": limited("Who reports it.", RecordingLimits.reportedBy),
                "source_note": limited("Where the figure comes from.", RecordingLimits.sourceNote),
                "request_id": limited(
                    "A client-chosen id (required by the service); a repeat records nothing new.", RecordingLimits.requestID),
            ], optional: ["source_note", "request_id"], closed: true),
    ]

    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]

    static func string(_ description: String?) -> JSONValue {
        description.map { ["type": "string", "description": .string($0)] } ?? ["type": "string"]
    }

    /// A string of at most `maxLength` characters, without control characters.
    static func limited(_ description: String, _ maxLength: Int) -> JSONValue {
        [
            "type": "string", "description": .string(description + " No control characters."),
            "maxLength": .integer(maxLength),
        ]
    }

    static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// `schema` with a description.
    static func described(_ schema: JSONValue, _ description: String) -> JSONValue {
        var members = schema.members
        members["description"] = .string(description)
        return .object(members)
    }

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    /// An object with `properties`, all required but those `optional`.
    static func object(_ properties: [String: JSONValue], optional: Set<String> = [], closed: Bool = false) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(properties),
            "required": .array(properties.keys.filter { !optional.contains($0) }.sorted().map(JSONValue.string)),
        ]
        if closed { schema["additionalProperties"] = false }
        return .object(schema)
    }
}
