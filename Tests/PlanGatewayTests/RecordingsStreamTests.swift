import Foundation
import GRPCCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PlanGateway
@testable import PlanAPI

@Suite("GET /v1/recordings/stream: the event stream's state machine, limits and route")
struct RecordingsStreamTests {
    @Test("Each sequence once however many replicas send it; id is the sequence, data the recording's JSON")
    func deduplicates() throws {
        var stream = RecordingsEventStream(memory: 2)
        let first = HTTPFakeBackend.recording(1)
        guard case .write(let text) = stream.handle(.recording(first)) else { Issue.record("no event"); return }
        #expect(text.hasPrefix("id: 1\nevent: recording\ndata: {"))
        #expect(text.hasSuffix("}\n\n") && text.components(separatedBy: "\n").count == 5)
        let data = try #require(text.split(separator: "\n").first { $0.hasPrefix("data: ") }?.dropFirst(6))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        #expect(json["row_id"] as? String == "20.3.r4" && json["sequence"] as? Int == 1 && json["value"] as? Int == 10)
        #expect(stream.handle(.recording(first)) == .none)
        #expect(stream.handle(.recording(HTTPFakeBackend.recording(2))) != .none)
        #expect(stream.handle(.recording(HTTPFakeBackend.recording(3))) != .none)
        // Only the last two are remembered: 1 has been forgotten, 3 has not.
        #expect(stream.handle(.recording(HTTPFakeBackend.recording(3))) == .none)
        #expect(stream.handle(.recording(first)) != .none)
    }

    @Test("Keep-alive comments; a replica's end, an error or the shutdown ends the stream, and nothing follows")
    func endings() {
        var stream = RecordingsEventStream()
        #expect(stream.handle(.tick) == .write(": keep-alive\n\n"))
        #expect(stream.handle(.upstreamEnded(nil)) == .finish(""))
        #expect(stream.handle(.recording(HTTPFakeBackend.recording(1))) == .none)
        #expect(stream.handle(.tick) == .none)

        var failed = RecordingsEventStream()
        guard case .finish(let text) = failed.handle(.upstreamEnded(RPCError(code: .resourceExhausted, message: "fell\nbehind"))) else {
            Issue.record("not finished")
            return
        }
        #expect(text.hasPrefix(": the watch ended: resourceExhausted fell behind") && text.hasSuffix("\n\n"))
        #expect(!text.dropLast(2).contains("\n"))

        var stopping = RecordingsEventStream()
        #expect(stopping.handle(.shutdown) == .finish(": the gateway is shutting down; reconnect to resume\n\n"))
        #expect(stopping.finished)
        #expect(RecordingsEventStream.opening(retryMilliseconds: 1500) == "retry: 1500\n\n")
    }

