import Foundation

/// Where a ``PostgresRecordingStore`` keeps its recordings, from a URL
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?schema=NAME&sslmode=MODE` (also `postgresql://`;
/// user and password percent-encoded; port 5432 by default).
///
/// `schema` (optional) puts the `recording` table in that schema, created if missing, instead of
/// the user's default (`public`): separate sets of recordings in one database. `sslmode` is
/// libpq's: `disable` (the default here), `prefer` and `require` (encrypted, certificate not
/// checked) or `verify-full` (certificate and host name checked).
///
/// The password never appears in ``description``: print a location, never the URL it came from.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted, as libpq's `sslmode`.
    public enum SSLMode: String, Sendable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String?
    public var schema: String?
    public var sslMode: SSLMode

    /// Whether `text` is a PostgreSQL URL rather than a SQLite path.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The location `url` names; an ``InvalidURL`` (which never repeats the password) otherwise.
    public init(url: String) throws(InvalidURL) {
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw InvalidURL(reason: "not a postgres:// URL", url: url)
        }
        guard let host = components.host, !host.isEmpty else { throw InvalidURL(reason: "no host", url: url) }
        guard let username = components.user, !username.isEmpty else {
            throw InvalidURL(reason: "no user", url: url)
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 5432
        self.username = username
        password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? nil : path
        schema = nil
        sslMode = .disable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "schema":
                guard let value = item.value, !value.isEmpty else { throw InvalidURL(reason: "empty schema", url: url) }
                schema = value
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw InvalidURL(reason: "sslmode must be disable, prefer, require or verify-full", url: url)
                }
                sslMode = mode
            default:
                throw InvalidURL(reason: "unknown parameter '\(item.name)' (schema and sslmode are known)", url: url)
            }
        }
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password == nil ? nil : "***"
        components.host = host.contains(":") ? "[\(host)]" : host
        components.port = port
        components.path = database.map { "/\($0)" } ?? ""
        var items: [URLQueryItem] = []
        if let schema { items.append(URLQueryItem(name: "schema", value: schema)) }
        if sslMode != .disable { items.append(URLQueryItem(name: "sslmode", value: sslMode.rawValue)) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? "postgres://\(username)@\(host):\(port)"
    }

    /// `text` with the password of every PostgreSQL URL in it replaced by `***`: for messages that
    /// may quote a URL that did not parse.
    public static func redacting(_ text: String) -> String {
        text.replacingOccurrences(
            of: #"(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@"#, with: "$1***@", options: .regularExpression)
    }

    /// A URL that does not name a PostgreSQL location; its description quotes the URL redacted.
    public struct InvalidURL: Error, CustomStringConvertible {
        public let reason: String
        let url: String

        public var description: String { "\(PostgresLocation.redacting(url)): \(reason)" }
    }
}
