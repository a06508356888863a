import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import PlanGateway

@Suite("The explorer's files: media types, ETags, gzip, the chart library")
struct ExplorerTests {
    static let logger = Logger(label: "explorer-test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The files shipped with the gateway, with a chart library from a temporary file.
    static func shipped(chart: String = "window.Chart = function () {};\n" + String(repeating: "/* padding */\n", count: 200)) throws
        -> ExplorerAssets
    {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chart-\(UUID().uuidString).js").path
        try Data(chart.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ExplorerAssets.bundled(chartLibraryPath: path, logger: logger)
    }

    @Test("The page and every module it imports are shipped, each with its media type")
    func everyModuleIsShipped() throws {
        let explorer = try Self.shipped()
        let page = try #require(explorer.assets["index.html"])
        #expect(page.mediaType == "text/html; charset=utf-8")
        let html = String(buffer: page.identity)
        #expect(html.contains(#"src="explorer/app.js""#) && html.contains(#"src="explorer/chart.min.js""#))
        #expect(explorer.assets["explorer.css"]?.mediaType == "text/css; charset=utf-8")
        // Every file the page names (scripts, styles, preloaded modules) is shipped.
        let named = html.matches(of: /(?:src|href)="explorer\/([a-z.-]+)"/).map { String($0.1) }
        #expect(named.count >= 12)
        for name in named { #expect(explorer.assets[name] != nil, "index.html names \(name), which is not shipped") }
        // Every `from "./x.js"` of every module names a shipped file.
        let modules = explorer.assets.filter { $0.key.hasSuffix(".js") && $0.key != ExplorerAssets.chartLibraryName }
        #expect(modules.count >= 8)
        for (name, asset) in modules {
            #expect(asset.mediaType == "text/javascript; charset=utf-8")
            let source = String(buffer: asset.identity)
            for match in source.matches(of: /from "\.\/([a-z-]+\.js)"/) {
                #expect(explorer.assets[String(match.1)] != nil, "\(name) imports \(match.1), which is not shipped")
            }
        }
    }

    @Test("gzip when accepted (the same bytes once decompressed), identity otherwise; ETag and 304 per encoding")
    func gzipAndETags() async throws {
        try await withHTTPFront(explorer: try Self.shipped()) { _, _, client in
            let plain = try await client.execute(uri: "/explorer/app.js", method: .get)
            #expect(plain.status == .ok && plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(plain.headers[.cacheControl] == "no-cache" && plain.headers[.vary] == "Accept-Encoding")
            let zipped = try await client.execute(uri: "/explorer/app.js", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.body.readableBytes < plain.body.readableBytes)
            var compressed = zipped.body
            #expect(try compressed.decompress(with: .gzip()) == plain.body)
            let etag = try #require(plain.headers[.eTag])
            #expect(zipped.headers[.eTag] != etag)
            let cached = try await client.execute(uri: "/explorer/app.js", method: .get, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified && cached.body.readableBytes == 0)
            let other = try await client.execute(uri: "/explorer/app.js", method: .get, headers: [.ifNoneMatch: "\"stale\""])
            #expect(other.status == .ok)
            let refused = try await client.execute(uri: "/explorer/app.js", method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil)
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok && page.text.contains("<main id=\"view\""))
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
        }
    }

    @Test("An unknown file is a 404 problem; a missing chart library is a 404 naming its path, and the rest is served")
    func missingFiles() async throws {
        let missing = "/nonexistent/chart.min.js"
        let explorer = try ExplorerAssets.bundled(chartLibraryPath: missing, logger: Self.logger)
        #expect(explorer.missingChartLibrary == missing && explorer.assets[ExplorerAssets.chartLibraryName] == nil)
        try await withHTTPFront(explorer: explorer) { _, _, client in
            let chart = try await client.execute(uri: "/explorer/chart.min.js", method: .get)
            #expect(chart.status == .notFound && chart.headers[.contentType] == "application/problem+json")
            #expect((chart.object["detail"] as? String)?.contains(missing) == true)
            let unknown = try await client.execute(uri: "/explorer/secret.txt", method: .get)
            #expect(unknown.status == .notFound && (unknown.object["detail"] as? String)?.contains("secret.txt") == true)
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
        }
    }

    @Test("Accept-Encoding: gzip listed or *, unless q=0")
    func acceptEncoding() {
        #expect(ExplorerRoutes.acceptsGzip(["gzip, deflate, br"]))
        #expect(ExplorerRoutes.acceptsGzip(["br", "GZIP;q=0.5"]))
        #expect(ExplorerRoutes.acceptsGzip(["*"]))
        #expect(!ExplorerRoutes.acceptsGzip(["gzip;q=0"]))
        #expect(!ExplorerRoutes.acceptsGzip(["*;q=0.0"]))
        #expect(!ExplorerRoutes.acceptsGzip(["*", "gzip; q=0"]))
        #expect(!ExplorerRoutes.acceptsGzip([]))
        #expect(!ExplorerRoutes.acceptsGzip(["identity"]))
    }

    @Test("The API's JSON answers are gzip-encoded when accepted and large enough; small ones and refusals are not")
    func apiCompression() async throws {
        try await withHTTPFront { _, _, client in
            let plain = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(plain.headers[.contentEncoding] == nil && plain.body.readableBytes > ResponseCompressionMiddleware.minimumSize)
            let zipped = try await client.execute(uri: "/openapi.json", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(zipped.headers[.contentEncoding] == "gzip" && zipped.headers[.vary] == "Accept-Encoding")
            var compressed = zipped.body
            #expect(try compressed.decompress(with: .gzip()) == plain.body)
            let small = try await client.execute(uri: "/healthz", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(small.headers[.contentEncoding] == nil && small.object["status"] as? String == "ok")
        }
    }
}
