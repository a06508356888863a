import GRPCCore
import PlanProtobuf

/// One method of the contract, as the generated stubs describe it
/// (`Plan_V1_Metrics.Method.Aggregate`): its request and response messages, its descriptor and
/// whether the server streams. Code that names a method by its type is checked by the compiler
/// against Protos/.
package protocol PlanMethod: Sendable {
    /// The request message.
    associatedtype Input: ProtobufCodable & Sendable
    /// The response message (each of them, for a streaming method).
    associatedtype Output: ProtobufCodable & Sendable

    /// The method's descriptor, `plan.v1.Metrics/Aggregate`.
    static var descriptor: MethodDescriptor { get }
    /// Whether the server streams its responses (every request is one message).
    static var serverStreaming: Bool { get }
}
