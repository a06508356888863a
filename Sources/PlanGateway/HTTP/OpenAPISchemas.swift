import PlanAPI
import PlanModel

/// The schemas of the OpenAPI document: every JSON body the HTTP front sends or takes, with the
/// snake_case keys of ``JSONMapping``. Fields marked optional are left out when absent.
///
/// The response messages' schemas are generated from Protos/ (``messages``, in
/// `Generated/OpenAPIMessageSchemas.swift`); written here are PlanModel's (the model messages,
/// whose JSON is PlanModel's), the problem details, health and the bodies the HTTP front takes.
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
        // The model.
        "Programme": object(
            [
                "id": string("p6"), "number": integer, "title": string(nil), "parts": array(ref("Part")),
                "units": array(ref("Unit")), "mandates": array(ref("Mandate")), "narrative": array(ref("NarrativeSection")),
                "line": integer,
            ]),
        "Part": object(
            [
                "id": string(nil), "letter": string(nil), "title": string(nil), "programme": integer,
                "mandates": array(ref("Mandate")), "line": integer,
            ], optional: ["letter"]),
        "Unit": object(
            [
                "id": string(nil), "kind": enumeration(PlanModel.Unit.Kind.allCases.map(\.rawValue)), "number": string(nil),
                "title": string(nil), "programme": integer, "part_id": string(nil), "parent_id": string(nil),
                "objective": ref("Objective"), "narrative": array(ref("NarrativeSection")), "mandates": array(ref("Mandate")),
                "table_ids": array(string(nil)), "line": integer, "planned_result": ref("PlannedResult"),
            ], optional: ["number", "part_id", "parent_id", "objective", "planned_result"]),
        "Objective": object(["id": string(nil), "paragraph": string(nil), "text": string(nil), "line": integer]),
        "Mandate": object(
            [
                "id": string(nil), "issuing_body": string(nil), "symbols": array(string("As printed (70/1).")),
                "canonical_symbols": array(string("The UN document symbol (A/RES/70/1), where the body has a rule.")),
                "title": string(nil), "line": integer, "lines": array(integer),
            ], optional: ["title"]),
        "Paragraph": object(["number": string(nil), "text": string(nil), "line": integer], optional: ["number"]),
        "PlannedResult": object(
            [
                "id": string("p6.sp1.result"), "unit_id": string(nil), "programme": integer,
                "title": string("The result's title as printed."), "paragraphs": array(ref("Paragraph")),
                "challenge": array(ref("Paragraph")), "evidence": array(ref("Paragraph")),
                "performance": object(
                    [
                        "caption": string("What a chart measures, where the heading names it."),
                        "cells": array(object([
                            "year": integer, "text": string("The cell's text as printed, wrapped lines joined."),
                            "lines": array(integer),
                        ])),
                        "line": integer,
                    ], optional: ["caption"]),
                "line": integer,
            ], optional: ["performance"]),
        "NarrativeSection": object([
            "id": string(nil), "heading": string(nil),
            "paragraphs": array(object(["number": string(nil), "text": string(nil), "line": integer], optional: ["number"])),
            "line": integer,
        ]),
        "DeliverableTable": object(
            [
                "id": string("The corrected table id (20.3)."), "printed_label": string(nil), "title": string(nil),
                "period": enumeration(["2018-2020", "2020"]), "unit_id": string(nil), "rows": array(ref("DeliverableRow")),
                "footnotes": array(object(["marker": string(nil), "text": string(nil), "line": integer])), "line": integer,
            ], optional: ["printed_label"]),
        "DeliverableRow": object(
            [
                "id": string("20.3.r4"), "category": enumeration(PlanModel.Category.allCases.map(\.rawValue)),
                "printed_category": string(nil), "quantified": boolean, "subcategory": string(nil),
                "measure_text": string(nil), "measure": enumeration(Measure.allCases.map(\.rawValue)),
                "planned_2018": ref("Figure"), "actual_2018": ref("Figure"), "planned_2019": ref("Figure"),
                "planned_2020": ref("Figure"), "footnote_markers": array(string(nil)), "line": integer,
            ], optional: ["measure_text", "measure"]),
        "RowList": object(["rows": array(ref("RowFigures"))]),
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
