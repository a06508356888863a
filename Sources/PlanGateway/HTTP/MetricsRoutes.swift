import Hummingbird
import PlanModel
import PlanPresentation
import PlanAPI

/// The read routes of `plan.v1.Metrics`: figures, aggregates, implementation rates, change,
/// rankings, rows and a row's history.
enum MetricsRoutes {
    static func routes(_ calls: BackendCalls) -> [HTTPRoute] {
        [
            HTTPRoute(
                method: .get, path: "/v1/metrics/figures", operationID: "getFigures",
                summary: "The figures of a table's rows or of one row, printed and recorded (GetFigures); give table_id or row_id.",
                queryParameters: [
                    ParameterSpec(
                        name: "table_id", description: "Every row of this table (or give row_id).", example: "20.3",
                        maxLength: ParameterSpec.idMaxLength),
                    ParameterSpec(
                        name: "row_id", description: "This one row (or give table_id).", example: "20.3.r4",
                        maxLength: ParameterSpec.idMaxLength),
                ], responseSchema: "GetFiguresResponse", csv: true
            ) { request, context, query in
                let target: GetFiguresRequest.Target
                switch (try query.string("table_id"), try query.string("row_id")) {
                case (let table?, nil) where !table.isEmpty: target = .tableID(table)
                case (nil, let row?) where !row.isEmpty: target = .rowID(row)
                case (nil, nil): throw HTTPProblem.badParameter("table_id", "give 'table_id' or 'row_id'")
                default: throw HTTPProblem.badParameter("row_id", "give either 'table_id' or 'row_id', not both or empty")
                }
                let answer = try await calls.unary(
                    Plan_V1_Metrics.Method.GetFigures.self, GetFiguresRequest(target: target),
                    request: request, context: context)
                return try Reply(answer) { Table.rowFigures(answer.rows) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/metrics/aggregate", operationID: "aggregate",
                summary: "Sums and counts of a figure column per drilldown group and measure, after cuts (Aggregate).",
                queryParameters: [
                    column(required: true), drilldown, cut,
                    ParameterSpec(
                        name: "order",
                        description: "Ordering keys (a list): a drilldown dimension or sum, count, count_reported; a leading - for descending. Default: drilldown keys in document order, then measure.",
                        schema: .list(
                            (Dimension.allCases.map(\.rawValue) + AggregateField.allCases.map(\.rawValue)).flatMap { [$0, "-" + $0] }),
                        example: "-sum"),
                    .pageSize, .pageToken,
                ], responseSchema: "AggregateResponse", csv: true
            ) { request, context, query in
                let message = AggregateRequest(
                    column: try need(query.enumeration("column", FigureColumn.self), "column"),
                    drilldowns: try query.drilldowns(), cuts: try query.cuts(), order: try query.order(),
                    pageSize: try query.pageSize(), pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Metrics.Method.Aggregate.self, message, request: request,
                    context: context)
                return try Reply(answer) { Table.aggregate(answer.cells, drilldowns: message.drilldowns) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/metrics/implementation-rate", operationID: "implementationRate",
                summary: "Actual against planned outputs for a year, per group and measure (ImplementationRate).",
                queryParameters: [year(required: true), drilldown, cut, .pageSize, .pageToken],
                responseSchema: "ImplementationRateResponse", csv: true
            ) { request, context, query in
                let message = ImplementationRateRequest(
                    year: try need(query.integer("year", in: yearRange), "year"),
                    drilldowns: try query.drilldowns(), cuts: try query.cuts(), pageSize: try query.pageSize(),
                    pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Metrics.Method.ImplementationRate.self, message,
                    request: request, context: context)
                return try Reply(answer) { Table.implementationRate(answer.cells, drilldowns: message.drilldowns) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/metrics/change", operationID: "change",
                summary: "The change from planned 2019 to planned 2020, per group and measure (Change).",
                queryParameters: [drilldown, cut, .pageSize, .pageToken], responseSchema: "ChangeResponse", csv: true
            ) { request, context, query in
                let message = ChangeRequest(
                    drilldowns: try query.drilldowns(), cuts: try query.cuts(), pageSize: try query.pageSize(),
                    pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Metrics.Method.Change.self, message, request: request, context: context)
                return try Reply(answer) { Table.change(answer.cells, drilldowns: message.drilldowns) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/metrics/rankings", operationID: "rankings",
                summary: "The groups of one dimension ranked by a metric within one measure (Rankings).",
                queryParameters: [
                    ParameterSpec(
                        name: "by", description: "The dimension whose values are ranked.",
                        schema: .enumeration(Dimension.allCases.map(\.rawValue)), required: true, example: "programme"),
                    ParameterSpec(
                        name: "measure", description: "The measure ranked within.",
                        schema: .enumeration(Measure.allCases.map(\.rawValue)), required: true, example: "documents"),
                    ParameterSpec(
                        name: "metric", description: "What to rank by.",
                        schema: .enumeration(RankingMetric.allCases.map(\.rawValue)), required: true, example: "total"),
                    column(required: false), year(required: false), cut,
                    ParameterSpec(
                        name: "ascending", description: "Smallest first when true (default false).", schema: .boolean,
                        example: "false"),
                    ParameterSpec(
                        name: "limit", description: "Most entries to return; 0 (the default) for all.",
                        schema: .integer(0...100_000), example: "10"),
                ], responseSchema: "RankingsResponse", csv: true
            ) { request, context, query in
                let message = RankingsRequest(
                    by: try need(query.enumeration("by", Dimension.self), "by"),
                    measure: try need(query.enumeration("measure", Measure.self), "measure"),
                    metric: try need(query.enumeration("metric", RankingMetric.self), "metric"),
                    column: try query.enumeration("column", FigureColumn.self), year: try query.integer("year", in: yearRange) ?? 0,
                    cuts: try query.cuts(), ascending: try query.boolean("ascending") ?? false,
                    limit: try query.integer("limit", in: 0...100_000) ?? 0)
                let answer = try await calls.unary(
                    Plan_V1_Metrics.Method.Rankings.self, message, request: request, context: context)
                return try Reply(answer) { Table.rankings(answer) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/rows", operationID: "streamRows",
                summary: "Every row the cuts keep, with its printed and recorded figures, in document order (StreamRowBatches).",
                queryParameters: [cut], responseSchema: "RowBatch", csv: true
            ) { request, context, query in
                // The rows of StreamRows in a few messages rather than one per row: the
                // per-message costs of the stream were most of this route's CPU.
                let rows = try await calls.collect(
                    Plan_V1_Metrics.Method.StreamRowBatches.self, StreamRowsRequest(cuts: try query.cuts()),
                    request: request, context: context
                ).flatMap(\.rows)
                // Every row in one RowBatch, the JSON `{"rows":[…]}`.
                return try Reply(RowBatch(rows: rows)) { Table.rowFigures(rows) }.response(request: request, query: query)
            },
            HTTPRoute(
                method: .get, path: "/v1/rows/{row_id}/history", operationID: "rowHistory",
                summary: "A row's figures now and its recordings, oldest first (RowHistory).",
                pathParameters: [
                    ParameterSpec(
                        name: "row_id", description: "The row's id.", required: true, example: "20.3.r4",
                        maxLength: ParameterSpec.idMaxLength)
                ], queryParameters: [.pageSize, .pageToken], responseSchema: "RowHistoryResponse", csv: true
            ) { request, context, query in
                let message = RowHistoryRequest(
                    rowID: try query.path("row_id"), pageSize: try query.pageSize(),
                    pageToken: try query.pageToken())
                let answer = try await calls.unary(
                    Plan_V1_Metrics.Method.RowHistory.self, message, request: request,
                    context: context)
                return try Reply(answer) { Table.recordings(answer.recordings) }.response(request: request, query: query)
            },
        ]
    }

    static let yearRange = 2018...2020

    static func column(required: Bool) -> ParameterSpec {
        ParameterSpec(
            name: "column",
            description: required ? "The figure column aggregated." : "The column summed, for metric=total.",
            schema: .enumeration(FigureColumn.allCases.map(\.rawValue)), required: required, example: "planned_2020")
    }

    static func year(required: Bool) -> ParameterSpec {
        ParameterSpec(
            name: "year",
            description: required
                ? "2018 (printed actuals), 2019 or 2020 (recorded actuals)."
                : "The year, for metric=implementation_rate and metric=gap.",
            schema: .integer(yearRange), required: required, example: "2018")
    }

    static let drilldown = ParameterSpec(
        name: "drilldown", description: "Dimensions to group by, in order (a list). Measure is always a grouping.",
        schema: .list(Dimension.allCases.map(\.rawValue)), example: "programme,measure")

    static let cut = ParameterSpec(
        name: "cut",
        description: "Keeps rows whose key for a dimension is one of the values: dimension:key or dimension:key1|key2; repeat the parameter for more dimensions (AND).",
        schema: .repeated, example: "category:A", maxLength: 1024)

    /// `value`, or a 400 saying that `name` is required.
    static func need<T>(_ value: T?, _ name: String) throws(HTTPProblem) -> T {
        guard let value else { throw .badParameter(name, "'\(name)' is required") }
        return value
    }
}
