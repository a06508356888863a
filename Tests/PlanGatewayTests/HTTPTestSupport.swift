import Foundation
import GRPCCore
import Hummingbird
import HummingbirdTesting
import Logging
import PlanModel
import Synchronization

@testable import PlanGateway
@testable import PlanWire
@testable import PlanServerRuntime
@testable import PlanAPI
@testable import PlanProtobuf

/// A typed stand-in for the catalogue and metrics backends of the HTTP front's tests: it
/// records the last request message and metadata of every method and answers with what the
/// test set (or fails with a code when a request's first string field starts with `fail-`).
final class HTTPFakeBackend: RegistrableRPCService, Sendable {
    let health = HealthService(services: [PlanContract.catalogueService, PlanContract.metricsService])
    /// The last request of each method, and the metadata it came with.
    let seen = Mutex<[String: (message: any Sendable, metadata: Metadata)]>([:])

    static let row = DeliverableRow(
        id: "20.3.r4", category: .b, quantified: true, subcategory: "出版物, 技术材料", measureText: "出版物数目",
        measure: .publications, planned2018: .number(0), actual2018: .dash, planned2019: .blank, planned2020: .number(11),
        line: 4766)
    static let figures = RowFigures(
        tableID: "20.3", unitID: "p20.sp1c", programme: 20, row: row, actual2019: .dash, actual2020: .blank)

    static let result = PlannedResult(
        id: "p6.sp1.result", unitID: "p6.sp1", programme: 6, title: "为重振后的驻地协调员制度创造授权型环境",
        evidence: [Paragraph(number: "6.35", text: "如下表所示", line: 1311)],
        performance: PerformanceMeasures(
            cells: [
                PerformanceCell(year: 2018, text: "重振后的驻地协调员制度缺乏东道国协定", lines: [1319]),
                PerformanceCell(year: 2019, text: "谈判并缔结东道国协定", lines: [1318]),
                PerformanceCell(year: 2020, text: "签署 149 项东道国协定，为驻地协调员及其办公室履行职能提供必要的法律框架", lines: [1318]),
            ], line: 1315),
        line: 1295)
    static let mandate = Mandate(
        id: "p20.m18", issuingBody: "大会决议", symbols: ["70/1"], title: "《变革我们的世界：2030 年可持续发展议程》", line: 4667,
        lines: [4666, 4667])

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        health.registerMethods(with: &router)
        register("ListProgrammes", &router) { (request: ListProgrammesRequest) in
            ListProgrammesResponse(programmes: [], nextPageToken: request.pageToken + "next")
        }
        register("ListUnits", &router) { (request: ListUnitsRequest) throws(RPCError) in
            if request.programmeID.hasPrefix("fail-"), let code = Self.code(request.programmeID) {
                throw RPCError(code: code, message: "secret internals of \(request.programmeID)")
            }
            return ListUnitsResponse()
        }
        register("ListResults", &router) { (request: ListResultsRequest) in
            ListResultsResponse(results: [Self.result], nextPageToken: request.pageToken.isEmpty ? "" : "more")
        }
        register("GetResult", &router) { (request: GetResultRequest) throws(RPCError) in
            guard request.resultID == Self.result.id else {
                throw RPCError(code: .notFound, message: "no planned result with id '\(request.resultID)'")
            }
            return Self.result
        }
        register("ListMandates", &router) { (request: ListMandatesRequest) in
            ListMandatesResponse(mandates: [MandateEntry(ownerID: "p20", programme: 20, mandate: Self.mandate)])
        }
        register("GetFigures", &router) { (_: GetFiguresRequest) in GetFiguresResponse(rows: [Self.figures]) }
        register("Aggregate", &router) { (request: AggregateRequest) in
            AggregateResponse(
                column: request.column,
                cells: [
                    AggregateCell(
                        drilldown: [DimensionValue(dimension: .programme, key: "p20", label: "经济")], measure: .publications,
                        sum: 11, count: 2, countReported: 1, countDashes: 1)
                ], totalCellCount: 1)
        }
        register("RecordActual", &router) { (request: RecordActualRequest) in
            RecordActualResponse(
                recording: Recording(
                    sequence: 1, rowID: request.rowID, tableID: "20.3", programme: 20, year: request.year,
                    value: request.value, previous: .blank, reportedBy: request.reportedBy, requestID: request.requestID,
                    recordedAtUnixMicros: 1))
        }
        register("StreamRows", &router, streaming: true) { (_: StreamRowsRequest) in Self.figures }
        registerRowBatches(&router)
        registerWatch(&router)
    }

    /// Two recordings (sequences 1 and 2) after the request's `after_sequence`, each sent twice
    /// (as two replicas on PostgreSQL would), then the end; NOT_FOUND for a `programme_id`
    /// starting with `fail-`.
    static func recording(_ sequence: UInt64) -> Recording {
        Recording(
            sequence: sequence, rowID: "20.3.r4", tableID: "20.3", programme: 20, year: 2019, value: .number(Int(sequence) * 10),
            previous: .blank, reportedBy: "OPPBA", requestID: "watch-\(sequence)", recordedAtUnixMicros: 1)
    }

    private func registerWatch<Transport: ServerTransport>(_ router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Plan_V1_Metrics.Method.WatchRecordings.descriptor, deserializer: ProtobufDeserializer<WatchRecordingsRequest>(),
            serializer: ProtobufSerializer<Recording>()
        ) { [self] request, _ in
            let message = try await ServerRequest(stream: request).message
            seen.withLock { $0["WatchRecordings"] = (message, request.metadata) }
            if message.programmeID.hasPrefix("fail-") {
                throw RPCError(code: .notFound, message: "programme_id: the document has no '\(message.programmeID)'")
            }
            return StreamingServerResponse { writer in
                for sequence in UInt64(1)...2 where sequence > (message.afterSequence ?? 0) {
                    try await writer.write(Self.recording(sequence))
                    try await writer.write(Self.recording(sequence))
                }
                return [:]
            }
        }
    }

    /// The rows StreamRowBatches answers: ``figures`` as rows r1, r2 and r3 of its table, in
    /// two batches (r1, then r2 and r3).
    static let batchedRows = (1...3).map { number in
        var row = figures
        row.row.id = "20.3.r\(number)"
        return row
    }

    private func registerRowBatches<Transport: ServerTransport>(_ router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Plan_V1_Metrics.Method.StreamRowBatches.descriptor, deserializer: ProtobufDeserializer<StreamRowsRequest>(),
            serializer: ProtobufSerializer<RowBatch>()
        ) { [self] request, _ in
            let message = try await ServerRequest(stream: request).message
            seen.withLock { $0["StreamRowBatches"] = (message, request.metadata) }
            return StreamingServerResponse { writer in
                try await writer.write(RowBatch(rows: Array(Self.batchedRows.prefix(1))))
                try await writer.write(RowBatch(rows: Array(Self.batchedRows.dropFirst())))
                return [:]
            }
        }
    }

    /// The code named after `fail-` (`fail-notFound`).
    static func code(_ text: String) -> RPCError.Code? {
        let codes: [String: RPCError.Code] = [
            "notFound": .notFound, "invalidArgument": .invalidArgument, "unauthenticated": .unauthenticated,
            "permissionDenied": .permissionDenied, "resourceExhausted": .resourceExhausted, "unavailable": .unavailable,
            "deadlineExceeded": .deadlineExceeded, "internalError": .internalError, "dataLoss": .dataLoss,
            "unimplemented": .unimplemented, "aborted": .aborted,
        ]
        return codes[String(text.dropFirst(5))]
    }

    private func register<Transport: ServerTransport, Request: ProtobufCodable & Sendable, Response: ProtobufCodable & Sendable>(
        _ name: String, _ router: inout RPCRouter<Transport>, streaming: Bool = false,
        _ answer: @escaping @Sendable (Request) throws -> Response
    ) {
        router.registerHandler(
            forMethod: PlanContract.all.first { $0.descriptor.method == name }!.descriptor, deserializer: ProtobufDeserializer<Request>(),
            serializer: ProtobufSerializer<Response>()
        ) { [self] request, _ in
            let message = try await ServerRequest(stream: request).message
            seen.withLock { $0[name] = (message, request.metadata) }
            let response = try answer(message)
            if streaming {
                return StreamingServerResponse { writer in
                    try await writer.write(response)
                    try await writer.write(response)
                    return [:]
                }
            }
            return StreamingServerResponse(single: ServerResponse(message: response))
        }
    }

    /// The last request of `method` as `T`, with its metadata.
    func last<T>(_ method: String, as type: T.Type) -> (message: T, metadata: Metadata)? {
        seen.withLock { $0[method] }.flatMap { entry in (entry.message as? T).map { ($0, entry.metadata) } }
    }
}

