import Foundation
import Testing

@testable import PlanGateway

@Suite("HTTP front: the request head guard, as a state machine")
struct HTTPHeadGuardTests {
    static let limits = HTTPHeadGuard.Limits(
        maxRequestLine: 40, maxHeaderField: 20, maxHeaderSection: 50, maxHeaderFields: 3, headTimeout: .seconds(1))

    func feed(_ machine: inout HTTPHeadGuard, _ text: String) -> HTTPHeadGuard.ReadAction {
        machine.received(Array(text.utf8))
    }

    @Test("A head within the limits passes: the timer starts at its first byte and stops at its end")
    func passes() {
        var machine = HTTPHeadGuard(limits: Self.limits)
        #expect(feed(&machine, "GET /v1/programmes HTTP/1.1\r\n") == .forwardAndStartTimer)
        #expect(feed(&machine, "Host: a\r\n") == .forward)
        #expect(feed(&machine, "\r\n") == .forwardAndStopTimer)
        // The body and answer follow: not a head.
        #expect(feed(&machine, String(repeating: "x", count: 500)) == .forward)
        #expect(machine.timerFired() == nil)
        machine.requestEnded()
        // Empty lines before the next request line are allowed.
        #expect(feed(&machine, "\r\nGET / HTTP/1.1\r\n\r\n") == .forwardAndStopTimer)
    }

    @Test("Over-long request line: 414; header line, section or count over: 431")
    func refusesSizes() {
        for (text, status) in [
            ("GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\n", 414),
            ("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 20) + "\r\n", 431),
            ("GET / HTTP/1.1\r\n" + String(repeating: "X: aaaaaaaaaaaaaa\r\n", count: 3) + "Y: 1\r\n", 431),
            ("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n", 431),
        ] {
            var machine = HTTPHeadGuard(limits: Self.limits)
            guard case .refuse(let refusal) = feed(&machine, text) else {
                Issue.record("not refused: \(text.prefix(40))")
                continue
            }
            #expect(refusal.status == status, "\(text.prefix(40))")
            // Nothing more is read after a refusal.
            guard case .refuse = feed(&machine, "GET / HTTP/1.1\r\n\r\n") else {
                Issue.record("read after a refusal")
                continue
            }
        }
    }

    @Test("A head trickling in byte by byte is refused 408 when the timer fires, whatever came")
    func trickle() {
        var machine = HTTPHeadGuard(limits: Self.limits)
        #expect(feed(&machine, "G") == .forwardAndStartTimer)
        for byte in "ET / HTTP/1.1\r\nX-A: 1\r\n" { #expect(feed(&machine, String(byte)) == .forward) }
        #expect(machine.timerFired()?.status == 408)
        // No head started: the timer does not refuse an idle connection (the idle timeout does).
        var idle = HTTPHeadGuard(limits: Self.limits)
        #expect(idle.timerFired() == nil)
    }

    @Test("The refusal is a problem document that says Connection: close")
    func refusalResponse() throws {
        let bytes = HTTPHeadGuardHandler.response(.init(status: 431, detail: "too big"), requestID: "rid-1")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        #expect(text.contains("Content-Type: application/problem+json\r\n"))
        #expect(text.contains("Connection: close\r\n") && text.contains("X-Request-Id: rid-1\r\n"))
        let body = try #require(text.components(separatedBy: "\r\n\r\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(object["status"] as? Int == 431 && object["detail"] as? String == "too big")
        #expect(text.contains("Content-Length: \(body.utf8.count)\r\n"))
    }
}
