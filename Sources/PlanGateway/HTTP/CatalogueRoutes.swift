import Hummingbird
import PlanModel
import PlanPresentation
import PlanAPI

/// The routes of `plan.v1.Catalogue`: programmes, units, objectives, mandates, planned results,
/// tables and search.
enum CatalogueRoutes {
    static func routes(_ calls: BackendCalls) -> [HTTPRoute] {
        [
            HTTPRoute(
                method: .get, path: "/v1/programmes", operationID: "listProgrammes",
                summary: "Lists the programmes in document order (ListProgrammes).",
                queryParameters: [.pageSize, .pageToken, view], responseSchema: "ListProgrammesResponse", csv: true
            ) { request, context, query in
                let message = ListProgrammesRequest(
                    pageSize: try query.pageSize(), pageToken: try query.pageToken(),
                    view: try query.enumeration("view", CatalogueView.self) ?? .full)
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.ListProgrammes.self, message, request: request,
                    context: context)
                return try Reply(answer) { Table.programmes(answer.programmes) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/programmes/{programme_id}", operationID: "getProgramme",
                summary: "Gets one programme with its parts, units, mandates and narrative (GetProgramme); 404 if none.",
                pathParameters: [programmeID], queryParameters: [view], responseSchema: "Programme"
            ) { request, context, query in
                var id = try query.path("programme_id")
                if id.allSatisfy(\.isNumber) { id = "p" + id }
                let message = GetProgrammeRequest(
                    programmeID: id, view: try query.enumeration("view", CatalogueView.self) ?? .full)
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.GetProgramme.self, message, request: request, context: context)
                return try JSONMapping.response(answer)
            },
            HTTPRoute(
                method: .get, path: "/v1/units", operationID: "listUnits",
                summary: "Lists units in document order, filtered (ListUnits).",
                queryParameters: [
                    filter("programme_id", "Only units of this programme", example: "p6"),
                    filter("part_id", "Only units in this part", example: "p25.A"),
                    ParameterSpec(
                        name: "kind", description: "Only units of this kind.",
                        schema: .enumeration(PlanModel.Unit.Kind.allCases.map(\.rawValue)), example: "subprogramme"),
                    .pageSize, .pageToken,
                ], responseSchema: "ListUnitsResponse", csv: true
            ) { request, context, query in
                let message = ListUnitsRequest(
                    programmeID: try query.text("programme_id"), partID: try query.text("part_id"),
                    kind: try query.enumeration("kind", PlanModel.Unit.Kind.self), pageSize: try query.pageSize(),
                    pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.ListUnits.self, message, request: request,
                    context: context)
                return try Reply(answer) { Table.units(answer.units) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/units/{unit_id}", operationID: "getUnit",
                summary: "Gets one unit (GetUnit); 404 if none.",
                pathParameters: [
                    ParameterSpec(
                        name: "unit_id", description: "The unit's id.", required: true, example: "p4.sp2",
                        maxLength: ParameterSpec.idMaxLength)
                ], responseSchema: "Unit"
            ) { request, context, query in
                let message = GetUnitRequest(unitID: try query.path("unit_id"))
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.GetUnit.self, message, request: request, context: context)
                return try JSONMapping.response(answer)
            },
            HTTPRoute(
                method: .get, path: "/v1/objectives", operationID: "listObjectives",
                summary: "Lists the objectives of units in document order, filtered (ListObjectives).",
                queryParameters: [
                    filter("programme_id", "Only objectives of this programme's units", example: "p6"),
                    filter("part_id", "Only objectives of units in this part", example: "p25.A"),
                    .pageSize, .pageToken,
                ], responseSchema: "ListObjectivesResponse", csv: true
            ) { request, context, query in
                let message = ListObjectivesRequest(
                    programmeID: try query.text("programme_id"), partID: try query.text("part_id"),
                    pageSize: try query.pageSize(), pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.ListObjectives.self, message, request: request,
                    context: context)
                return try Reply(answer) { Table.objectives(answer.objectives) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/mandates", operationID: "listMandates",
                summary: "Lists legislative mandates in document order, filtered (ListMandates).",
                queryParameters: [
                    filter("programme_id", "Only mandates of this programme, its parts and units", example: "p6"),
                    filter("issuing_body", "Only mandates under this issuing body, exactly as printed", example: "大会决议"),
                    filter(
                        "symbol", "Only mandates that list this symbol, as printed (70/1) or canonical (A/RES/70/1)",
                        example: "A/RES/70/1"),
                    .pageSize, .pageToken,
                ], responseSchema: "ListMandatesResponse", csv: true
            ) { request, context, query in
                let message = ListMandatesRequest(
                    programmeID: try query.text("programme_id"), issuingBody: try query.text("issuing_body"),
                    symbol: try query.text("symbol"), pageSize: try query.pageSize(), pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.ListMandates.self, message, request: request,
                    context: context)
                return try Reply(answer) { Table.mandates(answer.mandates) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/results", operationID: "listResults",
                summary: "Lists the planned results for 2020 (the results framework) in document order, filtered (ListResults); CSV gives one line per result with its 2018, 2019 and 2020 cells.",
                queryParameters: [
                    filter("programme_id", "Only results of this programme's units", example: "p6"),
                    filter("unit_id", "Only the result of this unit", example: "p6.sp1"),
                    .pageSize, .pageToken,
                ], responseSchema: "ListResultsResponse", csv: true
            ) { request, context, query in
                let message = ListResultsRequest(
                    programmeID: try query.text("programme_id"), unitID: try query.text("unit_id"),
                    pageSize: try query.pageSize(), pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.ListResults.self, message, request: request,
                    context: context)
                return try Reply(answer) { Table.results(answer.results) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/results/{result_id}", operationID: "getResult",
                summary: "Gets one planned result with its paragraphs, evidence and performance measures (GetResult); 404 if none.",
                pathParameters: [
                    ParameterSpec(name: "result_id", description: "The result's id.", required: true, example: "p6.sp1.result")
                ], responseSchema: "PlannedResult", csv: true
            ) { request, context, query in
                let message = GetResultRequest(resultID: try context.parameters.require("result_id"))
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.GetResult.self, message, request: request, context: context)
                return try Reply(answer) { Table.results([answer]) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/tables", operationID: "listTables",
                summary: "Lists deliverables tables in document order, filtered (ListTables).",
                queryParameters: [
                    filter("programme_id", "Only tables of this programme", example: "p6"),
                    filter("unit_id", "Only tables of this unit", example: "p6.sp1"),
                    ParameterSpec(
                        name: "period", description: "Only tables of this period.",
                        schema: .enumeration(["2018-2020", "2020"]), example: "2018-2020"),
                    view, .pageSize, .pageToken,
                ], responseSchema: "ListTablesResponse", csv: true
            ) { request, context, query in
                let message = ListTablesRequest(
                    programmeID: try query.text("programme_id"), unitID: try query.text("unit_id"),
                    period: try query.enumeration("period", among: [TablePeriod.years2018to2020, .year2020]),
                    view: try query.enumeration("view", CatalogueView.self) ?? .full, pageSize: try query.pageSize(),
                    pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.ListTables.self, message, request: request,
                    context: context)
                return try Reply(answer) { Table.tables(answer.tables) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/tables/{table_id}", operationID: "getTable",
                summary: "Gets one deliverables table with its rows and footnotes (GetTable); CSV gives its rows.",
                pathParameters: [
                    ParameterSpec(
                        name: "table_id", description: "The table's corrected id.", required: true, example: "20.3",
                        maxLength: ParameterSpec.idMaxLength)
                ], responseSchema: "DeliverableTable", csv: true
            ) { request, context, query in
                let message = GetTableRequest(tableID: try query.path("table_id"))
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.GetTable.self, message, request: request, context: context)
                return try Reply(answer) { Table.rows(of: answer) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/search", operationID: "search",
                summary: "Chinese full-text search: ranked hits with snippets and locations (Search).",
                queryParameters: [
                    ParameterSpec(
                        name: "q", description: "The query; terms separated by spaces must all match.", required: true,
                        example: "会议", maxLength: 512),
                    filter("programme_id", "Only hits in this programme", example: "p6"),
                    ParameterSpec(
                        name: "scope", description: "Only hits of these kinds (a list).",
                        schema: .list(SearchScope.allCases.map(\.rawValue)), example: "table,row"),
                    .pageSize, .pageToken,
                ], responseSchema: "SearchResponse", csv: true
            ) { request, context, query in
                let message = SearchRequest(
                    query: try query.required("q"), programmeID: try query.text("programme_id"),
                    scopes: try query.enumerations("scope", SearchScope.self), pageSize: try query.pageSize(),
                    pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Catalogue.Method.Search.self, message, request: request, context: context)
                return try Reply(answer) { Table.search(answer.hits) }.response(request: request, query: query)
            },
        ]
    }

    static let view = ParameterSpec(
        name: "view", description: "How much to return: basic (no parts, units, mandates, narrative; tables without rows) or full (the default).",
        schema: .enumeration(CatalogueView.allCases.map(\.rawValue)), example: "basic")

    static let programmeID = ParameterSpec(
        name: "programme_id", description: "The programme's id (p6); a bare number (6) is taken as p6.", required: true,
        example: "p6", maxLength: ParameterSpec.idMaxLength)

    /// A filter by an exact string; empty or absent for all.
    /// Ids (`…_id`) take at most ``ParameterSpec/idMaxLength`` bytes, other texts the default.
    static func filter(_ name: String, _ description: String, example: String) -> ParameterSpec {
        ParameterSpec(
            name: name, description: description + "; absent for all.", example: example,
            maxLength: name.hasSuffix("_id") ? ParameterSpec.idMaxLength : TextCheck.defaultMaxLength)
    }
}
