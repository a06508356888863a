import PlanModel
import Testing

@testable import PlanAPI

@Suite("Catalogue, Metrics and Health messages")
struct ProtobufServiceMessagesTests {
    @Test("grpc.health.v1 messages have the official encoding")
    func health() throws {
        let request = HealthCheckRequest(service: "plan.v1.Catalogue")
        #expect(try request.serializedBytes() == [0x0A, 17] + Array("plan.v1.Catalogue".utf8))
        #expect(try HealthCheckRequest().serializedBytes() == [])
        #expect(try roundTrip(request) == request)
        #expect(try HealthCheckResponse(status: .serving).serializedBytes() == [0x08, 0x01])
        #expect(try HealthCheckResponse(status: .notServing).serializedBytes() == [0x08, 0x02])
        #expect(try HealthCheckResponse(status: .serviceUnknown).serializedBytes() == [0x08, 0x03])
        // UNKNOWN is the default (0), so it is not sent, and an empty message reads as UNKNOWN.
        #expect(try HealthCheckResponse(status: .unknown).serializedBytes() == [])
        #expect(try HealthCheckResponse(serializedBytes: []) == HealthCheckResponse(status: .unknown))
        for status in HealthCheckResponse.ServingStatus.allCases {
            #expect(try roundTrip(HealthCheckResponse(status: status)).status == status)
        }
        let error = protobufError { _ = try HealthCheckResponse(serializedBytes: [0x08, 0x04]) }
        #expect(error?.description == "grpc.health.v1.HealthCheckResponse.status: 4 is not a known value (0, 1, 2, 3)")
    }

    @Test("catalogue requests round-trip, filters set and unset")
    func catalogueRequests() throws {
        for view in CatalogueView.allCases {
            let request = ListProgrammesRequest(pageSize: 10, pageToken: "令牌", view: view)
            #expect(try roundTrip(request) == request)
            #expect(try roundTrip(GetProgrammeRequest(programmeID: "p6", view: view)).view == view)
        }
        // VIEW_UNSPECIFIED (nil) is the server's default, full.
        #expect(try ListProgrammesRequest(serializedBytes: []).view == nil)
        #expect(try roundTrip(ListProgrammesRequest()) == ListProgrammesRequest())
        for kind in [nil] + PlanModel.Unit.Kind.allCases.map(Optional.some) {
            let request = ListUnitsRequest(programmeID: "p25", partID: "p25.A", kind: kind, pageSize: 3, pageToken: "t")
            #expect(try roundTrip(request) == request)
        }
        #expect(try roundTrip(GetUnitRequest(unitID: "p4.sp2")) == GetUnitRequest(unitID: "p4.sp2"))
        let objectives = ListObjectivesRequest(programmeID: "p6", partID: "", pageSize: 0, pageToken: "")
        #expect(try roundTrip(objectives) == objectives)
        let mandates = ListMandatesRequest(programmeID: "p6", issuingBody: "大会决议", symbol: "72/288", pageSize: 50)
        #expect(try roundTrip(mandates) == mandates)
        let results = ListResultsRequest(programmeID: "p6", unitID: "p6.sp1", pageSize: 3, pageToken: "t")
        #expect(try roundTrip(results) == results)
        #expect(try roundTrip(ListResultsRequest()) == ListResultsRequest())
        #expect(try roundTrip(GetResultRequest(resultID: "p6.sp1.result")) == GetResultRequest(resultID: "p6.sp1.result"))
        for period in [nil, TablePeriod.years2018to2020, .year2020] {
            let tables = ListTablesRequest(programmeID: "p6", unitID: "p6.sp1", period: period, view: .basic, pageSize: 2)
            #expect(try roundTrip(tables) == tables)
        }
        #expect(try roundTrip(GetTableRequest(tableID: "20.3")) == GetTableRequest(tableID: "20.3"))
        let search = SearchRequest(query: "法律 事务", programmeID: "p6", scopes: SearchScope.allCases, pageSize: 20)
        #expect(try roundTrip(search) == search)
        #expect(try roundTrip(SearchRequest(query: "")) == SearchRequest(query: ""))
    }

