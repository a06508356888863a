#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PlanWire
import PlanAPI

/// Turns a configured endpoint (`plan-metrics:7002`) into the addresses it names now: every
/// IPv4 and IPv6 address its host resolves to, so that a name with several records (a
/// Kubernetes headless Service, one record per pod) becomes one replica per pod. An address
/// (`127.0.0.1:7002`) resolves to itself.
public struct AddressResolver: Sendable {
    private let resolve: @Sendable (Endpoint) throws -> [Endpoint]

    /// The system resolver (`getaddrinfo`).
    public static let system = AddressResolver { endpoint in try systemResolve(endpoint) }

    /// A resolver that answers with `resolve`, for tests.
    public init(_ resolve: @escaping @Sendable (Endpoint) throws -> [Endpoint]) {
        self.resolve = resolve
    }

    /// The addresses `endpoint` names, without duplicates, in a stable order; an error naming
    /// the host when it resolves to none.
    public func addresses(of endpoint: Endpoint) throws -> [Endpoint] {
        var seen = Set<Endpoint>()
        return try resolve(endpoint).filter { seen.insert($0).inserted }.sorted { $0.description < $1.description }
    }

    private static func systemResolve(_ endpoint: Endpoint) throws -> [Endpoint] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard status == 0, let first = list else {
            throw ResolutionError(host: endpoint.host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var addresses: [Endpoint] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if let address = current.pointee.ai_addr,
                getnameinfo(address, current.pointee.ai_addrlen, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0
            {
                let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                addresses.append(Endpoint(host: text, port: endpoint.port))
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }

    /// A host that did not resolve.
    public struct ResolutionError: Error, CustomStringConvertible {
        public let host: String
        public let reason: String
        public var description: String { "cannot resolve '\(host)': \(reason)" }

        public init(host: String, reason: String) {
            self.host = host
            self.reason = reason
        }
    }
}
