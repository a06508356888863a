import GRPCCore
@testable import PlanGateway
import PlanWire
import PlanAPI
import Synchronization
import Testing

@Suite("Discovering replicas by name")
struct DiscoveryTests {
    @Test("A name with several addresses is one replica per address, and the replicas follow its records")
    func followsRecords() async throws {
        try await withFakeBackends(["a", "b"]) { _, endpoints, _ in
            let records = Mutex([endpoints[0]])
            let resolver = AddressResolver { name in
                #expect(name == Endpoint(host: "plan-metrics", port: 7002))
                return records.withLock { $0 }
            }
            var configuration = ResilienceConfiguration()
            configuration.discoveryInterval = .milliseconds(50)
            try await withPool(
                [Endpoint(host: "plan-metrics", port: 7002)], configuration: configuration, resolver: resolver
            ) { pool in
                for _ in 0..<4 {
                    let name = try await pool.call()
                    #expect(name == "a")
                }
                records.withLock { $0 = endpoints }
                // Both in rotation before counting: a replica still connecting (a loaded machine) is
                // passed over by the balancer, and the calls would all go to "a".
                try await waitUntil {
                    pool.endpoints.count == 2 && pool.replicas.allSatisfy(\.isConnected) && pool.availableCount == 2
                }
                var served: Set<String> = []
                for _ in 0..<6 { served.insert(try await pool.call()) }
                #expect(served == ["a", "b"])
                records.withLock { $0 = [endpoints[1]] }
                try await waitUntil { pool.endpoints == [endpoints[1]] }
                for _ in 0..<4 {
                    let name = try await pool.call()
                    #expect(name == "b")
                }
            }
        }
    }

    @Test("A name that stops resolving keeps the replicas it had; one that never resolved is UNAVAILABLE naming it")
    func resolutionFailures() async throws {
        try await withFakeBackends(["a"]) { _, endpoints, _ in
            let failing = Mutex(false)
            let resolver = AddressResolver { name in
                if failing.withLock({ $0 }) { throw AddressResolver.ResolutionError(host: name.host, reason: "no such host") }
                return endpoints
            }
            var configuration = ResilienceConfiguration()
            configuration.discoveryInterval = .milliseconds(50)
            try await withPool([Endpoint(host: "plan-metrics", port: 7002)], configuration: configuration, resolver: resolver) { pool in
                failing.withLock { $0 = true }
                try await Task.sleep(for: .milliseconds(200))
                let name = try await pool.call()
                #expect(name == "a")
            }
        }
        let nowhere = AddressResolver { name in throw AddressResolver.ResolutionError(host: name.host, reason: "no such host") }
        try await withPool([Endpoint(host: "nowhere", port: 1)], resolver: nowhere) { pool in
            let error = await #expect(throws: RPCError.self) { try await pool.call() }
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("nowhere") == true)
        }
    }

    @Test("The system resolver turns localhost into loopback addresses and an address into itself")
    func systemResolver() throws {
        let addresses = try AddressResolver.system.addresses(of: Endpoint(host: "localhost", port: 7002))
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { ["127.0.0.1", "::1"].contains($0.host) && $0.port == 7002 })
        #expect(try AddressResolver.system.addresses(of: Endpoint(host: "10.1.2.3", port: 9)) == [Endpoint(host: "10.1.2.3", port: 9)])
        #expect(throws: AddressResolver.ResolutionError.self) {
            try AddressResolver.system.addresses(of: Endpoint(host: "no-such-host.invalid", port: 1))
        }
    }
}