    @Test("catalogue responses round-trip")
    func catalogueResponses() throws {
        let programmes = ListProgrammesResponse(programmes: [Samples.programme, Samples.programme], nextPageToken: "2")
        #expect(try roundTrip(programmes) == programmes)
        #expect(try roundTrip(ListProgrammesResponse()) == ListProgrammesResponse())
        let units = ListUnitsResponse(units: Samples.units, nextPageToken: "")
        #expect(try roundTrip(units) == units)
        let objectives = ListObjectivesResponse(
            objectives: [ObjectiveEntry(unitID: "p6.sp1", unitTitle: "法律服务", programme: 6, objective: Samples.objective)],
            nextPageToken: "next")
        #expect(try roundTrip(objectives) == objectives)
        let mandates = ListMandatesResponse(
            mandates: Samples.mandates.map { MandateEntry(ownerID: "p6", programme: 6, mandate: $0) })
        #expect(try roundTrip(mandates) == mandates)
        let results = ListResultsResponse(results: Samples.results, nextPageToken: "r")
        #expect(try roundTrip(results) == results)
        for result in Samples.results { #expect(try roundTrip(result) == result) }
        // Absent and empty stay apart: no caption, no performance measures, no cells.
        #expect(try roundTrip(Samples.results[0]).performance?.caption == nil)
        #expect(try roundTrip(Samples.results[1]).performance?.caption == "可用数据来源的数量")
        #expect(try roundTrip(Samples.results[2]).performance == nil)
        #expect(try roundTrip(Samples.mandates[3]).lines == [4660, 4670])
        #expect(try roundTrip(Samples.mandates[3]).canonicalSymbols == ["A/RES/62/134"])
        let tables = ListTablesResponse(tables: [Samples.table, Samples.emptyTable], nextPageToken: "x")
        #expect(try roundTrip(tables) == tables)
        let hit = SearchHit(
            score: 12.5, snippet: "…法律事务厅负责…", highlights: [TextRange(start: 1, length: 2), TextRange(start: 0, length: 0)],
            location: SearchLocation(
                scope: .narrative, entityID: "p6.n1", field: "paragraphs[0]", programme: 6, unitID: "", line: 20))
        let search = SearchResponse(hits: [hit, hit], nextPageToken: "p2", totalHits: 42)
        #expect(try roundTrip(search) == search)
        for scope in SearchScope.allCases {
            var scoped = hit
            scoped.location.scope = scope
            #expect(try roundTrip(scoped) == scoped)
        }
    }

    @Test("a search hit without its location is rejected")
    func hitWithoutLocation() {
        let response = ProtoBytes().message(1, ProtoBytes().string(2, "片段"))
        let error = protobufError { _ = try SearchResponse(serializedBytes: response.bytes) }
        #expect(error?.description == "plan.v1.SearchResponse.hits[0].location: the field is required but absent")
    }

    var rowFigures: RowFigures {
        RowFigures(
            tableID: "6.1", unitID: "p6.sp1", programme: 6, row: Samples.rows[0], actual2019: .number(0),
            actual2020: .dash)
    }

    var recording: Recording {
        Recording(
            sequence: 7, rowID: "6.1.r1", tableID: "6.1", programme: 6, year: 2019, value: .number(0),
            previous: .blank, reportedBy: "方案管理员", sourceNote: "A/75/6", requestID: "req-1",
            recordedAtUnixMicros: 1_700_000_000_000_000)
    }

    @Test("metrics requests round-trip")
    func metricsRequests() throws {
        #expect(try roundTrip(GetFiguresRequest(target: .tableID("6.1"))) == GetFiguresRequest(target: .tableID("6.1")))
        #expect(try roundTrip(GetFiguresRequest(target: .rowID(""))) == GetFiguresRequest(target: .rowID("")))
        let cuts = [Cut(dimension: .category, values: ["A", "B"]), Cut(dimension: .measure, values: [""])]
        for column in FigureColumn.allCases {
            let request = AggregateRequest(
                column: column, drilldowns: Dimension.allCases, cuts: cuts,
                order: [AggregateOrder(key: .aggregate(.sum), descending: true), AggregateOrder(key: .dimension(.programme))]
                    + AggregateField.allCases.map { AggregateOrder(key: .aggregate($0)) },
                pageSize: 100, pageToken: "tok")
            #expect(try roundTrip(request) == request)
        }
        let rate = ImplementationRateRequest(year: 2018, drilldowns: [.programme], cuts: cuts, pageSize: 5)
        #expect(try roundTrip(rate) == rate)
        let change = ChangeRequest(drilldowns: [.unit, .subcategory], cuts: [], pageSize: 0, pageToken: "")
        #expect(try roundTrip(change) == change)
        for metric in RankingMetric.allCases {
            let rankings = RankingsRequest(
                by: .unit, measure: .threeHourMeetings, metric: metric, column: metric == .total ? .planned2020 : nil,
                year: metric == .implementationRate ? 2018 : 0, cuts: cuts, ascending: true, limit: 10)
            #expect(try roundTrip(rankings) == rankings)
        }
        for value in [Figure.number(0), .dash, .blank] {
            let record = RecordActualRequest(
                rowID: "6.1.r1", year: 2020, value: value, reportedBy: "经理", sourceNote: "", requestID: "r-1")
            #expect(try roundTrip(record) == record)
        }
        let history = RowHistoryRequest(rowID: "6.1.r1", pageSize: 3, pageToken: "")
        #expect(try roundTrip(history) == history)
        for after in [nil, UInt64(0), 42, .max] {
            let watch = WatchRecordingsRequest(programmeID: "p6", tableID: "", rowID: "6.1.r1", afterSequence: after)
            #expect(try roundTrip(watch).afterSequence == after)
        }
        #expect(try roundTrip(StreamRowsRequest(cuts: cuts)) == StreamRowsRequest(cuts: cuts))
    }

    @Test("metrics responses round-trip, absent rates and fractions kept absent")
    func metricsResponses() throws {
        let figures = GetFiguresResponse(rows: [rowFigures, rowFigures])
        #expect(try roundTrip(figures) == figures)
        // A batch of rows is a GetFiguresResponse on the wire: field 1, repeated RowFigures.
        let batch = RowBatch(rows: figures.rows)
        #expect(try roundTrip(batch) == batch)
        #expect(try batch.serializedBytes() == figures.serializedBytes())
        let drilldown = [
            DimensionValue(dimension: .programme, key: "p6", label: "法律事务"),
            DimensionValue(dimension: .part, key: "", label: ""),
        ]
        let cells = Measure.allCases.map {
            AggregateCell(drilldown: drilldown, measure: $0, sum: 1_234, count: 3, countReported: 2, countDashes: 1)
        } + [AggregateCell(measure: nil, sum: 0, count: 0, countReported: 0, countDashes: 0)]
        let aggregate = AggregateResponse(
            column: .actual2019, cells: cells, summary: [cells[0]], totalCellCount: 8, nextPageToken: "n")
        #expect(try roundTrip(aggregate) == aggregate)
        let rates = ImplementationRateResponse(
            year: 2018,
            cells: [
                RateCell(drilldown: drilldown, measure: .documents, planned: 10, actual: 9, rowsCompared: 2, rowsSkipped: 1, rate: 0.9),
                RateCell(measure: .days, planned: 0, actual: 0, rowsCompared: 0, rowsSkipped: 0, rate: 0),
                RateCell(measure: .days, planned: 0, actual: 3, rowsCompared: 1, rowsSkipped: 0, rate: nil),
            ], nextPageToken: "")
        #expect(try roundTrip(rates) == rates)
        #expect(try roundTrip(rates).cells.map(\.rate) == [0.9, 0, nil])
        let change = ChangeResponse(cells: [
            ChangeCell(
                drilldown: drilldown, measure: .publications, planned2019: 4, planned2020: 2, difference: -2,
                fraction: -0.5, rowsCompared: 1, rowsSkipped: 0),
            ChangeCell(
                measure: nil, planned2019: 0, planned2020: 2, difference: 2, fraction: nil, rowsCompared: 1, rowsSkipped: 3),
        ])
        #expect(try roundTrip(change) == change)
        let rankings = RankingsResponse(
            by: .programme, measure: .documents, metric: .changeFraction,
            entries: [
                RankingEntry(rank: 1, item: drilldown[0], value: 0.25, rows: 4),
                RankingEntry(rank: 1, item: drilldown[0], value: 0.25, rows: 2),
            ])
        #expect(try roundTrip(rankings) == rankings)
        let recorded = RecordActualResponse(recording: recording, replayed: true)
        #expect(try roundTrip(recorded) == recorded)
        let history = RowHistoryResponse(current: rowFigures, recordings: [recording, recording], nextPageToken: "z")
        #expect(try roundTrip(history) == history)
        #expect(try roundTrip(recording) == recording)
        #expect(try roundTrip(rowFigures) == rowFigures)
    }

    @Test("a request with no target, no column or an unset order key is rejected")
    func requiredFields() {
        #expect(
            protobufError { _ = try GetFiguresRequest(serializedBytes: []) }?.description
                == "plan.v1.GetFiguresRequest.target: the field is required but absent")
        #expect(
            protobufError { _ = try AggregateRequest(serializedBytes: []) }?.description
                == "plan.v1.AggregateRequest.column: the field is required but absent")
        let order = ProtoBytes().varint(1, 4).message(4, ProtoBytes().varint(3, 1))
        #expect(
            protobufError { _ = try AggregateRequest(serializedBytes: order.bytes) }?.description
                == "plan.v1.AggregateRequest.order[0].key: the field is required but absent")
        let drilldowns = ProtoBytes().varint(1, 4).varint(2, 6).varint(2, 0)
        #expect(
            protobufError { _ = try AggregateRequest(serializedBytes: drilldowns.bytes) }?.description
                == "plan.v1.AggregateRequest.drilldowns[1]: the field is required but absent")
        #expect(
            protobufError { _ = try RecordActualRequest(serializedBytes: ProtoBytes().string(1, "r").bytes) }?
                .description == "plan.v1.RecordActualRequest.value: the field is required but absent")
    }
}
