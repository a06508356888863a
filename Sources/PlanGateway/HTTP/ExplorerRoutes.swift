import HTTPTypes
import Hummingbird

/// The explorer: `GET /` (the page) and `GET /explorer/{asset}` (its styles, scripts and the
/// chart library). Every answer carries a strong ETag (`If-None-Match` gets 304), `Cache-Control:
/// no-cache` (a browser revalidates, which costs a 304 of no body) and `Vary: Accept-Encoding`;
/// gzip when the client accepts it. The page is built only on the public HTTP API; it holds no
/// secret (the write token is typed by the user and kept in the tab's sessionStorage).
enum ExplorerRoutes {
    static func routes(_ explorer: ExplorerAssets) -> [HTTPRoute] {
        [
            HTTPRoute(
                method: .get, path: "/", operationID: "explorer",
                summary: "The explorer: a web page for people on this API (HTML).", responseSchema: "",
                mediaType: "text/html"
            ) { request, _, _ in
                try respond(explorer, name: ExplorerAssets.pageName, request: request)
            },
            HTTPRoute(
                method: .get, path: "/explorer/{asset}", operationID: "explorerAsset",
                summary: "A file of the explorer: its styles, scripts and the chart library.",
                pathParameters: [
                    ParameterSpec(
                        name: "asset", description: "The file's name.", required: true, example: "app.js",
                        maxLength: ParameterSpec.idMaxLength)
                ], responseSchema: "", mediaType: "text/javascript",
                otherMediaTypes: ["text/css", "text/html", "image/svg+xml", "application/json", "image/png", "image/x-icon",
                    "application/octet-stream"]
            ) { request, _, query in
                try respond(explorer, name: try query.path("asset"), request: request)
            },
        ]
    }

    /// The headers every explorer answer has: `no-cache` (revalidate with the ETag), a content
    /// security policy allowing only this origin's scripts, styles and connections, and no
    /// content sniffing.
    static let securityHeaders: HTTPFields = [
        .cacheControl: "no-cache",
        .vary: "Accept-Encoding",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Content-Security-Policy")!:
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    /// The answer for the asset `name`: 404 for a name the explorer has not (naming the chart
    /// library's path when that is what is missing), 304 when `If-None-Match` has its tag,
    /// else the bytes, gzip-encoded when the client accepts gzip.
    static func respond(_ explorer: ExplorerAssets, name: String, request: Request) throws -> Response {
        guard let asset = explorer.assets[name] else {
            if name == ExplorerAssets.chartLibraryName, let path = explorer.missingChartLibrary {
                throw HTTPProblem(
                    .notFound, "the gateway has no chart library (\(path) is missing: install Debian's libjs-chart.js or set --chart-library)")
            }
            throw HTTPProblem(.notFound, "the explorer has no file '\(name)'")
        }
        let gzip = asset.gzip.flatMap { acceptsGzip(request.headers[values: .acceptEncoding]) ? $0 : nil }
        let etag = gzip == nil ? asset.etag : String(asset.etag.dropLast()) + "-gzip\""
        var headers = securityHeaders
        headers[.eTag] = etag
        headers[.contentType] = asset.mediaType
        if matches(request.headers[values: .ifNoneMatch], etag: etag) {
            return Response(status: .notModified, headers: headers)
        }
        if gzip != nil { headers[.contentEncoding] = "gzip" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzip ?? asset.identity))
    }

    /// Whether `Accept-Encoding` values accept gzip: listed (or `*`) without `q=0`.
    static func acceptsGzip(_ values: [String]) -> Bool {
        var gzip: Bool?
        var any: Bool?
        for item in values.joined(separator: ",").split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, !coding.isEmpty else { continue }
            let refused = parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "").range(of: #"^q=0(\.0*)?$"#, options: .regularExpression) != nil }
            switch coding {
            case "gzip", "x-gzip": gzip = !refused
            case "*": any = !refused
            default: break
            }
        }
        return gzip ?? any ?? false
    }

    /// Whether `If-None-Match` values name `etag` (or are `*`); weak comparison, as RFC 9110 §13.1.2 asks.
    static func matches(_ values: [String], etag: String) -> Bool {
        let tags = values.joined(separator: ",").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return tags.contains { $0 == "*" || $0 == etag || $0 == "W/" + etag }
    }
}
