import Hummingbird
import HummingbirdTesting
import Logging
import NIOPosix
import Testing

@testable import PlanGateway

/// Where the HTTP front runs its handlers (`--http-handlers`), over a real socket: on the
/// connection's event loop, or on the concurrency pool.
@Suite("HTTP handlers on the event loop or the pool")
struct HTTPHandlerPlacementTests {
    /// A live server whose one route answers whether its handler ran on an event loop thread,
    /// asked three times on one connection.
    static func placements(handlersOnEventLoop: Bool) async throws -> [String] {
        let router = Router()
        router.get("/where") { _, _ in MultiThreadedEventLoopGroup.currentEventLoop == nil ? "pool" : "loop" }
        let app = Application(
            router: router,
            server: .guardedHTTP1(
                configuration: HTTPLimits.http1, limits: .init(), writeTimeout: .seconds(5),
                handlersOnEventLoop: handlersOnEventLoop),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: Logger(label: "placement-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await app.test(.live) { client in
            var answers: [String] = []
            for _ in 0..<3 {
                let response = try await client.execute(uri: "/where", method: .get)
                #expect(response.status == .ok)
                answers.append(String(buffer: response.body))
            }
            return answers
        }
    }

    @Test("By default each connection's requests are handled on its event loop")
    func onTheLoop() async throws {
        #expect(try await Self.placements(handlersOnEventLoop: true) == ["loop", "loop", "loop"])
    }

    @Test("--http-handlers pool handles them on the concurrency pool, as Hummingbird does")
    func onThePool() async throws {
        #expect(try await Self.placements(handlersOnEventLoop: false) == ["pool", "pool", "pool"])
    }
}
