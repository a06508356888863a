import PlanModel
import PlanAPI

/// The schemas of the OpenAPI document: every JSON body the HTTP front sends or takes, with the
/// snake_case keys of ``JSONMapping``. Fields marked optional are left out when absent.
enum OpenAPISchemas {
    static let all: [String: JSONValue] = [
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
                "row_id": string("The row (20.3.r4)."), "year": ["type": "integer", "enum": [2019, 2020]],
                "value": ref("Figure"), "reported_by": string("Who reports it."),
                "source_note": string("Where the figure comes from."),
                "request_id": string("A client-chosen id (required by the service); a repeat records nothing new."),
            ], optional: ["source_note", "request_id"], closed: true),
        // Responses of plan.v1.Catalogue.
        "ListProgrammesResponse": page("programmes", ref("Programme")),
        "ListUnitsResponse": page("units", ref("Unit")),
        "ListObjectivesResponse": page("objectives", ref("ObjectiveEntry")),
        "ListMandatesResponse": page("mandates", ref("MandateEntry")),
        "ListResultsResponse": page("results", ref("PlannedResult")),
        "ListTablesResponse": page("tables", ref("DeliverableTable")),
        "SearchResponse": object([
            "hits": array(ref("SearchHit")), "next_page_token": pageToken, "total_hits": integer,
        ]),
        "SearchHit": object([
            "score": number, "snippet": string("The text around the match."),
            "highlights": array(object(["start": integer, "length": integer])), "location": ref("SearchLocation"),
        ]),
        "SearchLocation": object([
            "scope": enumeration(SearchScope.allCases.map(\.rawValue)), "entity_id": string(nil), "field": string(nil),
            "programme": integer, "unit_id": string(nil), "line": integer,
        ]),
        "ObjectiveEntry": object([
            "unit_id": string(nil), "unit_title": string(nil), "programme": integer, "objective": ref("Objective"),
        ]),
        "MandateEntry": object(["owner_id": string(nil), "programme": integer, "mandate": ref("Mandate")]),
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
        // Responses of plan.v1.Metrics.
        "RowFigures": object([
            "table_id": string(nil), "unit_id": string(nil), "programme": integer, "row": ref("DeliverableRow"),
            "actual_2019": ref("Figure"), "actual_2020": ref("Figure"),
        ]),
        "GetFiguresResponse": object(["rows": array(ref("RowFigures"))]),
        "RowList": object(["rows": array(ref("RowFigures"))]),
        "DimensionValue": object([
            "dimension": enumeration(Dimension.allCases.map(\.rawValue)), "key": string(nil), "label": string(nil),
        ]),
        "AggregateCell": object(
            [
                "drilldown": array(ref("DimensionValue")), "measure": enumeration(Measure.allCases.map(\.rawValue)),
                "sum": integer, "count": integer, "count_reported": integer, "count_dashes": integer,
            ], optional: ["measure"]),
        "AggregateResponse": object([
            "column": enumeration(FigureColumn.allCases.map(\.rawValue)), "cells": array(ref("AggregateCell")),
            "summary": array(ref("AggregateCell")), "total_cell_count": integer, "next_page_token": pageToken,
        ]),
        "RateCell": object(
            [
                "drilldown": array(ref("DimensionValue")), "measure": enumeration(Measure.allCases.map(\.rawValue)),
                "planned": integer, "actual": integer, "rows_compared": integer, "rows_skipped": integer,
                "rate": ["type": "number", "description": "actual / planned; absent when planned is 0."],
            ], optional: ["measure", "rate"]),
        "ImplementationRateResponse": object([
            "year": integer, "cells": array(ref("RateCell")), "next_page_token": pageToken,
        ]),
        "ChangeCell": object(
            [
                "drilldown": array(ref("DimensionValue")), "measure": enumeration(Measure.allCases.map(\.rawValue)),
                "planned_2019": integer, "planned_2020": integer, "difference": integer,
                "fraction": ["type": "number", "description": "difference / planned_2019; absent when planned_2019 is 0."],
                "rows_compared": integer, "rows_skipped": integer,
            ], optional: ["measure", "fraction"]),
        "ChangeResponse": object(["cells": array(ref("ChangeCell")), "next_page_token": pageToken]),
        "RankingsResponse": object([
            "by": enumeration(Dimension.allCases.map(\.rawValue)), "measure": enumeration(Measure.allCases.map(\.rawValue)),
            "metric": enumeration(RankingMetric.allCases.map(\.rawValue)),
            "entries": array(object(["rank": integer, "item": ref("DimensionValue"), "value": number, "rows": integer])),
        ]),
        "Recording": object([
            "sequence": integer, "row_id": string(nil), "table_id": string(nil), "programme": integer, "year": integer,
            "value": ref("Figure"), "previous": ref("Figure"), "reported_by": string(nil), "source_note": string(nil),
            "request_id": string(nil), "recorded_at_unix_micros": integer,
        ]),
        "RecordActualResponse": object(["recording": ref("Recording"), "replayed": boolean]),
        "RowHistoryResponse": object([
            "current": ref("RowFigures"), "recordings": array(ref("Recording")), "next_page_token": pageToken,
        ]),
    ]

    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let pageToken = string("Token for the next page; empty when this is the last.")

    static func string(_ description: String?) -> JSONValue {
        description.map { ["type": "string", "description": .string($0)] } ?? ["type": "string"]
    }

    static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

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

    static func page(_ field: String, _ item: JSONValue) -> JSONValue {
        object([field: array(item), "next_page_token": pageToken])
    }
}
