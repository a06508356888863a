import GRPCCore
import PlanWire
import PlanAPI
import PlanProtobuf

/// Calls of the contract's methods through one client, each with the same deadline.
struct GatewayCalls {
    let client: GRPCClient<PlanWireClientTransport>
    let timeout: Duration

    /// Calls the unary `method` (`Plan_V1_Metrics.Method.Aggregate.self`) with `request`.
    func call<Method: PlanMethod>(
        _ method: Method.Type, _ request: Method.Input, metadata: Metadata = [:]
    ) async throws -> Method.Output {
        try await unary(method.descriptor, request, metadata: metadata)
    }

    /// One unary call.
    func unary<Request: ProtobufCodable & Sendable, Response: ProtobufCodable & Sendable>(
        _ descriptor: MethodDescriptor, _ request: Request, metadata: Metadata = [:]
    ) async throws -> Response {
        var options = CallOptions.defaults
        options.timeout = timeout
        return try await client.unary(
            request: ClientRequest(message: request, metadata: metadata), descriptor: descriptor,
            serializer: ProtobufSerializer<Request>(failureCode: .invalidArgument),
            deserializer: ProtobufDeserializer<Response>(), options: options
        ) { try $0.message }
    }

    /// Every page of a paged method: `fetch` is given each page token in turn ("" first) and
    /// answers the page with the next token; stops after the last page or once `enough` says so.
    func pages<Page>(
        _ fetch: (String) async throws -> (page: Page, next: String), enough: ([Page]) -> Bool = { _ in false }
    ) async throws -> [Page] {
        var pages: [Page] = []
        var token = ""
        repeat {
            let (page, next) = try await fetch(token)
            pages.append(page)
            token = next
        } while !token.isEmpty && !enough(pages)
        return pages
    }
}