    @Test("Last-Event-ID: digits up to UInt64; empty is none; anything else is a 400 naming it")
    func resumePoint() throws {
        #expect(try RecordingsEventStream.resumePoint(nil, parameter: "Last-Event-ID") == nil)
        #expect(try RecordingsEventStream.resumePoint("", parameter: "Last-Event-ID") == nil)
        #expect(try RecordingsEventStream.resumePoint("42", parameter: "Last-Event-ID") == 42)
        #expect(try RecordingsEventStream.resumePoint("18446744073709551615", parameter: "x") == UInt64.max)
        for bad in ["-1", "4 2", "0x10", "18446744073709551616", "١٢", "abc"] {
            #expect(throws: HTTPProblem.badParameter("Last-Event-ID", "'Last-Event-ID' must be a recording sequence (digits), not '\(bad)'")) {
                try RecordingsEventStream.resumePoint(bad, parameter: "Last-Event-ID")
            }
        }
    }

    @Test("Opening: any accepting replica starts the stream; a refusal of the request wins; none accepting is UNAVAILABLE")
    func opening() throws {
        let unavailable = RPCError(code: .unavailable, message: "down")
        let notFound = RPCError(code: .notFound, message: "programme_id: the document has no 'p99'")
        #expect(try RecordingsEventStream.opening([nil, nil]).get() == 2)
        #expect(try RecordingsEventStream.opening([unavailable, nil]).get() == 1)
        #expect(throws: notFound) { try RecordingsEventStream.opening([nil, notFound]).get() }
        #expect(throws: unavailable) { try RecordingsEventStream.opening([unavailable, unavailable]).get() }
        #expect(throws: RPCError.self) { try RecordingsEventStream.opening([]).get() }
    }

    @Test("Streams are limited in all and per client; a slot given back can be taken again")
    func slots() {
        var limits = EventStreamLimits()
        limits.maxStreams = 3
        limits.maxStreamsPerClient = 2
        let slots = EventStreamSlots(limits: limits)
        #expect(slots.acquire("a") == nil && slots.acquire("a") == nil)
        #expect(slots.acquire("a") == "a has 2 event streams open already")
        #expect(slots.acquire("b") == nil)
        #expect(slots.acquire("c") == "the gateway has 3 event streams open already")
        slots.release("a")
        #expect(slots.count == 2)
        #expect(slots.acquire("c") == nil)
    }

    @Test("The route streams the watch as events, resumes after Last-Event-ID, and answers problems as every route does")
    func route() async throws {
        try await withHTTPFront { backend, front, client in
            let response = try await client.execute(
                uri: "/v1/recordings/stream?programme_id=p20", method: .get, headers: [.init("X-Request-Id")!: "watch-1"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8" && response.headers[.cacheControl] == "no-cache")
            // The fake sends each of its two recordings twice; each comes once, then the stream ends.
            #expect(response.text.hasPrefix("retry: 2000\n\n"))
            #expect(response.text.components(separatedBy: "event: recording").count == 3)
            #expect(response.text.contains("id: 1\n") && response.text.contains("id: 2\n"))
            let (message, metadata) = try #require(backend.last("WatchRecordings", as: WatchRecordingsRequest.self))
            #expect(message == WatchRecordingsRequest(programmeID: "p20"))
            #expect(Array(metadata[stringValues: "x-request-id"]) == ["watch-1"])

            let resumed = try await client.execute(
                uri: "/v1/recordings/stream", method: .get, headers: [.init("Last-Event-ID")!: "1"])
            #expect(!resumed.text.contains("id: 1\n") && resumed.text.contains("id: 2\n"))
            #expect(backend.last("WatchRecordings", as: WatchRecordingsRequest.self)?.message.afterSequence == 1)
            let byQuery = try await client.execute(uri: "/v1/recordings/stream?last_event_id=2", method: .get)
            #expect(byQuery.status == .ok && !byQuery.text.contains("event: recording"))

            let bad = try await client.execute(uri: "/v1/recordings/stream", method: .get, headers: [.init("Last-Event-ID")!: "x"])
            #expect(bad.status == .badRequest && bad.object["parameter"] as? String == "Last-Event-ID")
            let unknown = try await client.execute(uri: "/v1/recordings/stream?programme_id=fail-p99", method: .get)
            #expect(unknown.status == .notFound && unknown.headers[.contentType] == "application/problem+json")
            // Every stream gave its slot back.
            try await Task.sleep(for: .milliseconds(100))
            #expect(front.eventStreams.count == 0)
        }
    }

    @Test("Beyond the streams' limit the route answers 503 with Retry-After; reads needing the token need it here too")
    func limitsAndAccess() async throws {
        var limits = EventStreamLimits()
        limits.maxStreams = 1
        try await withHTTPFront(eventStreamLimits: limits) { _, front, client in
            #expect(front.eventStreams.acquire("local") == nil)
            let refused = try await client.execute(uri: "/v1/recordings/stream", method: .get)
            #expect(refused.status == .serviceUnavailable && refused.headers[.retryAfter] == "5")
            #expect((refused.object["detail"] as? String)?.contains("1 event streams open already") == true)
            front.eventStreams.release("local")
            #expect(try await client.execute(uri: "/v1/recordings/stream", method: .get).status == .ok)
        }
        try await withHTTPFront(readsNeedToken: true) { _, _, client in
            let anonymous = try await client.execute(uri: "/v1/recordings/stream", method: .get)
            #expect(anonymous.status == .unauthorized)
            let allowed = try await client.execute(
                uri: "/v1/recordings/stream", method: .get, headers: [.authorization: "Bearer http-test-token-0123456789"])
            #expect(allowed.status == .ok)
        }
    }
}
