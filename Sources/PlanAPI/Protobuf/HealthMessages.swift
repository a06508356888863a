import CPlanProto
import PlanProtobuf

// grpc.health.v1 (Protos/grpc/health/v1/health.proto) as Swift values, with their encoding.

/// Asks for the health of one service (`grpc.health.v1.HealthCheckRequest`).
public struct HealthCheckRequest: Hashable, Sendable {
    /// The fully qualified service name (`plan.v1.Catalogue`); empty for the server as a whole.
    public var service: String

    public init(service: String = "") {
        self.service = service
    }
}

/// The health of a service (`grpc.health.v1.HealthCheckResponse`).
public struct HealthCheckResponse: Hashable, Sendable {
    /// Whether a service can take calls.
    public enum ServingStatus: CaseIterable, Hashable, Sendable {
        /// The status is not known.
        case unknown
        /// The service takes calls.
        case serving
        /// The service does not take calls.
        case notServing
        /// Only from Watch: the server does not know the service.
        case serviceUnknown
    }

    /// The service's status.
    public var status: ServingStatus

    public init(status: ServingStatus) {
        self.status = status
    }
}

extension HealthCheckRequest: ProtobufCodable {
    package func encode(into message: inout Health__HealthCheckRequest, arena: ProtobufArena) throws {
        message.service = try arena.cString(service, field: "service")
    }

    package init(decoding message: Health__HealthCheckRequest) throws {
        self.init(service: try Unpacked.string(message.service, field: "service"))
    }
}

extension HealthCheckResponse.ServingStatus {
    /// The protobuf enum value (here UNKNOWN = 0 is a status, not "unset").
    var protobufValue: Health__HealthCheckResponse__ServingStatus {
        switch self {
        case .unknown: HEALTH__HEALTH_CHECK_RESPONSE__SERVING_STATUS__UNKNOWN
        case .serving: HEALTH__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING
        case .notServing: HEALTH__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING
        case .serviceUnknown: HEALTH__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN
        }
    }
}

extension HealthCheckResponse: ProtobufCodable {
    package func encode(into message: inout Health__HealthCheckResponse, arena: ProtobufArena) throws {
        message.status = status.protobufValue
    }

    package init(decoding message: Health__HealthCheckResponse) throws {
        guard let status = ServingStatus.allCases.first(where: { $0.protobufValue == message.status }) else {
            throw ProtobufError(
                .invalidValue("\(message.status.rawValue) is not a serving status (0 … 3)"), field: "status")
        }
        self.init(status: status)
    }
}
