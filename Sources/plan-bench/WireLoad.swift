// The load both wire benchmark clients generate, shared by plan-bench and the HTTP/2 peer in
// Benchmarks/GRPCHTTP2Peer (which links this file: keep it free of ProgrammePlan's modules,
// GRPCCore and Foundation only).
import Foundation
import GRPCCore

/// Calls per second and latency percentiles of one benchmark row.
struct BenchmarkResult {
    var callsPerSecond: Double
    var p50: Double
    var p99: Double
}

/// Prints one row of a human-readable table of results.
func report(_ label: String, _ result: BenchmarkResult) {
    print(label.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: " %9.0f   %9.1f  %9.1f", result.callsPerSecond, result.p50, result.p99))
}

/// Prints one row in the form scripts/bench-wire.sh reads:
/// `row LABEL IN_FLIGHT CALLS_PER_SECOND P50_US P99_US` (LABEL without spaces).
func reportRow(_ label: String, inFlight: Int, _ result: BenchmarkResult) {
    emit("row \(label) \(inFlight) " + String(format: "%.0f %.1f %.1f", result.callsPerSecond, result.p50, result.p99))
}

/// Runs `warmUp` calls one at a time, then `calls` calls, `concurrency` at a time, timing each.
func drive(
    calls: Int, concurrency: Int, warmUp: Int = 200, _ call: @escaping @Sendable () async throws -> Void
) async throws -> BenchmarkResult {
    for _ in 0..<warmUp { try await call() }
    let start = ContinuousClock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for worker in 0..<concurrency {
            let share = calls / concurrency + (worker < calls % concurrency ? 1 : 0)
            group.addTask {
                var samples: [Double] = []
                samples.reserveCapacity(share)
                for _ in 0..<share {
                    let begin = ContinuousClock.now
                    try await call()
                    samples.append(microseconds(ContinuousClock.now - begin))
                }
                return samples
            }
        }
        var all: [Double] = []
        for try await samples in group { all += samples }
        return all.sorted()
    }
    let seconds = microseconds(ContinuousClock.now - start) / 1e6
    return BenchmarkResult(
        callsPerSecond: Double(calls) / seconds, p50: latencies[latencies.count / 2],
        p99: latencies[min(latencies.count - 1, latencies.count * 99 / 100)])
}

private func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

// MARK: - The echo service

/// Messages as their bytes, neither encoded nor decoded: the benchmarks measure the transport.
struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

/// `bench.Echo/Get`: a unary method answering every request with its own bytes.
struct EchoService: RegistrableRPCService {
    static let get = MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Get")
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(forMethod: Self.get, deserializer: RawBytes(), serializer: RawBytes()) { request, _ in
            let message = try await ServerRequest(stream: request).message
            return StreamingServerResponse(single: ServerResponse(message: message))
        }
    }
}

/// One echo call; fails unless the answer is the payload.
func echo<Transport: ClientTransport>(_ client: GRPCClient<Transport>, _ payload: [UInt8]) async throws {
    let echoed = try await client.unary(
        request: ClientRequest(message: payload), descriptor: EchoService.get, serializer: RawBytes(),
        deserializer: RawBytes(), options: .defaults) { try $0.message }
    guard echoed == payload else { throw WireLoadError("the echo differs from the request (\(echoed.count) bytes)") }
}

// MARK: - The client process

/// A wire benchmark client's command line:
/// `--port PORT [--host HOST] [--calls N] [--in-flight 1,16] [--payload FILE] [--label NAME]`.
struct WireClientOptions {
    var host = "127.0.0.1"
    var port = 0
    var calls = 20_000
    var inFlight = [1, 16]
    var payloadPath: String?
    var label = "client"

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let name = rest.popFirst() {
            guard let value = rest.popFirst() else { throw WireLoadError("\(name) needs a value") }
            switch name {
            case "--host": host = value
            case "--port": port = try Self.number(value, of: name, in: 1...65535)
            case "--calls": calls = try Self.number(value, of: name, in: 1...100_000_000)
            case "--in-flight":
                inFlight = try value.split(separator: ",").map { try Self.number(String($0), of: name, in: 1...10_000) }
            case "--payload": payloadPath = value
            case "--label": label = value
            default: throw WireLoadError("unknown option \(name)")
            }
        }
        guard port != 0 else { throw WireLoadError("--port is required") }
    }

    private static func number(_ text: String, of option: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw WireLoadError("\(option) must be a whole number in \(range.lowerBound)...\(range.upperBound), not \(text)")
        }
        return value
    }

    /// The payload each call sends: the file's bytes, or 2,721 bytes of a fixed pattern.
    func payload() throws -> [UInt8] {
        guard let payloadPath else { return (0..<2721).map { UInt8(truncatingIfNeeded: $0 &* 31) } }
        guard let data = FileManager.default.contents(atPath: payloadPath) else {
            throw WireLoadError("cannot read --payload \(payloadPath)")
        }
        let bytes = [UInt8](data)
        guard !bytes.isEmpty else { throw WireLoadError("--payload \(payloadPath) is empty") }
        return bytes
    }
}

/// Runs `calls` echo calls per in-flight count through a GRPCCore client over `transport`,
/// printing a `row` line for each.
func runEchoClient<Transport: ClientTransport>(transport: Transport, options: WireClientOptions) async throws {
    let payload = try options.payload()
    try await withGRPCClient(transport: transport) { client in
        for inFlight in options.inFlight {
            let result = try await drive(calls: options.calls, concurrency: inFlight, warmUp: 500) {
                try await echo(client, payload)
            }
            reportRow(options.label, inFlight: inFlight, result)
        }
    }
}

/// A benchmark process's announcement of the port its server listens on, the line
/// scripts/bench-wire.sh waits for.
func announceListening(host: String, port: Int) {
    emit("listening on \(host):\(port)")
}

/// Writes a line to standard output at once (unbuffered), for the script reading it.
private func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Whether this process should run Swift concurrency's jobs on NIO's event loops
/// (`PLAN_BENCH_NIO_EXECUTOR=1`), read before anything else runs.
var wantsNIOExecutor: Bool {
    ProcessInfo.processInfo.environment["PLAN_BENCH_NIO_EXECUTOR"] == "1"
}

/// A benchmark's own failure, with a message saying what went wrong.
struct WireLoadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
