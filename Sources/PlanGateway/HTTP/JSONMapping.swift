import Hummingbird
import PlanPresentation

/// The JSON mapping of the HTTP front is PlanPresentation's, shared with `planctl`.
public typealias JSONMapping = PlanPresentation.JSONMapping

extension PlanPresentation.JSONMapping {
    /// A 200 (or `status`) response with the JSON of `value`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encodeBytes(value))))
    }
}
