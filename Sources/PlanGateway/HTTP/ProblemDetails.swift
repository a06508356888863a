import Foundation
import Hummingbird

/// An error the HTTP front answers with an RFC 9457 problem document
/// (`application/problem+json`): `type`, `title`, `status`, `detail` and `request_id`, plus
/// `parameter` when one request parameter or body field is at fault.
public struct HTTPProblem: Error, Sendable, Equatable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong, for the client; never internals.
    public var detail: String
    /// The query or path parameter, header or body field at fault.
    public var parameter: String?
    /// Seconds before the client should try again (a `Retry-After` header).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ detail: String, parameter: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.detail = detail
        self.parameter = parameter
        self.retryAfter = retryAfter
    }

    /// A 400 naming `parameter`.
    static func badParameter(_ parameter: String, _ detail: String) -> HTTPProblem {
        HTTPProblem(.badRequest, detail, parameter: parameter)
    }

    /// The `type` URI of a status: a stable name per status, e.g. `urn:plan:problem:not-found`.
    public static func type(of status: HTTPResponse.Status) -> String {
        "urn:plan:problem:" + status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-")
    }

    /// The problem document for the request with id `requestID`.
    public func document(requestID: String) -> ProblemDocument {
        ProblemDocument(
            type: Self.type(of: status), title: status.reasonPhrase, status: status.code, detail: detail,
            requestID: requestID, parameter: parameter)
    }

    /// The response carrying the problem document, with `Retry-After` when set.
    func response(requestID: String) -> Response {
        var headers: HTTPFields = [.contentType: ProblemDocument.mediaType]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = (try? JSONMapping.encode(document(requestID: requestID))) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// An RFC 9457 problem document as the HTTP front sends it.
public struct ProblemDocument: Codable, Equatable, Sendable {
    /// The media type of problem documents.
    public static let mediaType = "application/problem+json"
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var requestID: String
    public var parameter: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, parameter
        case requestID = "request_id"
    }
}
