import Foundation
import GRPCCore

/// The bearer token that recording actuals needs (and reads, when configured), compared in
/// constant time so that the time of a refusal says nothing about the token. The gateway checks
/// it on its fronts and passes it on to the backends with each recording; plan-metrics checks
/// it again (``WriteAccessInterceptor``), so that reaching a replica directly is no way around
/// the gateway.
public struct WriteToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let bytes: [UInt8]

    /// A token of at least 16 characters; shorter ones are refused as guessable.
    public init(_ token: String) throws {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= 16 else {
            throw WriteTokenError("the write token must be at least 16 characters, got \(trimmed.utf8.count)")
        }
        bytes = Array(trimmed.utf8)
    }

    /// The token in the file at `path` (surrounding whitespace and newlines ignored).
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw WriteTokenError("cannot read the write token file \(path)")
        }
        try self.init(text)
    }

    /// Never the token itself, wherever the value is printed or logged.
    public var description: String { "WriteToken(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The token from the file `path` names when given, else `value` (the executables pass
    /// their environment's `PLAN_WRITE_TOKEN`), else none.
    public static func configured(file path: String?, value: String?) throws -> WriteToken? {
        if let path { return try WriteToken(contentsOfFile: path) }
        return try value.map { try WriteToken($0) }
    }

    /// The `authorization` metadata value that carries this token: `Bearer <token>`. Only for
    /// sending it on; never log it.
    public var authorization: String { "Bearer " + String(decoding: bytes, as: UTF8.self) }

    /// Whether `header` (an `authorization` value) is `Bearer <this token>`.
    public func accepts(authorization header: String?) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        return Self.constantTimeEqual(Array(header.dropFirst(7).utf8), bytes)
    }

    /// Whether `a` and `b` are equal, in a time that depends only on their lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : 0
            let right = index < b.count ? b[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}

/// A write token that cannot be used, with a message saying why (never the token).
public struct WriteTokenError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Metadata {
    /// Takes the `authorization` metadata off: returns its first value and removes every one,
    /// so that no handler, interceptor after this one or log line sees the credential.
    public mutating func takeAuthorization() -> String? {
        let authorization = self[stringValues: "authorization"].first(where: { _ in true })
        removeAllValues(forKey: "authorization")
        return authorization
    }
}
