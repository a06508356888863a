import CompressNIO
import Foundation
import Hummingbird
import Logging

/// The files of the explorer (the web page at `/`), held in memory as the gateway serves them:
/// each with its media type, a strong ETag and, when it is smaller so, its gzip encoding, all
/// worked out once when the gateway starts.
///
/// The page's own files (`Sources/PlanGateway/ExplorerAssets/`: HTML, CSS and plain JavaScript
/// modules) are a SwiftPM resource of this module, found next to the executable as the
/// embedded document is (`ProgrammePlan_PlanGateway.resources`). The chart library is Debian's
/// `libjs-chart.js`, read from ``defaultChartLibraryPath`` or the path configured; when it is
/// missing the page works without charts and says so.
public struct ExplorerAssets: Sendable {
    /// One file as served.
    public struct Asset: Sendable {
        /// The `Content-Type`.
        public var mediaType: String
        /// The bytes.
        public var identity: ByteBuffer
        /// The gzip encoding, when smaller than the bytes.
        public var gzip: ByteBuffer?
        /// The strong ETag (quoted), the same for both encodings' content (RFC 9110 §8.8.3: a
        /// cache keys it with `Vary: Accept-Encoding`, so the gzip variant gets its own tag).
        public var etag: String

        /// An asset of `bytes`, gzip-encoded when that saves bytes.
        public init(mediaType: String, bytes: [UInt8]) {
            self.mediaType = mediaType
            identity = ByteBuffer(bytes: bytes)
            var input = identity
            let compressed = try? input.compress(with: .gzip(configuration: .init(compressionLevel: 9)))
            gzip = compressed.flatMap { $0.readableBytes < bytes.count ? $0 : nil }
            etag = "\"\(Self.digest(bytes))-\(bytes.count)\""
        }

        /// FNV-1a 64 of `bytes` in hex: enough to tell versions of a file apart (an ETag is not a
        /// security check).
        static func digest(_ bytes: [UInt8]) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return String(hash, radix: 16)
        }
    }

    /// The served name of the chart library (`/explorer/chart.min.js`).
    public static let chartLibraryName = "chart.min.js"
    /// Where Debian's `libjs-chart.js` puts Chart.js (the UMD build, global `Chart`).
    public static let defaultChartLibraryPath = "/usr/share/javascript/chart.js/chart.min.js"
    /// The name of the page, served at `/`.
    public static let pageName = "index.html"

    /// The files by name (`index.html`, `app.js`, `chart.min.js`).
    public var assets: [String: Asset]
    /// The chart library's path when it could not be read, for the 404 that names it.
    public var missingChartLibrary: String?

    /// The assets given (tests), with the chart library missing at `missingChartLibrary` if set.
    public init(assets: [String: Asset], missingChartLibrary: String? = nil) {
        self.assets = assets
        self.missingChartLibrary = missingChartLibrary
    }

    /// The page's files from `directory` (every regular file in it, by name) and the chart
    /// library from `chartLibraryPath`. A missing chart library is logged once, as a warning.
    public static func load(directory: URL, chartLibraryPath: String, logger: Logger) throws -> ExplorerAssets {
        var assets: [String: Asset] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for name in names.sorted() where !name.hasPrefix(".") {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            assets[name] = Asset(mediaType: mediaType(of: name), bytes: Array(data))
        }
        guard assets[pageName] != nil else {
            throw ExplorerAssetsError(message: "the explorer's \(pageName) is missing from \(directory.path)")
        }
        if let chart = FileManager.default.contents(atPath: chartLibraryPath) {
            assets[chartLibraryName] = Asset(mediaType: mediaType(of: chartLibraryName), bytes: Array(chart))
            return ExplorerAssets(assets: assets)
        }
        logger.warning(
            "the explorer's chart library is missing: the page works without charts; install Debian's libjs-chart.js or set --chart-library",
            metadata: ["path": "\(chartLibraryPath)"])
        return ExplorerAssets(assets: assets, missingChartLibrary: chartLibraryPath)
    }

    /// The page's files shipped with the gateway (this module's resource bundle) and the chart
    /// library from `chartLibraryPath`.
    public static func bundled(chartLibraryPath: String = defaultChartLibraryPath, logger: Logger) throws -> ExplorerAssets {
        guard let directory = Bundle.module.url(forResource: "ExplorerAssets", withExtension: nil) else {
            throw ExplorerAssetsError(message: "the explorer's files are not in the gateway's resource bundle")
        }
        return try load(directory: directory, chartLibraryPath: chartLibraryPath, logger: logger)
    }

    /// The media type served for a file name, by its extension.
    static func mediaType(of name: String) -> String {
        switch name.split(separator: ".").last.map(String.init) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json; charset=utf-8"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}

/// The explorer's files could not be loaded.
public struct ExplorerAssetsError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
