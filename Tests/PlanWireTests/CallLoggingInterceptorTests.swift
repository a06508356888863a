import GRPCCore
import Logging
import PlanWire
import PlanServerRuntime
import Synchronization
import Testing

/// A log handler that keeps every entry, for tests.
final class CapturingLogHandler: LogHandler, Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    let entries = Mutex<[Entry]>([])
    private let stored = Mutex<(Logger.Metadata, Logger.Level)>(([:], .trace))

    var metadata: Logger.Metadata {
        get { stored.withLock { $0.0 } }
        set { stored.withLock { $0.0 = newValue } }
    }
    var logLevel: Logger.Level {
        get { stored.withLock { $0.1 } }
        set { stored.withLock { $0.1 = newValue } }
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        let all = self.metadata.merging(explicit ?? [:]) { $1 }.mapValues { "\($0)" }
        entries.withLock { $0.append(Entry(level: level, message: "\(message)", metadata: all)) }
    }
}

@Suite("Call logging")
struct CallLoggingInterceptorTests {
    @Test("Every call is logged with its method, status, duration, peer and the caller's request id")
    func logsCalls() async throws {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        let transport = PlanWireServerTransport(host: "127.0.0.1", port: 0)
        let server = GRPCServer(
            transport: transport, services: [EchoService()], interceptors: [CallLoggingInterceptor(logger: logger)])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            let port = try #require(try await transport.listeningAddress.port)
            try await withClient([Endpoint(host: "127.0.0.1", port: port)]) { client in
                _ = try await client.echo([1], metadata: [CallLoggingInterceptor.requestIDKey: "req-42"])
            }
            server.beginGracefulShutdown()
        }
        let entries = handler.entries.withLock { $0 }
        let ok = try #require(entries.first { $0.metadata["request-id"] == "req-42" })
        #expect(ok.level == .debug && ok.message == "OK")
        #expect(ok.metadata["method"] == "test.Echo/Get")
        #expect(ok.metadata["duration_us"].flatMap { Int($0) } != nil && ok.metadata["peer"] != nil)
    }

    @Test("A server-side failure logs at warning, a caller's mistake at info")
    func levels() {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        CallLoggingInterceptor.log(RPCError(code: .invalidArgument, message: "year: 2017"), after: .zero, to: logger)
        CallLoggingInterceptor.log(RPCError(code: .internalError, message: "storage: disk I/O"), after: .zero, to: logger)
        let entries = handler.entries.withLock { $0 }
        #expect(entries.map(\.level) == [.info, .warning])
        #expect(entries.map { $0.metadata["message"] } == ["year: 2017", "storage: disk I/O"])
    }
}
