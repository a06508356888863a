import Hummingbird
import PlanPresentation

extension Table {
    /// The `text/csv` response (RFC 4180: CRLF line ends, quoted fields where needed).
    var response: Response {
        Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}

/// What a handler answers: a value for JSON and, on routes with CSV, its table.
struct Reply: Sendable {
    var json: any Encodable & Sendable
    var csv: (@Sendable () -> Table)?
    var status: HTTPResponse.Status = .ok

    init(_ json: any Encodable & Sendable, status: HTTPResponse.Status = .ok, csv: (@Sendable () -> Table)? = nil) {
        self.json = json
        self.status = status
        self.csv = csv
    }

    /// The response in the format asked for: `format=csv|json` wins, else CSV when the Accept
    /// header asks for `text/csv` before any JSON type, else JSON.
    func response(request: Request, query: QueryParameters) throws -> Response {
        if let csv, try Self.wantsCSV(request: request, query: query) { return csv().response }
        return try JSONMapping.response(json, status: status)
    }

    static func wantsCSV(request: Request, query: QueryParameters) throws(HTTPProblem) -> Bool {
        if let format = try query.string("format") {
            switch format {
            case "csv": return true
            case "json": return false
            default: throw .badParameter("format", "'format' must be json or csv, not '\(format)'")
            }
        }
        let accept = request.headers[values: .accept].joined(separator: ",").lowercased()
        guard let csv = accept.range(of: "text/csv") else { return false }
        if let json = accept.range(of: "json") { return csv.lowerBound < json.lowerBound }
        return true
    }
}
