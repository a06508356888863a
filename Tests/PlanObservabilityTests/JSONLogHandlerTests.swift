import Foundation
import Logging
import PlanServerRuntime
import PlanAPI
import Synchronization
import Testing

@Suite("JSONLogHandler: one JSON object a line")
struct JSONLogHandlerTests {
    /// The lines a handler wrote.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// A logger whose lines are kept.
    func capturing(level: Logger.Level = .info) -> (Logger, Lines) {
        let lines = Lines()
        var handler = JSONLogHandler(label: "plan-test") { line in lines.append(line) }
        handler.logLevel = level
        return (Logger(label: "plan-test", factory: { _ in handler }), lines)
    }

    func object(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("a line holds timestamp, level, label, message, source and all metadata")
    func fields() throws {
        let (base, lines) = capturing()
        var logger = base
        logger[metadataKey: "method"] = "plan.v1.Metrics/Aggregate"
        logger[metadataKey: "request-id"] = "r-1"
        logger.warning(
            "UNAVAILABLE", metadata: ["duration_us": "\(1234)", "message": "no \"replica\"\n\tleft", "nested": ["a": ["1", "2"]]])
        logger.debug("not logged")
        let all = lines.all
        #expect(all.count == 1)
        let object = try object(all[0])
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "plan-test")
        #expect(object["message"] as? String == "UNAVAILABLE")
        #expect(object["source"] as? String == "PlanObservabilityTests")
        let timestamp = try #require(object["timestamp"] as? String)
        #expect(try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(timestamp).timeIntervalSinceNow.magnitude < 60)
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["request-id"] as? String == "r-1")
        #expect(metadata["method"] as? String == "plan.v1.Metrics/Aggregate")
        #expect(metadata["duration_us"] as? String == "1234")
        #expect(metadata["message"] as? String == "no \"replica\"\n\tleft")
        #expect((metadata["nested"] as? [String: Any])?["a"] as? [String] == ["1", "2"])
    }

    @Test("control characters and non-ASCII text survive")
    func escaping() throws {
        let (logger, lines) = capturing()
        logger.info("文件数量 \u{1}\u{7F} \\ end", metadata: ["k\"ey": "v"])
        let object = try object(lines.all[0])
        #expect(object["message"] as? String == "文件数量 \u{1}\u{7F} \\ end")
        #expect((object["metadata"] as? [String: Any])?["k\"ey"] as? String == "v")
    }

    @Test("the metadata provider's metadata is included, the call's wins")
    func provider() throws {
        let lines = Lines()
        let provider = Logger.MetadataProvider { ["trace": "t-1", "request-id": "from-provider"] }
        let handler = JSONLogHandler(label: "x", metadataProvider: provider) { line in lines.append(line) }
        let logger = Logger(label: "x", factory: { _ in handler })
        logger.info("hello", metadata: ["request-id": "r-2"])
        let metadata = try #require(try object(lines.all[0])["metadata"] as? [String: Any])
        #expect(metadata["trace"] as? String == "t-1")
        #expect(metadata["request-id"] as? String == "r-2")
    }

    @Test("bootstrapLogging refuses an unknown format, naming it")
    func unknownFormat() {
        #expect(throws: ServiceRunnerError.self) { try ServiceRunner.bootstrapLogging(level: "info", format: "xml") }
    }
}
