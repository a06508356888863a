import GRPCCore
import PlanAPI

/// The binary front: every method of the contract (`Protos/`), served by forwarding the
/// message bytes unchanged to the backend that serves it, with the caller's metadata (request
/// id included) and what is left of its deadline; the backend's answer, metadata and status
/// come back as they are.
public struct ForwardingService: RegistrableRPCService {
    let backends: GatewayBackends

    public init(backends: GatewayBackends) {
        self.backends = backends
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for method in PlanContract.all {
            router.registerHandler(
                forMethod: method.descriptor, deserializer: RawMessage(), serializer: RawMessage()
            ) { request, context in
                let call = backends.call(for: method, metadata: request.metadata)
                let message = try await ServerRequest(stream: request).message
                let outgoing = ClientRequest(message: message, metadata: call.metadata)
                let retryable = backends.mayRetry(method, message: message)
                if method.serverStreaming {
                    return StreamingServerResponse { writer in
                        try await call.pool.serverStreaming(
                            method.descriptor, request: outgoing, serializer: RawMessage(), deserializer: RawMessage(),
                            deadline: call.deadline, retryable: retryable
                        ) { response in
                            var trailers: Metadata = [:]
                            for try await part in response.bodyParts {
                                switch part {
                                case .message(let bytes): try await writer.write(bytes)
                                case .trailingMetadata(let metadata): trailers = metadata
                                }
                            }
                            return trailers
                        }
                    }
                }
                let response = try await call.pool.unary(
                    method.descriptor, request: outgoing, serializer: RawMessage(), deserializer: RawMessage(),
                    deadline: call.deadline, retryable: retryable)
                return StreamingServerResponse(
                    single: ServerResponse(
                        message: try response.message, metadata: response.metadata,
                        trailingMetadata: response.trailingMetadata))
            }
        }
    }
}

/// Messages as their bytes: the gateway forwards without decoding.
struct RawMessage: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}
