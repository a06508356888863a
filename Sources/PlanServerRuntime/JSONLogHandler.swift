import Foundation
import Logging
import Synchronization

/// A `LogHandler` that writes one JSON object per line, for log shippers:
///
/// ```json
/// {"timestamp":"2026-01-02T03:04:05.678Z","level":"info","label":"plan-metrics","message":"OK","source":"PlanWire","metadata":{"method":"plan.v1.Metrics/Aggregate","request-id":"r1"}}
/// ```
///
/// `metadata` holds the handler's, the provider's and the call's metadata merged (the call's
/// wins); nested lists and dictionaries stay JSON arrays and objects, every other value is its
/// string. Each line is written whole with one call of `write`.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    /// A handler for `label` handing each line (with its newline) to `write`.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// A handler for `label` writing to standard error.
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> JSONLogHandler {
        JSONLogHandler(label: label, metadataProvider: metadataProvider) { line in
            StandardErrorLines.shared.write(line)
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let metadata = event.metadata { merged.merge(metadata) { _, new in new } }
        var line = "{"
        Self.append(key: "timestamp", string: Self.timestamp(), to: &line)
        line += ","
        Self.append(key: "level", string: event.level.rawValue, to: &line)
        line += ","
        Self.append(key: "label", string: label, to: &line)
        line += ","
        Self.append(key: "message", string: "\(event.message)", to: &line)
        line += ","
        Self.append(key: "source", string: event.source, to: &line)
        line += ",\"metadata\":"
        Self.append(.dictionary(merged), to: &line)
        line += "}\n"
        write(line)
    }

    /// Now in ISO 8601 UTC with milliseconds: `2026-01-02T03:04:05.678Z`.
    static func timestamp() -> String {
        Date.now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func append(key: String, string: String, to line: inout String) {
        appendQuoted(key, to: &line)
        line += ":"
        appendQuoted(string, to: &line)
    }

    private static func append(_ value: Logger.MetadataValue, to line: inout String) {
        switch value {
        case .string(let string): appendQuoted(string, to: &line)
        case .stringConvertible(let value): appendQuoted(value.description, to: &line)
        case .array(let values):
            line += "["
            for (index, value) in values.enumerated() {
                if index > 0 { line += "," }
                append(value, to: &line)
            }
            line += "]"
        case .dictionary(let values):
            line += "{"
            for (index, key) in values.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                appendQuoted(key, to: &line)
                line += ":"
                append(values[key]!, to: &line)
            }
            line += "}"
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func appendQuoted(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}

/// Standard error, one whole line at a time from any thread.
final class StandardErrorLines: Sendable {
    static let shared = StandardErrorLines()
    private let lock = Mutex(())

    func write(_ line: String) {
        let bytes = Data(line.utf8)
        lock.withLock { _ in FileHandle.standardError.write(bytes) }
    }
}