/// The HTTP front over a fake backend on loopback, tested in memory (`.router`), for the
/// duration of `body`.
func withHTTPFront<T: Sendable>(
    token: String? = "http-test-token-0123456789", rateLimiter: RateLimiter? = nil, readsNeedToken: Bool = false,
    explorer: ExplorerAssets = ExplorerAssets(assets: [:]), eventStreamLimits: EventStreamLimits = .init(),
    _ body: @Sendable (HTTPFakeBackend, HTTPFront, any TestClientProtocol) async throws -> T
) async throws -> T {
    let backend = HTTPFakeBackend()
    let transport = PlanWireServerTransport(host: "127.0.0.1", port: 0)
    let server = GRPCServer(transport: transport, services: [backend])
    let logger = Logger(label: "http-test", factory: { _ in SwiftLogNoOpLogHandler() })
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.serve() }
        defer { server.beginGracefulShutdown() }
        let endpoint = Endpoint(host: "127.0.0.1", port: try await transport.listeningAddress.port!)
        let catalogue = BackendPool(serviceName: PlanContract.catalogueService, endpoints: [endpoint], logger: logger)
        let metrics = BackendPool(serviceName: PlanContract.metricsService, endpoints: [endpoint], logger: logger)
        group.addTask { try await catalogue.run() }
        group.addTask { try await metrics.run() }
        defer { group.cancelAll() }
        let front = HTTPFront(
            backends: GatewayBackends(catalogue: catalogue, metrics: metrics, configuration: .init()),
            access: AccessPolicy(token: try token.map { try WriteToken($0) }, readsNeedToken: readsNeedToken), rateLimiter: rateLimiter,
            host: "127.0.0.1", port: 0, explorer: explorer, eventStreamLimits: eventStreamLimits, logger: logger)
        let app = Application(router: front.router, logger: logger)
        return try await app.test(.router) { client in try await body(backend, front, client) }
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }
}
