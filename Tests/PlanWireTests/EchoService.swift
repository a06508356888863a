import Foundation
import GRPCCore
import NIOCore
import NIOPosix
import PlanWire
import Synchronization

/// Messages as raw bytes, so transport tests need no generated code.
struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

/// A test service with one method of each kind, and one that waits to be cancelled.
final class EchoService: RegistrableRPCService, Sendable {
    static let get = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Get")
    static let expand = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Expand")
    static let collect = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Collect")
    static let update = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Update")
    static let wait = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Wait")
    static let slow = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Slow")
    /// Answers [1] when its handler runs on one of NIO's event loops, [0] elsewhere.
    static let whereRun = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Where")
    /// Answers the client's address as the server sees it (which connection the call came on).
    static let peer = MethodDescriptor(fullyQualifiedService: "test.Echo", method: "Peer")

    /// How many `Get` calls this server answered.
    let gets = Atomic<Int>(0)
    /// The client addresses calls came from: one per connection.
    let peers = Mutex<Set<String>>([])

    /// How many `Wait` handlers saw their task cancelled.
    let cancelledWaits = Atomic<Int>(0)
    /// How many `Wait` handlers started.
    let startedWaits = Atomic<Int>(0)

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(forMethod: Self.get, deserializer: RawBytes(), serializer: RawBytes()) { [self] request, context in
            gets.add(1, ordering: .relaxed)
            _ = peers.withLock { $0.insert(context.remotePeer) }
            var received: [UInt8] = []
            for try await message in request.messages { received += message }
            let echoed = request.metadata[stringValues: "echo"].first(where: { _ in true })
            return StreamingServerResponse(single: ServerResponse(
                message: received, metadata: echoed.map { ["echoed": .string($0)] } ?? [:],
                trailingMetadata: ["served-by": "echo"]))
        }
        router.registerHandler(forMethod: Self.expand, deserializer: RawBytes(), serializer: RawBytes()) { request, context in
            var count = 0
            for try await message in request.messages { count = Int(message.first ?? 0) }
            let total = count
            return StreamingServerResponse { writer in
                for index in 0..<total { try await writer.write([UInt8(index)]) }
                return [:]
            }
        }
        router.registerHandler(forMethod: Self.collect, deserializer: RawBytes(), serializer: RawBytes()) { request, context in
            var total: [UInt8] = []
            for try await message in request.messages { total += message }
            return StreamingServerResponse(single: ServerResponse(message: total))
        }
        router.registerHandler(forMethod: Self.update, deserializer: RawBytes(), serializer: RawBytes()) { request, context in
            StreamingServerResponse { writer in
                for try await message in request.messages { try await writer.write(message.reversed()) }
                return [:]
            }
        }
        router.registerHandler(forMethod: Self.slow, deserializer: RawBytes(), serializer: RawBytes()) { request, context in
            var received: [UInt8] = []
            for try await message in request.messages { received += message }
            try await Task.sleep(for: .milliseconds(10 * Int(received.first ?? 0)))
            return StreamingServerResponse(single: ServerResponse(message: received))
        }
        router.registerHandler(forMethod: Self.whereRun, deserializer: RawBytes(), serializer: RawBytes()) { request, context in
            for try await _ in request.messages {}
            return StreamingServerResponse(single: ServerResponse(message: [onEventLoop ? 1 : 0]))
        }
        router.registerHandler(forMethod: Self.peer, deserializer: RawBytes(), serializer: RawBytes()) { request, context in
            for try await _ in request.messages {}
            return StreamingServerResponse(single: ServerResponse(message: Array(context.remotePeer.utf8)))
        }
        router.registerHandler(forMethod: Self.wait, deserializer: RawBytes(), serializer: RawBytes()) { [self] request, context in
            startedWaits.add(1, ordering: .relaxed)
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelledWaits.add(1, ordering: .relaxed)
                throw error
            }
            return StreamingServerResponse(single: ServerResponse(message: []))
        }
    }
}

/// Whether the caller runs on one of NIO's event loop threads.
var onEventLoop: Bool { MultiThreadedEventLoopGroup.currentEventLoop != nil }

/// Runs an echo server on a loopback port (a free one by default) for the duration of `body`.
func withEchoServer<T: Sendable>(
    service: EchoService = EchoService(), configuration: PlanWireConfiguration = .init(), port: Int = 0,
    _ body: (Endpoint, EchoService) async throws -> T
) async throws -> T {
    let transport = PlanWireServerTransport(host: "127.0.0.1", port: port, configuration: configuration)
    return try await withGRPCServer(transport: transport, services: [service]) { _ in
        let address = try await transport.listeningAddress
        return try await body(Endpoint(host: "127.0.0.1", port: address.port!), service)
    }
}

/// Runs a client of `endpoints` for the duration of `body`.
func withClient<T: Sendable>(
    _ endpoints: [Endpoint], configuration: PlanWireConfiguration = .init(),
    _ body: (GRPCClient<PlanWireClientTransport>) async throws -> T
) async throws -> T {
    try await withGRPCClient(transport: PlanWireClientTransport(endpoints: endpoints, configuration: configuration)) { client in
        try await body(client)
    }
}

extension GRPCClient<PlanWireClientTransport> {
    /// A unary call of `Slow`, answered after `tens` × 10 ms.
    func slow(_ tens: UInt8) async throws -> [UInt8] {
        try await unary(
            request: ClientRequest(message: [tens]), descriptor: EchoService.slow,
            serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
        ) { try $0.message }
    }

    /// A unary call of `Get` returning the message, or throwing the call's error.
    /// The client's address as the server saw it on this call's connection.
    func peer() async throws -> String {
        try await unary(
            request: ClientRequest(message: []), descriptor: EchoService.peer,
            serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
        ) { String(decoding: try $0.message, as: UTF8.self) }
    }

    func echo(_ message: [UInt8], metadata: Metadata = [:], options: CallOptions = .defaults) async throws -> [UInt8] {
        try await unary(
            request: ClientRequest(message: message, metadata: metadata), descriptor: EchoService.get,
            serializer: RawBytes(), deserializer: RawBytes(), options: options
        ) { try $0.message }
    }
}
