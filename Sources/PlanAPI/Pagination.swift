import Foundation
import GRPCCore

/// Pages of a list: the page size a request asks for, and opaque page tokens. Shared by the
/// services (catalogue, metrics) so that every list pages the same way.
///
/// A token records where the next page starts and a fingerprint of the filters the list was
/// asked with, so a token used with other filters (or made up) is refused rather than
/// silently giving the wrong page.
public struct Pagination: Sendable {
    /// The page size when a request names none.
    public var defaultPageSize: Int
    /// The largest page a list returns; larger requests are capped to it.
    public var maxPageSize: Int

    public init(defaultPageSize: Int = 10, maxPageSize: Int = 100) {
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
    }

    /// The number of items a page holds for a requested `pageSize` (0: the default).
    public func size(for pageSize: Int) throws(RPCError) -> Int {
        guard pageSize >= 0 else {
            throw RPCError(code: .invalidArgument, message: "page_size must not be negative, got \(pageSize)")
        }
        return pageSize == 0 ? defaultPageSize : min(pageSize, maxPageSize)
    }

    /// The page of `items` that `pageSize` and `pageToken` ask for, and the token of the next
    /// page (empty when this is the last). `filters` describes the request's filters: a token
    /// is only valid with the filters it was given out for.
    public func page<Item>(
        of items: [Item], pageSize: Int, pageToken: String, filters: String
    ) throws(RPCError) -> (items: [Item], nextPageToken: String) {
        let size = try size(for: pageSize)
        let fingerprint = Self.fingerprint(filters)
        let start: Int
        if pageToken.isEmpty {
            start = 0
        } else if let offset = Self.offset(in: pageToken, fingerprint: fingerprint), offset > 0, offset < items.count {
            start = offset
        } else {
            throw RPCError(
                code: .invalidArgument,
                message: "page_token '\(pageToken)' is not one this service gave out for these filters")
        }
        let end = min(start + size, items.count)
        let next = end < items.count ? Self.token(offset: end, fingerprint: fingerprint) : ""
        return (Array(items[start..<end]), next)
    }

    /// The token of the page starting at `offset`: base64url of `offset.fingerprint`.
    static func token(offset: Int, fingerprint: UInt64) -> String {
        base64URL(Array("\(offset).\(String(fingerprint, radix: 16))".utf8))
    }

    /// The offset a token names, if it is well formed and carries `fingerprint`.
    static func offset(in token: String, fingerprint: UInt64) -> Int? {
        guard let bytes = decodeBase64URL(token), let text = String(validating: bytes, as: UTF8.self) else {
            return nil
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let offset = Int(parts[0]), UInt64(parts[1], radix: 16) == fingerprint else {
            return nil
        }
        return offset
    }

    /// FNV-1a of the filters' UTF-8: stable across runs and processes, unlike `hashValue`.
    static func fingerprint(_ filters: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in filters.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func decodeBase64URL(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { Array($0) }
    }
}
