import Foundation
import GRPCCore
import PlanMetrics
import PlanModel
import PlanWire
import Testing

/// The `plan-metrics` executable the build put beside the tests (`swift build --build-tests`).
let planMetricsExecutable = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/debug/plan-metrics")

/// A running `plan-metrics` process and the port it listens on.
struct MetricsProcess {
    let process: Process
    let port: Int

    /// Starts `plan-metrics --port 0 --database database` and waits for its listening line.
    static func start(database: String) throws -> MetricsProcess {
        let process = Process()
        process.executableURL = planMetricsExecutable
        process.arguments = ["--port", "0", "--database", database]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("plan-metrics listening on "),
            let port = text.split(separator: "\n")[0].split(separator: ":").last.flatMap({ Int($0) })
        else {
            process.terminate()
            throw RPCError(code: .unavailable, message: "plan-metrics did not start: \(text)")
        }
        return MetricsProcess(process: process, port: port)
    }

    /// Calls `body` with a client of this process.
    func withClient<T: Sendable>(_ body: (GRPCClient<PlanWireClientTransport>) async throws -> T) async throws -> T {
        let transport = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: port)])
        return try await withGRPCClient(transport: transport) { try await body($0) }
    }
}

/// Options with a deadline, so a call to a killed server fails instead of waiting.
let shortDeadline: CallOptions = {
    var options = CallOptions.defaults
    options.timeout = .seconds(5)
    return options
}()

@Suite("plan-metrics killed while recording", .enabled(if: FileManager.default.isExecutableFile(atPath: planMetricsExecutable.path)))
struct KillDuringRecordingTests {
    @Test("Every acknowledged recording survives SIGKILL mid-stream and a restart on the same database")
    func acknowledgedRecordingsSurviveSIGKILL() async throws {
        let database = try temporaryDatabase()
        let rows = factTable.facts.prefix(200).map(\.row.id)
        try #require(rows.count == 200)
        let first = try MetricsProcess.start(database: database)
        defer { if first.process.isRunning { first.process.terminate() } }
        let pid = first.process.processIdentifier
        var acknowledged: [(request: RecordActualRequest, recording: Recording)] = []
        try await first.withClient { client in
            for (index, row) in rows.enumerated() {
                if index == 120 {
                    // Killed while the next recordings are in flight.
                    Task.detached {
                        try? await Task.sleep(for: .milliseconds(2))
                        kill(pid, SIGKILL)
                    }
                }
                let request = RecordActualRequest(
                    rowID: row, year: 2019, value: .number(index), reportedBy: "kill test", requestID: "kill-\(index)")
                do {
                    let response = try await client.unary(
                        request: ClientRequest(message: request), descriptor: MetricsService.recordActual,
                        serializer: ProtobufSerializer<RecordActualRequest>(),
                        deserializer: ProtobufDeserializer<RecordActualResponse>(), options: shortDeadline
                    ) { try $0.message }
                    acknowledged.append((request, response.recording))
                } catch {
                    break
                }
            }
        }
        first.process.waitUntilExit()
        #expect(first.process.terminationReason == .uncaughtSignal)
        #expect(acknowledged.count >= 120)
        #expect(acknowledged.count < 200)

        let second = try MetricsProcess.start(database: database)
        defer { if second.process.isRunning { second.process.terminate() } }
        try await second.withClient { client in
            let streamed = try await client.serverStreaming(
                request: ClientRequest(message: StreamRowsRequest()), descriptor: MetricsService.streamRows,
                serializer: ProtobufSerializer<StreamRowsRequest>(),
                deserializer: ProtobufDeserializer<RowFigures>(), options: shortDeadline
            ) { response in
                var rows: [String: RowFigures] = [:]
                for try await row in response.messages { rows[row.row.id] = row }
                return rows
            }
            for (request, _) in acknowledged {
                #expect(streamed[request.rowID]?.actual2019 == request.value, "\(request.requestID) lost")
            }
            // Replaying an acknowledged request finds the very recording that was acknowledged.
            for (request, recording) in [acknowledged[0], acknowledged[acknowledged.count - 1]] {
                let replay = try await client.unary(
                    request: ClientRequest(message: request), descriptor: MetricsService.recordActual,
                    serializer: ProtobufSerializer<RecordActualRequest>(),
                    deserializer: ProtobufDeserializer<RecordActualResponse>(), options: shortDeadline
                ) { try $0.message }
                #expect(replay.replayed)
                #expect(replay.recording == recording)
            }
        }
        second.process.terminate()
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 0)
    }
}
